// The camera's scan loop on the simulated camera (image files as frames):
// debounce, two codes in turn, the preview, the end of the frames as an
// unplug with reconnection, and a clean stop.

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "drivers/qr/file_camera.hpp"
#include "drivers/qr/scanner.hpp"
#include "support/scan_events.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi::drivers::qr;
using namespace std::chrono_literals;
using Kind = ScanEvent::Kind;

namespace {

// A 640×360 frame with `text` as a QR code (or none), written as PNG.
std::filesystem::path frame_file(const jiayi::test::TempDir& dir, const std::string& name,
                                 const std::string& text) {
    GreyImage frame;
    frame.width = 640;
    frame.height = 360;
    frame.pixels.assign(640 * 360, 210);
    if (!text.empty()) {
        const auto code = encode_qr(text, 200);
        REQUIRE(code.width == 200);
        for (int y = 0; y < 200; ++y) {
            std::copy_n(code.pixels.begin() + y * 200, 200,
                        frame.pixels.begin() + (80 + y) * 640 + 220);
        }
    }
    const auto path = dir / name;
    REQUIRE(stbi_write_png(path.c_str(), 640, 360, 1, frame.pixels.data(), 640) != 0);
    return path;
}

// A clock that moves `step` each time it is read (the scanner reads it once
// per frame), so frame n is seen at n × step.
Clock stepping(std::chrono::milliseconds step) {
    auto ticks = std::make_shared<std::atomic<int>>(0);
    return [ticks, step] {
        return std::chrono::steady_clock::time_point{} + step * ticks->fetch_add(1);
    };
}

ScannerOptions quick() {
    ScannerOptions o;
    o.debounce = 3s;
    o.reconnect = 1ms;
    o.frame_wait = 50ms;
    return o;
}

struct Files {
    jiayi::test::TempDir dir;
    std::filesystem::path a = frame_file(dir, "a.png", "jiayi:booking:b-1");
    std::filesystem::path b = frame_file(dir, "b.png", "jiayi:nurse:N2");
    std::filesystem::path none = frame_file(dir, "none.png", "");
};

// Plays `files` once through a scanner whose clock moves a second a frame,
// and returns the codes it reported before the frames ran out.
std::vector<std::string> scan_once(const std::vector<std::filesystem::path>& files) {
    jiayi::test::ScanEvents events;
    ScannerOptions options = quick();
    options.reconnect = 1h;  // no second pass
    Scanner scanner(
        file_camera(files, {0ms, 1}), options, [&](ScanEvent e) { events.post(std::move(e)); },
        stepping(1s));
    scanner.start();
    REQUIRE(events.wait_for(Kind::Lost));
    scanner.stop();
    return events.codes();
}

}  // namespace

TEST_CASE("a code in view is reported once, after the whole window away, again") {
    Files f;
    const std::string a = "jiayi:booking:b-1";
    // Frame n is seen at n seconds; the window is 3 s and restarts at each sighting.
    CHECK(scan_once({f.a, f.a, f.a, f.a, f.a}) == std::vector<std::string>{a});
    CHECK(scan_once({f.a, f.none, f.none, f.a}) == std::vector<std::string>{a, a});
    CHECK(scan_once({f.a, f.none, f.a}) == std::vector<std::string>{a});
    CHECK(scan_once({f.a, f.a, f.none, f.a}) == std::vector<std::string>{a});
    CHECK(scan_once({f.a, f.a, f.none, f.none, f.a}) == std::vector<std::string>{a, a});
}

TEST_CASE("two codes in turn are each reported once within the window") {
    Files f;
    CHECK(scan_once({f.a, f.b, f.a, f.b}) ==
          std::vector<std::string>{"jiayi:booking:b-1", "jiayi:nurse:N2"});
}

