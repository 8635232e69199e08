// A card on the simulated reader, through the real serial driver, the event
// queue and the flow, to the resident's status; and what the resident is
// told when the reader fails.

#include <doctest/doctest.h>

#include <chrono>

#include "drivers/idcard/simulator.hpp"
#include "kiosk/devices/devices.hpp"
#include "support/cards.hpp"
#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using namespace std::chrono_literals;
using flow::Screen;

namespace {

// Drains the queue into the flow, as the frame loop does when it wakes,
// until `done` holds or five seconds pass.
template <typename Done>
bool drive(flow::EventQueue& queue, KioskFixture& k, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& e : queue.drain()) {
            k.advance(1);
            flow::deliver(k.flow, e, k.now);
        }
        if (done()) {
            return true;
        }
        std::this_thread::yield();
    }
    return false;
}

}  // namespace

TEST_CASE("a card on the reader shows the resident's status, a card moved too soon is told") {
    KioskFixture k;
    auto sim = drivers::idcard::SamSimulator::create(9600).value();
    k.config.devices.idcard_reader = sim->device();
    k.config.devices.idcard_baud = 0;  // found by probing
    flow::EventQueue queue;
    std::vector<std::string> log;
    std::mutex log_mutex;
    auto reader = devices::start_idcard_reader(k.config, queue, [&](const std::string& line) {
        std::lock_guard lock(log_mutex);
        log.push_back(line);
    });
    REQUIRE(reader != nullptr);

    const std::string number = make_id("500114", "19800301", "013");
    sim->fail_next_read();
    sim->place(resident_card(number));
    REQUIRE(drive(queue, k, [&] { return k.message() == "card-moved"; }));
    CHECK(k.screen() == Screen::Home);
    k.tap(flow::IntentKind::Dismiss);
    REQUIRE(drive(queue, k, [&] { return k.screen() == Screen::Status; }));
    CHECK(k.view().person.masked_name == "测*甲");
    CHECK(k.view().person.masked_id.substr(0, 4) == "5001");

    sim->set_silent(true);
    REQUIRE(drive(queue, k, [&] { return k.message() == "reader-offline"; }));
    sim->set_silent(false);
    REQUIRE(drive(queue, k, [&] { return !k.view().message.has_value(); }));
    reader->stop();
    std::lock_guard lock(log_mutex);
    REQUIRE_FALSE(log.empty());
    for (const auto& line : log) {
        CHECK(line.find(number) == std::string::npos);  // staff lines carry no card data
        CHECK(line.find("测试甲") == std::string::npos);
    }
}

TEST_CASE("a broken reader is one plain sentence, its return clears it") {
    KioskFixture k;
    k.flow.reader(flow::ReaderStatus::Broken, k.now);
    CHECK(k.message() == "reader-broken");
    k.flow.reader(flow::ReaderStatus::Back, k.now);
    CHECK(k.message() == "");
    // A card moved too soon during a journey keeps the journey.
    k.card(card_born("19800301", "013"));
    REQUIRE(k.screen() == Screen::Status);
    k.flow.reader(flow::ReaderStatus::CardMoved, k.now);
    CHECK(k.message() == "card-moved");
    k.tap(flow::IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
}
