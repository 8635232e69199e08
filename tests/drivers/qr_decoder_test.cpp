// The ZXing adapter on codes we draw ourselves: written with ZXing's writer,
// placed in a camera-sized frame, read back; and frames with nothing in them.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>

#include "drivers/qr/decoder.hpp"

using namespace jiayi::drivers::qr;

namespace {

// A 1280×720 grey frame with `code` pasted at (x, y).
GreyImage frame_with(const GreyImage& code, int x, int y, std::uint8_t background = 200) {
    GreyImage frame;
    frame.width = 1280;
    frame.height = 720;
    frame.pixels.assign(1280 * 720, background);
    for (int row = 0; row < code.height; ++row) {
        std::copy_n(code.pixels.begin() + row * code.width, code.width,
                    frame.pixels.begin() + (y + row) * 1280 + x);
    }
    return frame;
}

}  // namespace

TEST_CASE("a code drawn by ZXing's writer reads back, with its corners where it was put") {
    const auto code = encode_qr("jiayi:booking:b-0001", 240, 0);
    REQUIRE(code.width == 240);
    const auto frame = frame_with(code, 500, 300);
    const auto codes = decode(frame.view());
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "jiayi:booking:b-0001");
    CHECK(codes[0].format == "QRCode");
    // The corners lie on the code's outline, within a module (240 px / 25).
    const Corner expected[] = {{500, 300}, {740, 300}, {740, 540}, {500, 540}};
    for (std::size_t i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(std::abs(codes[0].corners[i].x - expected[i].x) <= 12);
        CHECK(std::abs(codes[0].corners[i].y - expected[i].y) <= 12);
    }
}

TEST_CASE("UTF-8 text and a row stride wider than the image") {
    const auto code = encode_qr("家医 jiayi:nurse:N1", 200);
    REQUIRE_FALSE(code.pixels.empty());
    // The same pixels inside rows of 256 bytes.
    std::vector<std::uint8_t> padded(256 * static_cast<std::size_t>(code.height), 17);
    for (int y = 0; y < code.height; ++y) {
        std::copy_n(code.pixels.begin() + y * code.width, code.width, padded.begin() + y * 256);
    }
    const auto codes = decode({padded.data(), code.width, code.height, 256});
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "家医 jiayi:nurse:N1");
}

TEST_CASE("two codes in one frame are both found") {
    auto frame = frame_with(encode_qr("jiayi:contract:c-1", 200), 100, 100);
    const auto second = encode_qr("jiayi:opt-out:o-2", 200);
    for (int row = 0; row < second.height; ++row) {
        std::copy_n(second.pixels.begin() + row * second.width, second.width,
                    frame.pixels.begin() + (300 + row) * 1280 + 900);
    }
    auto codes = decode(frame.view());
    REQUIRE(codes.size() == 2);
    std::sort(codes.begin(), codes.end(),
              [](const Code& a, const Code& b) { return a.text < b.text; });
    CHECK(codes[0].text == "jiayi:contract:c-1");
    CHECK(codes[1].text == "jiayi:opt-out:o-2");
}

TEST_CASE("frames without a code decode to nothing") {
    GreyImage blank;
    blank.width = 1280;
    blank.height = 720;
    blank.pixels.assign(1280 * 720, 128);
    CHECK(decode(blank.view()).empty());

    // Noise and stripes: plenty of edges, no finder patterns.
    std::mt19937 random(7);
    std::uniform_int_distribution<int> grey(0, 255);
    for (std::size_t i = 0; i < blank.pixels.size(); ++i) {
        const int x = static_cast<int>(i % 1280);
        blank.pixels[i] = (x / 9) % 2 ? static_cast<std::uint8_t>(grey(random)) : 255;
    }
    CHECK(decode(blank.view()).empty());

    CHECK(decode(GreyView{}).empty());  // no pixels at all
}

TEST_CASE("asking for every format still reads a QR code as a QR code") {
    const auto frame = frame_with(encode_qr("jiayi:booking:b-2", 160), 40, 40);
    DecodeOptions any;
    any.qr_only = false;
    const auto codes = decode(frame.view(), any);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].format == "QRCode");
}

TEST_CASE("a text too long for any QR code encodes to nothing") {
    CHECK(encode_qr(std::string(8000, 'x'), 400).pixels.empty());
}