TEST_CASE("the preview is the latest frame, downscaled, handed out once per frame") {
    jiayi::test::TempDir dir;
    GreyImage halves;
    halves.width = 640;
    halves.height = 360;
    halves.pixels.resize(640 * 360);
    for (std::size_t i = 0; i < halves.pixels.size(); ++i) {
        halves.pixels[i] = i % 640 < 320 ? 0 : 255;
    }
    const auto path = dir / "halves.png";
    REQUIRE(stbi_write_png(path.c_str(), 640, 360, 1, halves.pixels.data(), 640) != 0);

    jiayi::test::ScanEvents events;
    ScannerOptions options = quick();
    options.reconnect = 1h;
    Scanner scanner(file_camera({path}, {0ms, 1}), options,
                    [&](ScanEvent e) { events.post(std::move(e)); });
    std::uint64_t seen = 0;
    GreyImage preview;
    CHECK_FALSE(scanner.preview(seen, preview));  // nothing yet
    scanner.start();
    REQUIRE(events.wait_for(Kind::Lost));  // the one frame was scanned, then the end
    REQUIRE(scanner.preview(seen, preview));
    CHECK(seen == 1);
    CHECK(preview.width == 160);
    CHECK(preview.height == 90);
    CHECK(preview.pixels[10 * 160 + 5] == 0);
    CHECK(preview.pixels[10 * 160 + 150] == 255);
    CHECK_FALSE(scanner.preview(seen, preview));  // no newer frame
    scanner.stop();
}

TEST_CASE("frames that run out are a camera gone: reported once, opened again, back") {
    Files f;
    jiayi::test::ScanEvents events;
    std::atomic<int> opens{0};
    auto one_pass = file_camera({f.a}, {0ms, 1});
    Scanner scanner(
        [&]() {
            ++opens;
            return one_pass();
        },
        quick(), [&](ScanEvent e) { events.post(std::move(e)); }, stepping(10s));
    scanner.start();
    REQUIRE(events.wait_for(Kind::Back, 2));
    scanner.stop();
    const auto all = events.all();
    REQUIRE(all.size() >= 6);
    // Code, Lost, Back, Code, Lost, Back: the code again after each reconnect
    // (the clock moved past the window), the loss once per loss.
    const Kind expected[] = {Kind::Code, Kind::Lost, Kind::Back,
                             Kind::Code, Kind::Lost, Kind::Back};
    for (std::size_t i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(all[i].kind == expected[i]);
    }
    CHECK(all[1].detail == "the simulated camera has no more frames");
    CHECK(all[1].text.empty());
    CHECK(all[2].detail == "simulated camera (1 image file)");
    CHECK(opens.load() >= 3);
}

TEST_CASE("a camera that cannot be opened is reported once and tried again") {
    jiayi::test::ScanEvents events;
    std::mutex m;
    std::condition_variable tried;
    int attempts = 0;
    Scanner scanner(
        [&]() -> jiayi::Result<std::unique_ptr<FrameSource>, IoError> {
            {
                std::lock_guard lock(m);
                ++attempts;
            }
            tried.notify_all();
            return jiayi::fail(IoError{IoError::Kind::Failed, "cannot open /dev/video9"});
        },
        quick(), [&](ScanEvent e) { events.post(std::move(e)); });
    scanner.start();
    {
        std::unique_lock lock(m);
        REQUIRE(tried.wait_for(lock, 10s, [&] { return attempts >= 3; }));
    }
    scanner.stop();
    CHECK(events.count(Kind::Lost) == 1);
    CHECK(events.all().front().detail == "cannot open /dev/video9");
}

TEST_CASE("stop joins while frames keep coming, and while waiting to reconnect") {
    Files f;
    {
        jiayi::test::ScanEvents events;
        Scanner scanner(file_camera({f.a, f.none}, {1ms, 0}), quick(),
                        [&](ScanEvent e) { events.post(std::move(e)); });
        scanner.start();
        REQUIRE(events.wait_for(Kind::Code));
        const auto before = std::chrono::steady_clock::now();
        scanner.stop();
        CHECK(std::chrono::steady_clock::now() - before < 2s);
        CHECK(scanner.frames() >= 1);
        CHECK(events.count(Kind::Lost) == 0);  // for ever: the frames never ran out
    }
    {
        jiayi::test::ScanEvents events;
        ScannerOptions options = quick();
        options.reconnect = 1h;
        Scanner scanner(file_camera({f.dir / "missing.png"}, {}), options,
                        [&](ScanEvent e) { events.post(std::move(e)); });
        scanner.start();
        REQUIRE(events.wait_for(Kind::Lost));
        const auto before = std::chrono::steady_clock::now();
        scanner.stop();  // wakes the hour-long wait
        CHECK(std::chrono::steady_clock::now() - before < 2s);
        CHECK(events.all().front().detail.find("missing.png") != std::string::npos);
    }
}

