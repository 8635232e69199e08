// The QR scanners' keys in the configuration and their way into the kiosk:
// defaults, values, a bad size refused with its line; a code becomes the
// flow's QrEvent, and the staff's line never carries its content.

#include <doctest/doctest.h>

#include "kiosk/config/config.hpp"
#include "kiosk/devices/devices.hpp"

using namespace jiayi;

TEST_CASE("qr keys: none by default, a camera of 1280x720 when named") {
    auto defaults = config::parse_config("", "kiosk.toml");
    REQUIRE(defaults.ok());
    CHECK(defaults->devices.qr_camera.empty());
    CHECK(defaults->devices.qr_camera_size.width == 1280);
    CHECK(defaults->devices.qr_camera_size.height == 720);
    CHECK(defaults->devices.qr_wedge.empty());

    auto named = config::parse_config(
        "[devices]\nqr_camera = \"/dev/video0\"\nqr_camera_size = \"640x480\"\n"
        "qr_wedge = \"/dev/input/event7\"\n",
        "kiosk.toml");
    REQUIRE(named.ok());
    CHECK(named->devices.qr_camera == "/dev/video0");
    CHECK(named->devices.qr_camera_size.width == 640);
    CHECK(named->devices.qr_camera_size.height == 480);
    CHECK(named->devices.qr_wedge == "/dev/input/event7");
}

TEST_CASE("qr keys: a size that is not one is refused with its line") {
    for (const char* bad : {"720p", "1280x", "100x100", "1280x720x3", "5000x720"}) {
        CAPTURE(bad);
        auto refused = config::parse_config(
            std::string("[devices]\nqr_camera = \"/dev/video0\"\nqr_camera_size = \"") + bad +
                "\"\n",
            "kiosk.toml");
        REQUIRE_FALSE(refused.ok());
        REQUIRE(refused.error().size() == 1);
        CHECK(refused.error()[0].line == 3);
        CHECK(refused.error()[0].message.find("WIDTHxHEIGHT") != std::string::npos);
    }
}

TEST_CASE("a scanned code reaches the flow whole, the log line says only its kind") {
    using drivers::qr::ScanEvent;
    const ScanEvent code{ScanEvent::Kind::Code, "jiayi:booking:b-42", "QRCode", {}};
    const auto event = devices::to_device_event(code);
    REQUIRE(std::holds_alternative<flow::QrEvent>(event));
    CHECK(std::get<flow::QrEvent>(event).code.kind == flow::CodeKind::Booking);
    CHECK(std::get<flow::QrEvent>(event).code.id == "b-42");
    CHECK(devices::log_line(code, "qr camera") == "qr camera: a code (booking)");

    const std::string card = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:1";
    const auto card_line =
        devices::log_line({ScanEvent::Kind::Code, card, "keyboard-wedge", {}}, "qr scanner");
    CHECK(card_line == "qr scanner: a code (e-health-card)");
    CHECK(card_line.find("0123") == std::string::npos);

    CHECK(devices::log_line(
              {ScanEvent::Kind::Lost, {}, {}, "cannot open /dev/video0: No such file"},
              "qr camera") == "qr camera: not available: cannot open /dev/video0: No such file");
}

TEST_CASE("no scanners configured: none started") {
    auto config = config::parse_config("", "kiosk.toml");
    REQUIRE(config.ok());
    flow::EventQueue queue;
    auto scanners = devices::start_qr_scanners(*config, queue, {});
    CHECK(scanners.camera == nullptr);
    CHECK(scanners.wedge == nullptr);
}

TEST_CASE("a configured camera that is not there is started, logs its absence once, and stops") {
    auto config =
        config::parse_config("[devices]\nqr_camera = \"/nonexistent/video7\"\n", "kiosk.toml");
    REQUIRE(config.ok());
    flow::EventQueue queue;
    std::mutex m;
    std::condition_variable logged;
    std::vector<std::string> lines;
    auto scanners = devices::start_qr_scanners(*config, queue, [&](const std::string& line) {
        {
            std::lock_guard lock(m);
            lines.push_back(line);
        }
        logged.notify_all();
    });
    REQUIRE(scanners.camera != nullptr);
    {
        std::unique_lock lock(m);
        REQUIRE(logged.wait_for(lock, std::chrono::seconds(10), [&] { return !lines.empty(); }));
        CHECK(lines[0].find("qr camera: not available: cannot open /nonexistent/video7") == 0);
    }
    scanners.camera->stop();
    CHECK(queue.drain().empty());  // no code, no flow event
}
