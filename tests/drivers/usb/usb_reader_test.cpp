// The ID card reader over USB, through the real read loop, USB transport,
// drivers/usb and libusb, against a fake USB reader (umockdev) whose answers
// come from the same VirtualSam as the pty simulator's: both pipe styles,
// probing, every injected error, and unplug → offline → plug → the next card
// is read by the same reader, never restarted.

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "drivers/idcard/usb_transport.hpp"
#include "kiosk/devices/devices.hpp"
#include "support/cards.hpp"
#include "support/people.hpp"
#include "support/reader_events.hpp"
#include "support/usb_sam.hpp"

using namespace jiayi::drivers::idcard;
using namespace std::chrono_literals;
using jiayi::test::UsbBytes;
using jiayi::test::UsbSamReader;
using Kind = ReaderEvent::Kind;
using Pipes = UsbSamReader::Pipes;

namespace {

using jiayi::test::resident_card;

std::string some_number() {
    return jiayi::test::make_id("500114", "19800301", "013");
}

// Waits until the reader has answered `more` further requests.
void let_pass(const VirtualSam& sam, int more) {
    const int target = sam.requests() + more;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (sam.requests() < target && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    REQUIRE(sam.requests() >= target);
}

struct UsbRig {
    UsbSamReader sam;
    jiayi::test::ReaderEvents events;
    std::atomic<int> connects{0};
    std::unique_ptr<CardReader> reader;  // last: stopped before the device goes

    explicit UsbRig(Pipes pipes) : sam(pipes) {}
    void start(UsbPipes pipes, const std::string& device = "usb") {
        ReaderOptions options;
        options.poll = 5ms;
        options.answer_timeout = 200ms;
        Connect connect = reader_at(device, 0, pipes);
        reader = std::make_unique<CardReader>(
            [this, connect] {
                ++connects;
                return connect();
            },
            options, [this](ReaderEvent e) { events.post(std::move(e)); });
        reader->start();
    }
    std::unique_ptr<UsbTransport> open(UsbPipes pipes) {
        auto device = jiayi::usb::BulkDevice::open(known_usb_readers().front());
        REQUIRE_MESSAGE(device.ok(), device.error().message);
        return std::make_unique<UsbTransport>(std::move(device).value(), pipes);
    }
};

}  // namespace

TEST_CASE("split pipes: a header to 02 and the rest to 06, the reply from 81 and 85") {
    UsbRig rig(Pipes::Split);
    rig.start(UsbPipes::Split);
    rig.sam.place(resident_card(some_number()));
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    CHECK(read->card->number == some_number());
    CHECK(read->card->name == "测试甲");
    // The status request went out in two pieces.
    const auto headers = rig.sam.usb().written(0x02);
    const auto bodies = rig.sam.usb().written(0x06);
    REQUIRE_FALSE(headers.empty());
    REQUIRE_FALSE(bodies.empty());
    CHECK(headers.front() == UsbBytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03});
    CHECK(bodies.front() == UsbBytes{0x11, 0xFF, 0xED});
    // Once while it stays, again after it left and came back.
    let_pass(rig.sam, 20);
    CHECK(rig.events.count(Kind::CardRead) == 0);
    rig.sam.remove();
    let_pass(rig.sam, 3);
    rig.sam.place(resident_card(some_number()));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
    CHECK(rig.sam.reads() == 2);
}

TEST_CASE("single pipe: whole frames on 02 and 81, nothing on 06") {
    UsbRig rig(Pipes::Single);
    rig.start(UsbPipes::Single, "usb:0400:c35a");
    rig.sam.place(resident_card(some_number()));
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    CHECK(read->card->number == some_number());
    CHECK(rig.sam.usb().written(0x02).front() == encode(kSamStatus));
    CHECK(rig.sam.usb().written(0x06).empty());
}

