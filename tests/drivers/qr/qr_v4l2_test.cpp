// The V4L2 camera source through its real code — open, QUERYCAP, S_FMT,
// REQBUFS, QUERYBUF, mmap, QBUF, STREAMON, poll, DQBUF — against a USB
// camera emulated by umockdev (tests/support/v4l2_fake.hpp; the binary runs
// under umockdev-wrapper). The frames are QR codes drawn by our ZXing
// writer, sent as YUYV or as JPEG, and read through the camera's own
// mappings of its buffers.

#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#include "drivers/qr/camera.hpp"
#include "drivers/qr/decoder.hpp"
#include "drivers/qr/scanner.hpp"
#include "support/scan_events.hpp"
#include "support/v4l2_fake.hpp"

using namespace jiayi::drivers::qr;
using namespace std::chrono_literals;
using jiayi::test::V4l2Fake;
using jiayi::test::V4l2FakeSpec;
using Kind = ScanEvent::Kind;

namespace {

bool preloaded() {
    const char* preload = std::getenv("LD_PRELOAD");
    return preload != nullptr && std::strstr(preload, "libumockdev-preload") != nullptr;
}

GreyImage code(const std::string& text) {
    GreyImage image = encode_qr(text, 240);
    REQUIRE(image.width == 240);
    return image;
}

ScannerOptions quick() {
    ScannerOptions o;
    o.reconnect = 20ms;
    o.frame_wait = 100ms;
    return o;
}

// A scanner on `device` whose events the test waits for.
struct Scanning {
    jiayi::test::ScanEvents events;
    Scanner scanner;
    Scanning(const std::string& device, FrameSize size)
        : scanner(v4l2_camera(device, size), quick(),
                  [this](ScanEvent e) { events.post(std::move(e)); }) {
        scanner.start();
    }
};

// The first frame a directly opened camera delivers (frames come every
// 20 ms; the deadline is for a loaded machine).
GreyImage first_frame(V4l2Camera& camera) {
    GreyImage frame;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto got = camera.next(frame, 200ms);
        if (got) {
            return frame;
        }
        REQUIRE_MESSAGE(got.error().kind == IoError::Kind::Timeout, got.error().message);
    }
    FAIL("no frame within 10 s");
    return frame;
}

}  // namespace

TEST_CASE("a YUYV camera's frames, memory-mapped, decode to the QR code's text") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    V4l2Fake camera(V4l2FakeSpec{});
    camera.show(code("jiayi:booking:B-17"));
    Scanning scanning("/dev/video0", {640, 480});
    REQUIRE(scanning.events.wait_for(Kind::Code));
    const auto first = scanning.events.all().front();
    CHECK(first.kind == Kind::Code);
    CHECK(first.text == "jiayi:booking:B-17");
    CHECK(first.format == "QRCode");
    const auto asked = camera.formats_asked();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].asked_format == V4L2_PIX_FMT_YUYV);
    CHECK(asked[0].granted_format == V4L2_PIX_FMT_YUYV);
    CHECK(camera.streamons() == 1);
    // Buffers go back to the camera: more frames than it has buffers.
    REQUIRE(camera.wait_frames(10));
    CHECK(camera.unknown_requests().empty());
    scanning.scanner.stop();
    CHECK(scanning.events.count(Kind::Lost) == 0);
    CHECK(scanning.events.codes().size() == 1);  // one code, debounced
}

TEST_CASE("a camera without YUYV is asked for it, then for MJPEG, and its JPEG frames decode") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    V4l2FakeSpec spec;
    spec.formats = {V4L2_PIX_FMT_MJPEG};
    V4l2Fake camera(spec);
    camera.show(code("jiayi:nurse:N-2"));
    {
        auto opened = V4l2Camera::open("/dev/video0", {640, 480});
        REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
        CHECK((*opened)->describe() == "/dev/video0 640x480 MJPG");
        const GreyImage frame = first_frame(**opened);
        CHECK(frame.width == 640);
        CHECK(frame.height == 480);
        const auto codes = decode(frame.view());
        REQUIRE(codes.size() == 1);
        CHECK(codes[0].text == "jiayi:nurse:N-2");
    }
    const auto asked = camera.formats_asked();
    REQUIRE(asked.size() == 2);
    CHECK(asked[0].asked_format == V4L2_PIX_FMT_YUYV);
    CHECK(asked[0].granted_format == V4L2_PIX_FMT_MJPEG);  // the camera's answer
    CHECK(asked[1].asked_format == V4L2_PIX_FMT_MJPEG);
    CHECK(asked[1].granted_format == V4L2_PIX_FMT_MJPEG);

    Scanning scanning("/dev/video0", {640, 480});
    REQUIRE(scanning.events.wait_for(Kind::Code));
    CHECK(scanning.events.codes() == std::vector<std::string>{"jiayi:nurse:N-2"});
}