TEST_CASE("debounce: per code, the window restarting at each sighting") {
    Debounce d(3s);
    const auto t = [](int s) {
        return std::chrono::steady_clock::time_point{} + std::chrono::seconds(s);
    };
    CHECK(d.admit("a", t(0)));
    CHECK_FALSE(d.admit("a", t(2)));
    CHECK(d.admit("b", t(2)));
    CHECK_FALSE(d.admit("a", t(4)));  // seen at 2: 2 s ago
    CHECK_FALSE(d.admit("b", t(4)));
    CHECK(d.admit("a", t(7)));  // seen at 4: 3 s ago
    CHECK(d.admit("b", t(8)));
}

TEST_CASE("YUYV to grey takes the luma bytes, row by row past the padding") {
    // 4×2 pixels, rows of 12 bytes (8 used).
    const std::uint8_t yuyv[] = {10, 99, 20, 99, 30, 99, 40, 99, 7, 7, 7, 7,
                                 50, 99, 60, 99, 70, 99, 80, 99, 7, 7, 7, 7};
    GreyImage grey;
    yuyv_to_grey(yuyv, 4, 2, 12, grey);
    CHECK(grey.width == 4);
    CHECK(grey.height == 2);
    CHECK(grey.pixels == std::vector<std::uint8_t>{10, 20, 30, 40, 50, 60, 70, 80});
}

TEST_CASE("frame sizes from the configuration") {
    auto ok = parse_frame_size("1280x720");
    REQUIRE(ok.ok());
    CHECK(ok->width == 1280);
    CHECK(ok->height == 720);
    for (const char* bad :
         {"", "1280", "1280x", "x720", "1280x720p", "100x100", "8000x720", "-1280x720"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_frame_size(bad).ok());
    }
}

TEST_CASE("a V4L2 camera that is not there fails to open with the reason") {
    auto camera = V4l2Camera::open("/nonexistent/video0", {});
    REQUIRE_FALSE(camera.ok());
    CHECK(camera.error().message.find("cannot open /nonexistent/video0") == 0);
    auto not_video = V4l2Camera::open("/dev/null", {});
    REQUIRE_FALSE(not_video.ok());
    CHECK(not_video.error().message.find("not a V4L2 device") != std::string::npos);
}

// --- The camera's effort: the fast pass, and try-harder every Nth frame while
// nothing is read (CameraEffort). Passes are counted, not timed.

namespace {

// A 1280×720 frame, grey, with a `size`-pixel code of `text` at (600, 300),
// or none when `text` is empty. At 35 pixels the fast pass (every fifth row)
// misses the code and try-harder reads it (checked below, not assumed).
GreyImage camera_frame(const std::string& text, int size = 35) {
    GreyImage frame;
    frame.width = 1280;
    frame.height = 720;
    frame.pixels.assign(1280 * 720, 200);
    if (!text.empty()) {
        const auto code = encode_qr(text, size, 1);
        for (int y = 0; y < code.height; ++y) {
            std::copy_n(code.pixels.begin() + y * code.width, code.width,
                        frame.pixels.begin() + (300 + y) * 1280 + 600);
        }
    }
    return frame;
}

// How many codes each of the frames gave, read in turn by one decoder.
std::vector<std::size_t> found(FrameDecoder& decoder, const std::vector<GreyImage*>& frames) {
    std::vector<std::size_t> out;
    for (const auto* frame : frames) {
        out.push_back(decoder.read(frame->view()).size());
    }
    return out;
}

using Counts = std::vector<std::size_t>;

CameraEffort every(int harder_every) {
    CameraEffort effort;
    effort.harder_every = harder_every;
    return effort;
}

}  // namespace