TEST_CASE("probing finds the pipe style each reader speaks, and leaves no stray answer") {
    for (Pipes firmware : {Pipes::Split, Pipes::Single}) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        auto transport = rig.open(UsbPipes::Probe);
        auto found = probe_pipes(*transport, 200ms);
        REQUIRE_MESSAGE(found.ok(), found.error().message);
        CHECK(*found == (firmware == Pipes::Split ? UsbPipes::Split : UsbPipes::Single));
        CHECK(transport->pipes() == *found);
        // The next exchange gets its own answer, not one left from a wrong guess.
        rig.sam.place(resident_card(some_number()));
        auto card = exchange(*transport, kFindCard, 200ms);
        REQUIRE(card.ok());
        CHECK(card->is(Sw3::CardFound));
        auto selected = exchange(*transport, kSelectCard, 200ms);
        REQUIRE(selected.ok());
        CHECK(selected->is(Sw3::Success));
    }
}

TEST_CASE("a reader configured to probe reads cards in either style") {
    for (Pipes firmware : {Pipes::Split, Pipes::Single}) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(UsbPipes::Probe);
        rig.sam.place(resident_card(some_number()));
        auto read = rig.events.wait(Kind::CardRead);
        REQUIRE(read.has_value());
        CHECK(read->card->number == some_number());
    }
}

TEST_CASE("nothing answers a probe: both styles are tried and the reason given") {
    UsbRig rig(Pipes::Split);
    rig.sam.set_silent(true);
    auto transport = rig.open(UsbPipes::Probe);
    auto found = probe_pipes(*transport, 50ms);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().kind == jiayi::IoError::Kind::Timeout);
    CHECK(found.error().message.find("either pipe style") != std::string::npos);
    // A header alone, then the whole frame on the same pipe.
    const auto sent = rig.sam.usb().written(0x02);
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].size() == 7);
    CHECK(sent[1] == encode(kSamStatus));
    CHECK(rig.sam.usb().written(0x06).size() == 1);
}

TEST_CASE("split configured for a single-pipe reader: it does not answer, and says so once") {
    UsbRig rig(Pipes::Single);
    rig.start(UsbPipes::Split);
    auto silent = rig.events.wait(Kind::NoAnswer);
    REQUIRE(silent.has_value());
    CHECK(rig.events.count(Kind::Answering) == 0);
}

// Each fault below runs against both pipe styles.
const Pipes kBothStyles[] = {Pipes::Split, Pipes::Single};

UsbPipes configured_for(Pipes firmware) {
    return firmware == Pipes::Split ? UsbPipes::Split : UsbPipes::Single;
}

TEST_CASE("over USB, garbage bytes and a damaged reply do not lose the card") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(configured_for(firmware));
        let_pass(rig.sam, 2);
        rig.sam.garbage_before_next_reply({0x00, 0xAA, 0x13, 0x96, 0xFF});
        let_pass(rig.sam, 1);
        rig.sam.corrupt_next_checksum();
        rig.sam.place(resident_card(some_number()));
        auto read = rig.events.wait(Kind::CardRead);
        REQUIRE(read.has_value());
        CHECK(read->card->number == some_number());
    }
}

TEST_CASE("over USB, a card moved away mid-read (SW3 41) is reported, and read when back") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(configured_for(firmware));
        rig.sam.fail_next_read();
        rig.sam.place(resident_card(some_number()));
        auto failed = rig.events.wait(Kind::ReadFailed);
        REQUIRE(failed.has_value());
        CHECK(failed->detail == "read-failed");
        CHECK(rig.events.wait(Kind::CardRead).has_value());
    }
}

TEST_CASE("over USB, a SAM that failed its self-test (60) is reported until it recovers") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.sam.set_sam_broken(true);
        rig.start(configured_for(firmware));
        auto broken = rig.events.wait(Kind::SamFailure);
        REQUIRE(broken.has_value());
        CHECK(broken->detail == "sam-self-test-failed");
        rig.sam.set_sam_broken(false);
        rig.sam.place(resident_card(some_number()));
        CHECK(rig.events.wait(Kind::CardRead).has_value());
    }
}

