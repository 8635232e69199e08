// Booking confirm → voucher on screen, against a real hub (issue 11,
// "Benchmarks": ≤ 500 ms p99 on loopback).
//
// The kiosk's real flow (kiosk/flow, driven as tests/kiosk/flow's booking
// tests drive it, over a real store) asks a real `jiayi-hub serve` on
// 127.0.0.1 (SQLite, WAL, synchronous=FULL) through kiosk/sync's HubBooking:
// its own thread, libcurl, the booking transaction. Each round, not timed:
// the resident's card, Book, hospital, department, day, time; timed: from
// the confirm tap until the flow's view is the voucher (the receipt with the
// booking's QR), the answers delivered as the frame loop delivers them
// (the event queue drained as soon as something is posted). Then the
// booking is cancelled through a second HubBooking (not timed), so the
// same resident books again under the open-booking limit; the hub's slot
// goes busy and free again, a new version each time.
//
// A doctest program (it reuses the flow's test fixture and the hub process
// of tests/support): `build/ci/bench/booking_bench`; JIAYI_BOOKINGS=n sets
// the number of rounds (default 200). The figures are printed; the program
// fails when p99 is over 500 ms.
//
// Its second case: card tap → status screen with the hub's flags online
// (issue 11: ≤ 300 ms p99 on loopback). The hub holds a township registry
// of JIAYI_FLAGGED residents (default 2 000) flagged registered-poor; the
// kiosk, told it is online, has never pulled that list. Timed: from the
// card until the flow's status view shows the population the hub's answer
// brought (the store's identification, the request on HubBooking's thread,
// the hub's search, the answer kept in the store and classified). Beside
// it, the same tap's status from the store alone (the offline path), for
// what the round trip adds.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "common/qr_payload.hpp"
#include "hub/store/imports.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/sync/booking.hpp"
#include "kiosk/sync/hub_client.hpp"
#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

Instant real_now() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

// The hub's endpoint with its token in a file under `dir`, the timeouts a
// resident at the screen gets.
sync::BookingSettings settings_for(const test::HubProcess& process, const TempDir& dir) {
    const auto credential = dir / "hub-token";
    std::ofstream(credential) << process.token() << "\n";
    sync::BookingSettings settings;
    settings.endpoint.base_url = process.base_url() + "/fhir";
    settings.endpoint.credential_file = credential;
    settings.endpoint.connect_timeout = std::chrono::seconds(3);
    settings.endpoint.transfer_timeout = std::chrono::seconds(8);
    return settings;
}

struct Bench : KioskFixture {
    flow::EventQueue answers;
    std::unique_ptr<sync::HubBooking> hub;

    // The flow asks the hub through its own HubBooking, on the kiosk's clock.
    void ask(const sync::BookingSettings& settings, Instant start) {
        now = start;
        hub = std::make_unique<sync::HubBooking>(settings, answers, [this] { return now; });
        hub->start();
        flow.set_hub(hub.get());
    }

    // Every answer posted so far to the flow; waits for one when the view waits.
    void settle() {
        for (;;) {
            auto events =
                answers.wait_and_drain(view().booking.waiting ? std::chrono::milliseconds(10000)
                                                              : std::chrono::milliseconds(0));
            if (events.empty()) {
                REQUIRE_FALSE(view().booking.waiting);
                return;
            }
            for (const auto& event : events) {
                flow::deliver(flow, event, now);
            }
        }
    }
};

}  // namespace

