// The real serial driver against the simulated reader on a pty pair: the
// read loop's events as cards come and go, and every injected fault.

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "drivers/idcard/reader.hpp"
#include "drivers/idcard/simulator.hpp"
#include "kiosk/devices/devices.hpp"
#include "support/cards.hpp"
#include "support/people.hpp"
#include "support/reader_events.hpp"

using namespace jiayi::drivers::idcard;
using namespace std::chrono_literals;
using Kind = ReaderEvent::Kind;

namespace {

using jiayi::test::resident_card;

using Events = jiayi::test::ReaderEvents;

// Waits until the simulator has answered `more` further requests.
void let_pass(const SamSimulator& sim, int more) {
    const int target = sim.requests() + more;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (sim.requests() < target && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    REQUIRE(sim.requests() >= target);
}

struct Rig {
    std::unique_ptr<SamSimulator> sim;
    Events events;
    std::unique_ptr<CardReader> reader;

    explicit Rig(int baud = 115200) {
        auto made = SamSimulator::create(baud);
        REQUIRE(made.ok());
        sim = std::move(made).value();
    }
    void start(int baud = 115200, bool keep_photo = false) {
        ReaderOptions options;
        options.keep_photo = keep_photo;
        options.poll = 5ms;
        options.answer_timeout = 200ms;
        reader = std::make_unique<CardReader>(serial_reader(sim->device(), baud), options,
                                              [this](ReaderEvent e) { events.post(std::move(e)); });
        reader->start();
    }
};

}  // namespace

TEST_CASE("a card is read once while it stays, and again after it leaves and returns") {
    Rig rig;
    rig.start();
    const std::string number = jiayi::test::make_id("500114", "19800301", "013");
    rig.sim->place(resident_card(number));
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    REQUIRE(read->card.has_value());
    CHECK(read->card->number == number);
    CHECK(read->card->name == "测试甲");
    let_pass(*rig.sim, 20);  // the card stays for twenty more polls
    CHECK(rig.events.count(Kind::CardRead) == 0);
    CHECK(rig.sim->reads() == 1);
    rig.sim->remove();
    let_pass(*rig.sim, 3);
    rig.sim->place(resident_card(number));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
    CHECK(rig.sim->reads() == 2);
}

TEST_CASE("the card's photo is dropped unless configured, and then kept raw") {
    const std::string number = jiayi::test::make_id("500114", "19800301", "013");
    for (const bool keep : {false, true}) {
        CAPTURE(keep);
        Rig rig;
        rig.start(115200, keep);
        rig.sim->place(resident_card(number));
        auto read = rig.events.wait(Kind::CardRead);
        REQUIRE(read.has_value());
        if (keep) {
            REQUIRE(read->photo.size() == 1024);  // the WLT blob as the reader sent it
            CHECK(read->photo[0] == 0x57);
            CHECK(read->photo[1] == 0x4C);
        } else {
            CHECK(read->photo.empty());
        }
    }
}

TEST_CASE("garbage bytes and a damaged reply do not lose the card") {
    Rig rig;
    rig.start();
    let_pass(*rig.sim, 2);
    rig.sim->garbage_before_next_reply({0x00, 0xAA, 0x13, 0x96, 0xFF});
    let_pass(*rig.sim, 1);
    rig.sim->corrupt_next_checksum();
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19700101", "021")));
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    CHECK(read->card->number == jiayi::test::make_id("500114", "19700101", "021"));
}

TEST_CASE("a card moved away mid-read is reported, and read when it is back") {
    Rig rig;
    rig.start();
    rig.sim->fail_next_read();
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19800301", "013")));
    auto failed = rig.events.wait(Kind::ReadFailed);
    REQUIRE(failed.has_value());
    CHECK(failed->detail == "read-failed");
    CHECK(rig.events.wait(Kind::CardRead).has_value());
}

TEST_CASE("a SAM that fails its self-test is reported, the loop waits for it to recover") {
    Rig rig;
    rig.sim->set_sam_broken(true);
    rig.start();
    auto broken = rig.events.wait(Kind::SamFailure);
    REQUIRE(broken.has_value());
    CHECK(broken->detail == "sam-self-test-failed");
    rig.sim->set_sam_broken(false);
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19800301", "013")));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
}

TEST_CASE("a reader that goes silent is reported once, and again when it answers") {
    Rig rig;
    rig.start();
    let_pass(*rig.sim, 2);
    rig.sim->set_silent(true);
    CHECK(rig.events.wait(Kind::NoAnswer).has_value());
    let_pass(*rig.sim, 3);
    CHECK(rig.events.count(Kind::NoAnswer) == 0);  // once, not at every poll
    rig.sim->set_silent(false);
    CHECK(rig.events.wait(Kind::Answering).has_value());
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19800301", "013")));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
}

TEST_CASE("the line speed is probed: a reader set to 9600 is found at 9600") {
    Rig rig(9600);
    auto serial = SerialTransport::open(rig.sim->device(), 115200);
    REQUIRE(serial.ok());
    auto baud = probe_baud(**serial, 100ms);
    REQUIRE(baud.ok());
    CHECK(*baud == 9600);
    CHECK((*serial)->baud() == 9600);
    auto status = exchange(**serial, kSamStatus, 200ms);
    REQUIRE(status.ok());
    CHECK(status->is(Sw3::Success));
}

TEST_CASE("no reader at all: every speed is tried and the reason given") {
    Rig rig;
    rig.sim->set_silent(true);
    auto serial = SerialTransport::open(rig.sim->device(), 115200);
    REQUIRE(serial.ok());
    auto baud = probe_baud(**serial, 30ms);
    REQUIRE_FALSE(baud.ok());
    CHECK(baud.error().kind == IoError::Kind::Timeout);
    CHECK(rig.sim->requests() == 5);
}

TEST_CASE("a reader on 9600, opened with a probe, reads a card") {
    Rig rig(9600);
    rig.start(0);
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19800301", "013")));
    CHECK(rig.events.wait(Kind::CardRead).has_value());
}

TEST_CASE("a device that is not there is reported, and tried again") {
    Events events;
    ReaderOptions options;
    options.poll = 5ms;
    int attempts = 0;
    std::mutex m;
    CardReader reader(
        [&]() -> jiayi::Result<std::unique_ptr<Transport>, IoError> {
            std::lock_guard lock(m);
            ++attempts;
            return jiayi::fail(IoError{IoError::Kind::Failed, "cannot open /dev/ttyUSB9"});
        },
        options, [&](ReaderEvent e) { events.post(std::move(e)); });
    reader.start();
    auto offline = events.wait(Kind::NoAnswer);
    REQUIRE(offline.has_value());
    CHECK(offline->detail == "cannot open /dev/ttyUSB9");
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    for (;;) {
        {
            std::lock_guard lock(m);
            if (attempts >= 3 || std::chrono::steady_clock::now() > deadline) {
                break;
            }
        }
        std::this_thread::yield();
    }
    reader.stop();
    CHECK(attempts >= 3);
    CHECK(events.count(Kind::NoAnswer) == 0);  // reported once
}

TEST_CASE("addresses added after the card was issued come with the card, the last is current") {
    Rig rig;
    rig.start();
    jiayi::test::TextBlock moved;  // the first 70 bytes of a block make one address
    moved.put(0, u"示例村2号");
    jiayi::test::TextBlock again;
    again.put(0, u"样板村3号");
    rig.sim->place(resident_card(jiayi::test::make_id("500114", "19800301", "013")),
                   {Bytes(moved.bytes.begin(), moved.bytes.begin() + 70),
                    Bytes(again.bytes.begin(), again.bytes.begin() + 70)});
    auto read = rig.events.wait(Kind::CardRead);
    REQUIRE(read.has_value());
    CHECK(read->card->appended_addresses == std::vector<std::string>{"示例村2号", "样板村3号"});
    CHECK(std::get<jiayi::flow::CardEvent>(jiayi::devices::to_device_event(*read)).card.address ==
          "样板村3号");
}
