// The printer over USB printer class, through the real libusb, against a
// printer-class device faked with umockdev (runs under umockdev-wrapper):
// the bytes it receives go through our renderer, which answers status.

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "drivers/printer/link.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/queue.hpp"
#include "drivers/printer/render.hpp"
#include "kiosk/printing/receipt_layout.hpp"
#include "support/printing.hpp"
#include "support/receipts.hpp"
#include "support/temp_dir.hpp"
#include "support/usb_fake.hpp"

namespace {

using namespace jiayi;
using namespace jiayi::drivers::printer;
using namespace std::chrono_literals;

std::shared_ptr<const image::Typeface> face() {
    return test::printer_face();
}

Profile gprinter() {
    return test::shipped_profile("gprinter-80");
}

Bytes receipt_bytes(const Profile& p) {
    return printing::layout_receipt(test::sample_receipts()[0], test::shipped_catalog(),
                                    text::Language::ZhCN, p, *face());
}

// A Gprinter on USB: interface class 7, bidirectional, OUT 0x01 and IN 0x82.
struct FakePrinter {
    test::UsbFake fake{[] {
        test::UsbFakeSpec spec;
        spec.vendor = 0x6868;
        spec.product = 0x0500;
        spec.interface_class = 7;
        spec.interface_subclass = 1;
        spec.interface_protocol = 2;
        spec.endpoints = {0x01, 0x82};
        spec.kernel_driver = "usblp";
        return spec;
    }()};
    std::mutex mutex;
    std::condition_variable changed;
    Paper paper = Paper::Ok;
    std::unique_ptr<Renderer> renderer;
    std::vector<Sheet> sheets;

    explicit FakePrinter(const Profile& p) {
        renderer = std::make_unique<Renderer>(p.dots, p.font, face(), [this](std::uint8_t n) {
            const bool out = paper == Paper::Out;
            switch (n) {
                case 1:
                    return std::optional<std::uint8_t>(out ? 0x1A : 0x12);
                case 2:
                    return std::optional<std::uint8_t>(out ? 0x32 : 0x12);
                case 4:
                    return std::optional<std::uint8_t>(out ? 0x72 : 0x12);
                case 0x72:
                    return std::optional<std::uint8_t>(out ? 0x0C : 0x00);
                default:
                    return std::optional<std::uint8_t>();
            }
        });
        fake.on_out([this](std::uint8_t ep, const test::UsbBytes& bytes) {
            REQUIRE(ep == 0x01);
            std::lock_guard lock(mutex);
            for (std::uint8_t reply : renderer->feed(bytes)) {
                fake.queue_in(0x82, {reply});
            }
            for (Sheet& s : renderer->take_cut()) {
                sheets.push_back(std::move(s));
            }
            changed.notify_all();
        });
    }
    bool wait_sheets(std::size_t n) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 5s, [&] { return sheets.size() >= n; });
    }
};

}  // namespace

TEST_CASE("USB printer class: found by its class, status asked, a receipt printed and confirmed") {
    const Profile p = gprinter();
    FakePrinter printer(p);
    auto link = open_link("usb", 1000ms);  // the first printer-class device
    REQUIRE_MESSAGE(link.ok(), link.error().message);
    CHECK((*link)->can_read());
    CHECK((*link)->describe().starts_with("printer usb 6868:0500"));
    CHECK(printer.fake.kernel_driver_detached());

    Printer device(std::move(link).value(), p, {300ms, 2000ms, 3000ms});
    auto status = device.status();
    REQUIRE_MESSAGE(status.ok(), status.error().message);
    CHECK(status.value().ready());
    const JobResult r = device.print(receipt_bytes(p));
    CHECK_MESSAGE(r.outcome == Outcome::Printed, r.detail);
    REQUIRE(printer.wait_sheets(1));
    std::lock_guard lock(printer.mutex);
    CHECK(printer.sheets[0].problems.empty());
    CHECK(printer.sheets[0].qr_codes == std::vector<std::string>{test::sample_receipts()[0].qr});
}

TEST_CASE("USB printer: a wrong address is a clear error, and so is a missing printer") {
    auto bad = open_link("usb:68680500", 100ms);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "USB printer \"68680500\" is not VVVV:PPPP in hex");
    auto none = open_link("usb", 100ms);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message == "no USB printer is plugged in");
}

TEST_CASE("USB printer: unplugged with a receipt waiting, plugged back in, the receipt prints") {
    const Profile p = gprinter();
    FakePrinter printer(p);
    std::mutex heard_mutex;
    std::condition_variable heard_changed;
    std::vector<QueueEvent::Kind> heard;
    auto wait_for = [&](QueueEvent::Kind kind) {
        std::unique_lock lock(heard_mutex);
        return heard_changed.wait_for(
            lock, 10s, [&] { return std::find(heard.begin(), heard.end(), kind) != heard.end(); });
    };
    printer.fake.unplug();
    PrintQueue queue(
        [&] {
            return open_printer("usb:6868:0500", p, {300ms, 2000ms, 3000ms});
        },
        [&](const QueueEvent& e) {
            std::lock_guard lock(heard_mutex);
            heard.push_back(e.kind);
            heard_changed.notify_all();
        },
        20ms);
    queue.add({"receipt-1", receipt_bytes(p), {}});
    REQUIRE(wait_for(QueueEvent::Kind::Disconnected));
    CHECK(queue.waiting() == 1);
    printer.fake.plug();
    REQUIRE(wait_for(QueueEvent::Kind::Printed));
    CHECK(queue.waiting() == 0);
    REQUIRE(printer.wait_sheets(1));
    std::lock_guard lock(heard_mutex);
    CHECK(heard == std::vector{QueueEvent::Kind::Disconnected, QueueEvent::Kind::Back,
                               QueueEvent::Kind::Printed});
}

TEST_CASE("jiayi devices lists the USB printer and asks the configured one how it is") {
    const Profile p = gprinter();
    FakePrinter printer(p);
    test::TempDir dir;
    const auto config = dir / "kiosk.toml";
    std::ofstream(config) << "[devices]\nprinter = \"usb:6868:0500\"\nidcard_reader = \""
                          << (dir / "no-such-reader").string() << "\"\n";
    const auto out = dir / "out.json";
    // The child inherits umockdev's preload and testbed, so it sees the fake too.
    const std::string command = std::string(JIAYI_BIN) + " --config " + config.string() +
                                " devices --json > " + out.string();
    const int raw = std::system(command.c_str());
    REQUIRE(WIFEXITED(raw));
    CHECK(WEXITSTATUS(raw) == 1);  // the reader is missing
    std::ifstream in(out);
    const auto listed = nlohmann::json::parse(in);
    REQUIRE(listed["usb"].size() == 1);
    CHECK(listed["usb"][0]["vid_pid"] == "6868:0500");
    CHECK(listed["usb"][0]["role"] == "printer");
    CHECK(listed["usb"][0]["model"] == "Gprinter");
    CHECK(listed["usb"][0]["interface_classes"] == nlohmann::json::array({7}));
    const auto& configured = listed["configured"];
    CHECK(configured[0]["role"] == "idcard-reader");
    CHECK(configured[0]["state"] == "missing");
    CHECK(configured[1]["role"] == "printer");
    CHECK(configured[1]["state"] == "ready");
    CHECK(configured[1]["detail"] == "gprinter-80: ready");
}