TEST_CASE("booking bench: confirm → voucher against a real hub on loopback") {
    const int rounds = std::getenv("JIAYI_BOOKINGS") != nullptr
                           ? std::max(1, std::atoi(std::getenv("JIAYI_BOOKINGS")))
                           : 200;
    const Instant now = real_now();
    test::HubProcess process(hub_faults::hub_options());
    {
        auto database = hub_faults::open_database(process.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-a")});
        // One department's week of pool slots from day 3 (past the
        // cancellation deadline), twenty a day.
        std::vector<hub::store::SlotRecord> rows;
        for (int i = 0; i < 140; ++i) {
            const Instant start{now.unix_seconds + 3 * 86400 + (i / 20) * 86400 + (i % 20) * 1800};
            rows.push_back({"bench-slot-" + std::to_string(i), "sch-bench", "测试门诊",
                            to_iso8601(start), to_iso8601(Instant{start.unix_seconds + 1800}), true,
                            "测试区中心医院", "心血管内科"});
        }
        REQUIRE(hub::store::import_slots(*database, hub::store::HubRules{}, rows, now).ok());
    }
    process.start();
    // The resident's contract on the hub (as the sync would have pushed it)
    // and on the kiosk (signed through the flow).
    const auto signing = hub_faults::signing(1, "team-a");
    hub_faults::Kiosk direct(process.port(), process.token());
    REQUIRE(direct.post(signing.bundle).status == 200);

    TempDir dir;
    const sync::BookingSettings settings = settings_for(process, dir);
    Bench k;
    k.ask(settings, now);
    flow::EventQueue cleanup_answers;
    sync::HubBooking cleanup(settings, cleanup_answers, real_now);
    cleanup.start();
    auto cleanup_answer = [&](std::uint64_t ticket) {
        auto events = cleanup_answers.wait_and_drain(std::chrono::seconds(20));
        REQUIRE(events.size() == 1);
        auto answer = std::get<flow::HubAnswer>(events[0]);
        REQUIRE(answer.ticket == ticket);
        REQUIRE_FALSE(answer.refusal);
        return answer;
    };
    const flow::CardData card{"测试甲", signing.number, "示例村1号"};
    k.card(card);
    sign_with(k, "team-a");
    const flow::HubResident resident{"bench", document_of(signing.number, kStoreToday)};

    std::vector<double> ms;
    std::uint64_t ticket = 0;
    for (int round = 0; round < rounds; ++round) {
        k.tap(IntentKind::Finish);
        k.card(card);
        REQUIRE(k.screen() == Screen::Status);
        k.tap(IntentKind::Book);
        k.settle();
        REQUIRE(k.screen() == Screen::BookHospital);
        k.tap(IntentKind::PickHospital, k.view().booking.options.at(0).id);
        k.tap(IntentKind::PickDepartment, k.view().booking.options.at(0).id);
        k.settle();
        REQUIRE(k.screen() == Screen::BookDay);
        k.tap(IntentKind::PickDay, k.view().booking.options.at(0).id);
        k.tap(IntentKind::PickTime, k.view().booking.options.at(0).id);
        REQUIRE(k.screen() == Screen::BookConfirm);

        const auto started = std::chrono::steady_clock::now();
        k.tap(IntentKind::Next);
        k.settle();
        const auto took = std::chrono::steady_clock::now() - started;
        REQUIRE(k.message() == "");
        REQUIRE(k.screen() == Screen::Receipt);
        ms.push_back(std::chrono::duration<double, std::milli>(took).count());

        const auto code = qr_payload::classify(k.view().receipt->qr);
        REQUIRE(code.kind == qr_payload::PayloadKind::Booking);
        cleanup.lookup(++ticket, code.id);
        const auto found = cleanup_answer(ticket);
        cleanup.cancel(++ticket, {found.bookings.at(0), resident});
        cleanup_answer(ticket);
    }
    k.hub->stop();
    cleanup.stop();

    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
    };
    std::printf(
        "booking_bench: %zu bookings, confirm → voucher: p50 %.1f ms, p90 %.1f ms, p99 "
        "%.1f ms, max %.1f ms (load %s)\n",
        ms.size(), at(0.5), at(0.9), at(0.99), ms.back(), load_average().c_str());
    CHECK(at(0.99) <= 500.0);
}

namespace {

int env_count(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::max(1, std::atoi(value)) : fallback;
}

double quantile(std::vector<double> ms, double q) {
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
}

}  // namespace

TEST_CASE("identify bench: card tap → status with the hub's flags, online, on loopback") {
    const int flagged = env_count("JIAYI_FLAGGED", 2000);
    const int rounds = std::min(flagged, env_count("JIAYI_TAPS", 300));
    const Instant now = real_now();
    test::HubProcess process(hub_faults::hub_options());
    std::vector<std::string> numbers;
    {
        auto database = hub_faults::open_database(process.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-a")});
        std::vector<hub::store::FlagRecord> rows;
        for (int n = 0; n < flagged; ++n) {
            numbers.push_back(hub_faults::signing(n, "team-a").number);
            rows.push_back({"", std::string(fhir::kResidentIdSystem), numbers.back(),
                            std::string(domain::code(domain::Population::RegisteredPoor)), true,
                            hub_faults::kTownship});
        }
        REQUIRE(hub::store::import_flags(*database, hub::store::HubRules{}, rows, now).ok());
    }
    process.start();

    TempDir dir;
    const sync::BookingSettings settings = settings_for(process, dir);
    Bench k;
    k.ask(settings, now);
    const std::string poor =
        "population." + std::string(domain::code(domain::Population::RegisteredPoor));
    auto shows_poor = [&k, &poor] {
        const auto& shown = k.view().person.populations;
        return std::find(shown.begin(), shown.end(), poor) != shown.end();
    };

    std::vector<double> local_ms;
    std::vector<double> online_ms;
    for (int round = 0; round < rounds; ++round) {
        const flow::CardData card{"测试甲", numbers[static_cast<std::size_t>(round)], "示例村1号"};
        // Offline: the status from the store alone.
        flow::SyncNews offline;
        offline.failure = "unreachable";
        k.flow.sync_news(offline, k.now);
        auto started = std::chrono::steady_clock::now();
        k.card(card);
        local_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
        REQUIRE(k.screen() == Screen::Status);
        REQUIRE_FALSE(shows_poor());
        k.tap(IntentKind::Finish);

        flow::SyncNews online;
        online.online = true;
        k.flow.sync_news(online, k.now);
        started = std::chrono::steady_clock::now();
        k.card(card);
        while (!shows_poor()) {
            auto events = k.answers.wait_and_drain(std::chrono::milliseconds(10000));
            REQUIRE_FALSE(events.empty());
            for (const auto& event : events) {
                flow::deliver(k.flow, event, k.now);
            }
        }
        online_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
        REQUIRE(k.screen() == Screen::Status);
        k.tap(IntentKind::Finish);
    }
    k.hub->stop();
    std::printf(
        "identify_bench: %d taps, %d flagged on the hub: card → status with the hub's flags: "
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; the store alone (offline): p50 %.1f ms, p99 "
        "%.1f ms (load %s)\n",
        rounds, flagged, quantile(online_ms, 0.5), quantile(online_ms, 0.9),
        quantile(online_ms, 0.99), quantile(local_ms, 0.5), quantile(local_ms, 0.99),
        load_average().c_str());
    CHECK(quantile(online_ms, 0.99) <= 300.0);
}