TEST_CASE("over USB, silence is reported once, and answering again when it ends") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(configured_for(firmware));
        let_pass(rig.sam, 2);
        rig.sam.set_silent(true);
        CHECK(rig.events.wait(Kind::NoAnswer).has_value());
        let_pass(rig.sam, 3);
        CHECK(rig.events.count(Kind::NoAnswer) == 0);
        rig.sam.set_silent(false);
        CHECK(rig.events.wait(Kind::Answering).has_value());
        rig.sam.place(resident_card(some_number()));
        CHECK(rig.events.wait(Kind::CardRead).has_value());
    }
}

TEST_CASE("an error on the wire mid-reply: the reader reconnects, drops the stale reply, reads") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(configured_for(firmware));
        let_pass(rig.sam, 2);
        // The reply stays in the device while the transfer fails.
        rig.sam.usb().fail_next(firmware == Pipes::Split ? 0x85 : 0x81, -EPROTO);
        auto lost = rig.events.wait(Kind::NoAnswer);
        REQUIRE(lost.has_value());
        CHECK(lost->detail.find("Input/Output Error") != std::string::npos);
        CHECK(rig.events.wait(Kind::Answering).has_value());
        rig.sam.place(resident_card(some_number()));
        CHECK(rig.events.wait(Kind::CardRead).has_value());
        CHECK(rig.connects >= 2);
    }
}

TEST_CASE("a stalled request pipe: the reader reconnects and reads") {
    for (Pipes firmware : kBothStyles) {
        CAPTURE(static_cast<int>(firmware));
        UsbRig rig(firmware);
        rig.start(configured_for(firmware));
        let_pass(rig.sam, 2);
        rig.sam.usb().fail_next(0x02, -EPIPE);
        auto lost = rig.events.wait(Kind::NoAnswer);
        REQUIRE(lost.has_value());
        CHECK(lost->detail.find("Pipe error") != std::string::npos);
        CHECK(rig.events.wait(Kind::Answering).has_value());
        rig.sam.place(resident_card(some_number()));
        CHECK(rig.events.wait(Kind::CardRead).has_value());
    }
}

TEST_CASE("unplugged: offline, and when plugged back in the next card is read without a restart") {
    UsbRig rig(Pipes::Split);
    rig.start(UsbPipes::Probe);
    rig.sam.place(resident_card(some_number()));
    REQUIRE(rig.events.wait(Kind::CardRead).has_value());
    rig.sam.remove();

    rig.sam.usb().unplug();
    auto offline = rig.events.wait(Kind::NoAnswer);
    REQUIRE(offline.has_value());
    CHECK(std::get<jiayi::flow::ReaderStatusEvent>(jiayi::devices::to_device_event(*offline))
              .status == jiayi::flow::ReaderStatus::Offline);
    // It keeps looking for the reader, and says so only once.
    const int looked = rig.connects.load();
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (rig.connects < looked + 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    CHECK(rig.connects >= looked + 3);
    CHECK(rig.events.count(Kind::NoAnswer) == 0);

    rig.sam.usb().plug();
    auto back = rig.events.wait(Kind::Answering);
    REQUIRE(back.has_value());
    CHECK(back->detail == "usb 0400:c35a on bus 1 address 3, split pipes");
    const std::string next = jiayi::test::make_id("500114", "19700101", "021");
    rig.sam.place(resident_card(next));
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    CHECK(read->card->number == next);
}

TEST_CASE("a reader not plugged in at start is reported, and read once it is plugged in") {
    UsbRig rig(Pipes::Split);
    rig.sam.usb().unplug();
    rig.start(UsbPipes::Split);
    auto missing = rig.events.wait(Kind::NoAnswer);
    REQUIRE(missing.has_value());
    CHECK(missing->detail.find("not attached") != std::string::npos);
    rig.sam.usb().plug();
    rig.sam.place(resident_card(some_number()));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
}