TEST_CASE("camera: while nothing is read, every third frame gets try-harder instead") {
    auto small = camera_frame("jiayi:booking:b-7");
    REQUIRE(decode(small.view()).empty());  // fast misses it
    REQUIRE(decode(small.view(), DecodeOptions{.try_harder = true}).size() ==
            1);  // harder reads it

    FrameDecoder decoder;  // the defaults: every 3rd frame
    const std::vector<GreyImage*> six(6, &small);
    CHECK(found(decoder, six) == Counts{0, 0, 1, 0, 0, 1});
    CHECK(decoder.passes().fast == 4);
    CHECK(decoder.passes().harder == 2);

    auto blank = camera_frame("");
    FrameDecoder idle;
    const std::vector<GreyImage*> nine(9, &blank);
    CHECK(found(idle, nine) == Counts(9, 0));
    CHECK(idle.passes().fast == 6);  // a third of an idle camera's frames cost a try-harder pass
    CHECK(idle.passes().harder == 3);
}

TEST_CASE("camera: a code the fast pass reads starts the count again") {
    auto small = camera_frame("jiayi:booking:b-7");
    auto big = camera_frame("jiayi:booking:b-8", 200);
    auto blank = camera_frame("");
    FrameDecoder decoder;
    // blank: a miss; big: read by the fast pass, the count starts again;
    // blank, blank: misses 1 and 2; small: the third, try-harder, read;
    // blank, blank: misses 1 and 2; small: try-harder again, read. Without
    // the restart at `big`, the fourth frame would have been the harder one.
    CHECK(found(decoder, {&blank, &big, &blank, &blank, &small, &blank, &blank, &small}) ==
          Counts{0, 1, 0, 0, 1, 0, 0, 1});
    CHECK(decoder.passes().harder == 2);
    CHECK(decoder.passes().fast == 6);
}

TEST_CASE("camera: harder_every 0 never tries harder, 1 always does") {
    auto small = camera_frame("jiayi:booking:b-7");
    const std::vector<GreyImage*> four(4, &small);
    FrameDecoder never(every(0));
    CHECK(found(never, four) == Counts(4, 0));
    CHECK(never.passes().harder == 0);
    FrameDecoder always(every(1));
    CHECK(found(always, four) == Counts(4, 1));
    CHECK(always.passes().fast == 0);
    CHECK(always.passes().harder == 4);
}

TEST_CASE("the scanner reports a code only its try-harder frames read") {
    // A light code on dark ground: the fast pass never reads it; the scanner
    // is told to read every second frame with the negative too.
    jiayi::test::TempDir dir;
    GreyImage frame;
    frame.width = 640;
    frame.height = 360;
    frame.pixels.assign(640 * 360, 45);
    const auto code = encode_qr("jiayi:nurse:N9", 200);
    for (int y = 0; y < 200; ++y) {
        for (int x = 0; x < 200; ++x) {
            frame.pixels[static_cast<std::size_t>((80 + y) * 640 + 220 + x)] =
                static_cast<std::uint8_t>(255 - code.pixels[static_cast<std::size_t>(y * 200 + x)]);
        }
    }
    const auto path = dir / "dark.png";
    REQUIRE(stbi_write_png(path.c_str(), 640, 360, 1, frame.pixels.data(), 640) != 0);

    const auto scan = [&](int harder_every) {
        jiayi::test::ScanEvents events;
        ScannerOptions options = quick();
        options.reconnect = 1h;
        options.effort.harder = DecodeOptions{.try_invert = true};
        options.effort.harder_every = harder_every;
        Scanner scanner(
            file_camera({path, path}, {0ms, 1}), options,
            [&](ScanEvent e) { events.post(std::move(e)); }, stepping(1s));
        scanner.start();
        REQUIRE(events.wait_for(Kind::Lost));
        scanner.stop();
        return events.codes();
    };
    CHECK(scan(0) == std::vector<std::string>{});
    CHECK(scan(2) == std::vector<std::string>{"jiayi:nurse:N9"});
}
