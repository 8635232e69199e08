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

// --- Still images: full effort (kStillImage) against the camera's fast pass.

namespace {

// The image's negative: a light code on dark ground, as on a phone in dark mode.
GreyImage negative(GreyImage image) {
    for (auto& p : image.pixels) {
        p = static_cast<std::uint8_t>(255 - p);
    }
    return image;
}

// `text` with `k` pixels a module, every module crossed by a diagonal of
// specks of the other shade (k = 3: one pixel in three): a halftoned print.
GreyImage halftoned(const std::string& text, int k) {
    const auto modules = encode_qr(text, 1, 4);  // a pixel a module
    GreyImage image;
    image.width = modules.width * k;
    image.height = modules.height * k;
    image.pixels.resize(static_cast<std::size_t>(image.width * image.height));
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const bool dark =
                modules.pixels[static_cast<std::size_t>((y / k) * modules.width + x / k)] < 128;
            const bool speck = (x + y) % k == 0;
            image.pixels[static_cast<std::size_t>(y * image.width + x)] = dark != speck ? 30 : 220;
        }
    }
    return image;
}

}  // namespace

TEST_CASE("still image: small codes the fast pass walks past are read with try-harder") {
    // Codes 30 to 60 pixels wide in a camera-sized frame: the fast pass scans
    // every fifth row for finder patterns and misses some of them.
    int fast_missed = 0;
    for (int size = 30; size <= 60; size += 5) {
        CAPTURE(size);
        const auto frame = frame_with(encode_qr("jiayi:booking:b-0001", size, 1), 600, 300);
        const bool fast = !decode(frame.view()).empty();
        fast_missed += fast ? 0 : 1;
        const auto still = decode(frame.view(), kStillImage);
        REQUIRE(still.size() == 1);
        CHECK(still[0].text == "jiayi:booking:b-0001");
        // try-harder alone is what reads them.
        CHECK(decode(frame.view(), DecodeOptions{.try_harder = true}).size() == 1);
    }
    CHECK(fast_missed >= 2);  // else the case proves nothing: 35 and 45 px in ZXing 1.4
}

TEST_CASE("still image: a light code on dark ground is read through the negative") {
    const auto frame = negative(frame_with(encode_qr("jiayi:nurse:N7", 240), 500, 300));
    CHECK(decode(frame.view()).empty());                                     // the camera's pass
    CHECK(decode(frame.view(), DecodeOptions{.try_harder = true}).empty());  // ZXing 1.4's best
    const auto codes = decode(frame.view(), kStillImage);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "jiayi:nurse:N7");
    CHECK(decode(frame.view(), DecodeOptions{.try_invert = true}).size() == 1);
}

TEST_CASE("still image: a halftoned print is read from a smaller copy, corners in its own pixels") {
    const auto image = halftoned("jiayi:booking:b-0042", 3);
    REQUIRE(image.width == 99);  // 25 modules and 2 × 4 of quiet zone, 3 pixels each
    DecodeOptions no_rescale = kStillImage;
    no_rescale.try_rescale = false;
    CHECK(decode(image.view(), no_rescale).empty());
    const auto codes = decode(image.view(), kStillImage);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "jiayi:booking:b-0042");
    // Read at a third of the size; the corners are back in the image: the
    // code spans pixels 12 … 87 (modules 4 … 29, 3 pixels each).
    const Corner expected[] = {{12, 12}, {87, 12}, {87, 87}, {12, 87}};
    for (std::size_t i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(std::abs(codes[0].corners[i].x - expected[i].x) <= 3);
        CHECK(std::abs(codes[0].corners[i].y - expected[i].y) <= 3);
    }
}

TEST_CASE("still image: full effort finds nothing where there is nothing") {
    GreyImage noise;
    noise.width = 640;
    noise.height = 360;
    noise.pixels.resize(640 * 360);
    std::mt19937 random(11);
    std::uniform_int_distribution<int> grey(0, 255);
    for (auto& p : noise.pixels) {
        p = static_cast<std::uint8_t>(grey(random));
    }
    CHECK(decode(noise.view(), kStillImage).empty());
    GreyImage tiny;
    tiny.width = 30;
    tiny.height = 30;
    tiny.pixels.assign(900, 255);
    CHECK(decode(tiny.view(), kStillImage).empty());  // too small for a smaller copy
}
