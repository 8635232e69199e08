// `jiayi qr decode` run as a process, on images written for the test: codes
// we drew with ZXing's writer (PNG and JPEG), and an image with none.

#include <doctest/doctest.h>
#include <stb_image_write.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "drivers/qr/decoder.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace {

using jiayi::drivers::qr::encode_qr;
using jiayi::drivers::qr::GreyImage;

using jiayi::test::Run;

Run run_jiayi(const jiayi::test::TempDir& dir, const std::string& args) {
    return jiayi::test::run_jiayi_in(dir, args);
}

std::string write_png(const jiayi::test::TempDir& dir, const std::string& name,
                      const GreyImage& image) {
    const auto path = dir / name;
    stbi_write_png(path.c_str(), image.width, image.height, 1, image.pixels.data(), image.width);
    return path.string();
}

std::string write_jpeg(const jiayi::test::TempDir& dir, const std::string& name,
                       const GreyImage& image) {
    const auto path = dir / name;
    stbi_write_jpg(path.c_str(), image.width, image.height, 1, image.pixels.data(), 85);
    return path.string();
}

const std::string kCard = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:1";

}  // namespace

TEST_CASE("qr decode: a voucher in a PNG, its class and its text") {
    jiayi::test::TempDir dir;
    const auto file = write_png(dir, "voucher.png", encode_qr("jiayi:booking:b-0001", 300));
    const auto run = run_jiayi(dir, "qr decode " + file);
    CHECK(run.status == 0);
    CHECK(run.out == file + ": 1 code\n  booking  QRCode  jiayi:booking:b-0001\n");
}

TEST_CASE("qr decode: an e-health card from a JPEG is classified and shown masked") {
    jiayi::test::TempDir dir;
    const auto file = write_jpeg(dir, "card.jpg", encode_qr(kCard, 400));
    const auto run = run_jiayi(dir, "qr decode " + file);
    CHECK(run.status == 0);
    CHECK(run.out.find("e-health-card  QRCode  0123…ef:1") != std::string::npos);
    CHECK(run.out.find(kCard) == std::string::npos);
}

TEST_CASE("qr decode: a code we do not use is still printed, as not ours") {
    jiayi::test::TempDir dir;
    const auto file = write_png(dir, "other.png", encode_qr("https://example.invalid/x", 300));
    const auto run = run_jiayi(dir, "qr decode " + file);
    CHECK(run.status == 0);
    CHECK(run.out.find("not-ours  QRCode  https://example.invalid/x") != std::string::npos);
}

TEST_CASE("qr decode: an image without a code exits 1, also among others") {
    jiayi::test::TempDir dir;
    GreyImage blank;
    blank.width = 320;
    blank.height = 240;
    blank.pixels.assign(320 * 240, 230);
    const auto none = write_png(dir, "blank.png", blank);
    const auto code = write_png(dir, "code.png", encode_qr("jiayi:nurse:N7", 300));

    const auto alone = run_jiayi(dir, "qr decode " + none);
    CHECK(alone.status == 1);
    CHECK(alone.out == none + ": 0 codes\n");

    const auto both = run_jiayi(dir, "qr decode " + code + " " + none);
    CHECK(both.status == 1);
    CHECK(both.out.find(code + ": 1 code\n  nurse-badge  QRCode  jiayi:nurse:N7\n") == 0);
    CHECK(both.out.find(none + ": 0 codes") != std::string::npos);
}

TEST_CASE("qr decode: a file that is not an image, or not there, exits 2") {
    jiayi::test::TempDir dir;
    std::ofstream(dir / "notes.txt") << "not an image";
    const auto text = run_jiayi(dir, "qr decode " + (dir / "notes.txt").string());
    CHECK(text.status == 2);
    CHECK(text.err.find("notes.txt: not an image") != std::string::npos);
    const auto missing = run_jiayi(dir, "qr decode " + (dir / "missing.png").string());
    CHECK(missing.status == 2);
    CHECK(missing.err.find("cannot read") != std::string::npos);
    CHECK(run_jiayi(dir, "qr decode").status == 2);  // no image named
}