TEST_CASE("the size S_FMT grants, and its line length, are used, not the size asked") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    V4l2FakeSpec spec;
    spec.sizes = {{800, 600}};
    spec.line_padding = 64;  // bytesperline 1664, not 2 × 800
    V4l2Fake camera(spec);
    camera.show(code("jiayi:contract:c-3"));
    {
        auto opened = V4l2Camera::open("/dev/video0", {1280, 720});
        REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
        CHECK((*opened)->describe() == "/dev/video0 800x600 YUYV");
        const GreyImage frame = first_frame(**opened);
        REQUIRE(frame.width == 800);
        REQUIRE(frame.height == 600);
        // The background reaches every edge: no padding byte (0x55) was
        // taken for a pixel, no row starts at the wrong place.
        int wrong = 0;
        for (int y = 0; y < 600; ++y) {
            wrong += frame.pixels[static_cast<std::size_t>(y * 800)] != 200 ? 1 : 0;
            wrong += frame.pixels[static_cast<std::size_t>(y * 800 + 799)] != 200 ? 1 : 0;
        }
        CHECK(wrong == 0);
        const auto codes = decode(frame.view());
        REQUIRE(codes.size() == 1);
        CHECK(codes[0].text == "jiayi:contract:c-3");
    }
    const auto asked = camera.formats_asked();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].asked_width == 1280);
    CHECK(asked[0].asked_height == 720);
    CHECK(asked[0].granted_width == 800);
    CHECK(asked[0].granted_height == 600);

    Scanning scanning("/dev/video0", {1280, 720});
    REQUIRE(scanning.events.wait_for(Kind::Code));
    CHECK(scanning.events.codes() == std::vector<std::string>{"jiayi:contract:c-3"});
}

TEST_CASE("a node that is not a video capture device is refused, and says why") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    SUBCASE("a UVC camera's metadata node") {
        V4l2FakeSpec spec;
        spec.number = 1;
        spec.capabilities = V4L2_CAP_META_CAPTURE | V4L2_CAP_STREAMING;
        V4l2Fake camera(spec);
        auto opened = V4l2Camera::open("/dev/video1", {1280, 720});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().kind == IoError::Kind::Failed);
        CHECK(opened.error().message ==
              "/dev/video1 (Fake UVC Camera): not a video capture device");
        CHECK(camera.formats_asked().empty());  // nothing was set on it

        Scanning scanning("/dev/video1", {1280, 720});
        REQUIRE(scanning.events.wait_for(Kind::Lost));
        CHECK(scanning.events.all().front().detail == opened.error().message);
    }
    SUBCASE("a capture device with read() only, no streaming I/O") {
        V4l2FakeSpec spec;
        spec.capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_READWRITE;
        V4l2Fake camera(spec);
        auto opened = V4l2Camera::open("/dev/video0", {1280, 720});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().message ==
              "/dev/video0 (Fake UVC Camera): a capture device without streaming I/O");
        CHECK(camera.formats_asked().empty());
    }
    SUBCASE("no device at all") {
        auto opened = V4l2Camera::open("/dev/video7", {1280, 720});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().message.find("cannot open /dev/video7") == 0);
    }
}

TEST_CASE(
    "a camera unplugged mid-stream is reported lost once, and plugged back it is read again") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    V4l2Fake camera(V4l2FakeSpec{});
    camera.show(code("jiayi:booking:b-1"));
    Scanning scanning("/dev/video0", {640, 480});
    REQUIRE(scanning.events.wait_for(Kind::Code));
    REQUIRE(camera.wait_streaming(1));

    camera.unplug();
    REQUIRE(scanning.events.wait_for(Kind::Lost));
    const std::string lost = scanning.events.all().back().detail;
    // The DQBUF waiting for a frame, or the QBUF giving one back.
    CHECK(lost.find("/dev/video0: VIDIOC_") == 0);
    CHECK(lost.find("No such device") != std::string::npos);

    // Another code while it is out, so that the one read after is new.
    camera.show(code("jiayi:booking:b-2"));
    const int before = camera.frames_sent();
    camera.plug();
    REQUIRE(scanning.events.wait_for(Kind::Back));
    CHECK(scanning.events.all().back().detail == "/dev/video0 640x480 YUYV");
    REQUIRE(scanning.events.wait_for(Kind::Code, 2));
    CHECK(scanning.events.codes() ==
          std::vector<std::string>{"jiayi:booking:b-1", "jiayi:booking:b-2"});
    CHECK(camera.frames_sent() > before);
    CHECK(camera.streamons() == 2);
    scanning.scanner.stop();
    // The reopening attempts while it was out were not reported again.
    CHECK(scanning.events.count(Kind::Lost) == 1);
    CHECK(scanning.events.count(Kind::Back) == 1);
}

TEST_CASE("a cut frame or an empty dequeue is a dropped frame, not a lost camera") {
    REQUIRE_MESSAGE(preloaded(), "run this test under umockdev-wrapper");
    for (std::uint32_t format : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_MJPEG}) {
        CAPTURE(format);
        V4l2FakeSpec spec;
        spec.formats = {format};
        V4l2Fake camera(spec);
        camera.show(code("jiayi:booking:b-9"));
        auto opened = V4l2Camera::open("/dev/video0", {640, 480});
        REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
        V4l2Camera& source = **opened;
        GreyImage frame;

        camera.starve_next(1);
        auto got = source.next(frame, 1s);
        REQUIRE_FALSE(got);
        CHECK(got.error().kind == IoError::Kind::Timeout);
        CHECK(got.error().message == "no frame");

        camera.cut_next(1);
        got = source.next(frame, 1s);
        REQUIRE_FALSE(got);
        CHECK(got.error().kind == IoError::Kind::Timeout);
        CHECK(got.error().message ==
              (format == V4L2_PIX_FMT_YUYV ? "a short frame" : "a damaged frame"));
        CHECK(camera.frames_sent() == 1);

        // And the next frame is read as ever.
        frame = first_frame(source);
        const auto codes = decode(frame.view());
        REQUIRE(codes.size() == 1);
        CHECK(codes[0].text == "jiayi:booking:b-9");
    }
}
