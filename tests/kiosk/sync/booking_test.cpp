// Booking against a real jiayi-hub on loopback (kiosk/sync/booking.hpp):
// the port's requests from this thread, answered by the class's own thread
// on a real event queue, with the hub's own import of a district's pool and
// its own rules (one booking per slot, the open-booking limit, the
// cancellation deadline). The hub's clock is the machine's: the slots are
// placed from now. test_sync_booking runs the hub on SQLite;
// test_sync_booking_pg (JIAYI_BOOKING_POSTGRES) the same cases on a fresh
// database of the binary's own PostgreSQL (tests/support/postgres.hpp).

#include <doctest/doctest.h>

#include <chrono>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include "hub/store/imports.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/sync/booking.hpp"
#include "sync_fixture.hpp"
#ifdef JIAYI_BOOKING_POSTGRES
#include "support/postgres.hpp"
#endif

using namespace jiayi;
using namespace jiayi::test;
using namespace jiayi::test::sync_tests;
using flow::HubRefusal;

namespace {

// Where the hub keeps its records: "" is a SQLite file in its folder.
std::string hub_database() {
#ifdef JIAYI_BOOKING_POSTGRES
    return fresh_postgres_database();
#else
    return "";
#endif
}

const std::string kCentral = "测试区中心医院";
const std::string kTcm = "测试区中医院";

Instant real_now() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

std::string at(Instant from, std::int64_t hours) {
    return to_iso8601(Instant{from.unix_seconds + hours * 3600});
}

// A district's pool, placed from now: cardiology's three slots (the soonest
// on day 3), ophthalmology's two, acupuncture's one (the "last slot"), an
// orthopaedics slot in two hours (too late to cancel once booked), and a
// general (non-pool) slot no kiosk lists.
std::vector<hub::store::SlotRecord> pool_rows(Instant now) {
    auto row = [&](std::string id, std::string schedule, std::int64_t hours, bool pool,
                   std::string hospital, std::string department) {
        hub::store::SlotRecord r{std::move(id),
                                 schedule,
                                 schedule,
                                 at(now, hours),
                                 at(now, hours + 1),
                                 pool,
                                 std::move(hospital),
                                 std::move(department)};
        // Cardiology's schedule names where to go, and its names in English.
        if (schedule == "sch-heart") {
            r.place = "门诊楼三楼";
            r.place_en = "Outpatient building, 3rd floor";
            r.hospital_en = "Test District Central Hospital";
            r.department_en = "Cardiology";
        }
        return r;
    };
    return {row("slot-heart-2", "sch-heart", 96, true, kCentral, "心血管内科"),
            row("slot-heart-1", "sch-heart", 72, true, kCentral, "心血管内科"),
            row("slot-heart-3", "sch-heart", 120, true, kCentral, "心血管内科"),
            row("slot-eye-1", "sch-eye", 80, true, kCentral, "眼科"),
            row("slot-eye-2", "sch-eye", 81, true, kCentral, "眼科"),
            row("slot-acu-1", "sch-acu", 75, true, kTcm, "针灸科"),
            row("slot-bone-soon", "sch-bone", 2, true, kCentral, "骨科"),
            row("slot-general", "sch-heart", 73, false, kCentral, "心血管内科")};
}

// A hub with team-a, the pool above, and residents 0…n-1 signed on it.
struct PoolHub {
    Instant now = real_now();
    test::HubProcess hub{hub_faults::hub_options(hub_database())};
    std::vector<std::string> numbers;

    explicit PoolHub(int signed_residents = 3) {
        auto database = hub_faults::open_database(hub.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-a")});
        auto imported =
            hub::store::import_slots(*database, hub::store::HubRules{}, pool_rows(now), now);
        REQUIRE(imported.ok());
        database.reset();
        hub.start();
        hub_faults::Kiosk kiosk(hub.port(), hub.token());
        for (int n = 0; n < signed_residents; ++n) {
            const auto signing = hub_faults::signing(n, "team-a");
            REQUIRE(kiosk.post(signing.bundle).status == 200);
            numbers.push_back(signing.number);
        }
    }

    // Made-up resident n (signed on the hub when n < signed_residents).
    static flow::HubResident resident(int n) {
        return {"kiosk-resident-" + std::to_string(n),
                document_of(hub_faults::signing(n, "team-a").number, kStoreToday)};
    }

    // The hub's answer to a read of `path` with the kiosk's token.
    int read_status(const std::string& path) const {
        return hub_faults::Kiosk(hub.port(), hub.token()).get(path).status;
    }

    std::string slot_status(const std::string& id) const {
        auto database = hub_faults::open_database(hub.database_url());
        const auto found =
            hub_faults::rows(*database, "SELECT status FROM slots WHERE id = '" + id + "'");
        REQUIRE(found.size() == 1);
        return found[0].text(0);
    }
};

// A kiosk's booking port on its own thread, its answers on its own queue.
struct BookingKiosk {
    flow::EventQueue answers;
    TempDir dir;
    std::filesystem::path credential = dir / "hub-token";
    std::mutex journal_mutex;
    std::vector<std::string> journal;           // what the class logs, from its thread
    std::unique_ptr<sync::HubBooking> booking;  // after the journal: stopped first
    std::uint64_t tickets = 0;

    bool logged(const std::string& part) {
        std::lock_guard lock(journal_mutex);
        return std::any_of(journal.begin(), journal.end(),
                           [&](const auto& line) { return line.find(part) != std::string::npos; });
    }

    // `ahead`: seconds this kiosk's clock is ahead of the machine's.
    BookingKiosk(const std::string& base_url, const std::string& token,
                 std::chrono::milliseconds timeout = std::chrono::seconds(8),
                 std::int64_t ahead = 0) {
        std::ofstream(credential) << token << "\n";
        sync::BookingSettings settings;
        settings.endpoint.base_url = base_url + "/fhir";
        settings.endpoint.credential_file = credential;
        settings.endpoint.connect_timeout = timeout;
        settings.endpoint.transfer_timeout = timeout;
        settings.retry_after = std::chrono::milliseconds(50);
        booking = std::make_unique<sync::HubBooking>(
            settings, answers, [ahead] { return Instant{real_now().unix_seconds + ahead}; },
            [this](const std::string& line) {
                std::lock_guard lock(journal_mutex);
                journal.push_back(line);
            });
        booking->start();
    }

    // The answer to `ticket` (every other answer is a failure here).
    flow::HubAnswer answer(std::uint64_t ticket) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            for (auto& event : answers.wait_and_drain(std::chrono::milliseconds(500))) {
                auto* got = std::get_if<flow::HubAnswer>(&event);
                REQUIRE(got != nullptr);
                REQUIRE(got->ticket == ticket);
                return *got;
            }
        }
        FAIL("no answer to ticket " << ticket);
        return {};
    }

    flow::HubAnswer pool() {
        booking->pool(++tickets);
        return answer(tickets);
    }
    flow::HubAnswer slots(const std::string& department) {
        booking->slots(++tickets, department);
        return answer(tickets);
    }
    flow::HubAnswer book(const flow::BookRequest& request) {
        booking->book(++tickets, request);
        return answer(tickets);
    }
    flow::HubAnswer cancel(const flow::PoolBooking& booked, const flow::HubResident& who) {
        booking->cancel(++tickets, {booked, who});
        return answer(tickets);
    }
    flow::HubAnswer bookings(const flow::HubResident& who) {
        booking->bookings(++tickets, who);
        return answer(tickets);
    }
    flow::HubAnswer lookup(const std::string& id) {
        booking->lookup(++tickets, id);
        return answer(tickets);
    }
    flow::HubAnswer flags(const flow::HubResident& who) {
        booking->flags(++tickets, who);
        return answer(tickets);
    }

    // The department's free slot `id`, as the kiosk lists it.
    flow::PoolSlot slot(const std::string& department, const std::string& id) {
        const auto listed = slots(department);
        REQUIRE_FALSE(listed.refusal);
        for (const auto& s : listed.slots) {
            if (s.id == id) {
                return s;
            }
        }
        FAIL("slot " << id << " is not listed free");
        return {};
    }
};

std::string department(const std::string& hospital, const std::string& name) {
    return hub::store::pool_department_id(hospital, name);
}

flow::BookRequest request(const flow::PoolSlot& slot, int resident, int n) {
    return {hub_faults::numbered_uuid("0b00c1e0-0000", resident * 100 + n),
            hub_faults::numbered_uuid("0b00c1e0-0001", resident * 100 + n), slot, "team-a",
            PoolHub::resident(resident)};
}

std::string refusal(const flow::HubAnswer& answer) {
    return answer.refusal ? std::string(flow::code(*answer.refusal)) : "none";
}

// The pool's departments by their Chinese names.
std::map<std::string, flow::PoolDepartment> departments_by_name(const flow::HubAnswer& answer) {
    std::map<std::string, flow::PoolDepartment> out;
    for (const auto& d : answer.departments) {
        out[d.name.zh] = d;
    }
    return out;
}

}  // namespace

TEST_CASE("hub booking: the pool lists the imported departments with their hospitals' names") {
    PoolHub hub;
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    const auto answer = kiosk.pool();
    REQUIRE(refusal(answer) == "none");
    auto by_name = departments_by_name(answer);
    REQUIRE(by_name.size() == 4);
    CHECK(by_name["心血管内科"].hospital.zh == kCentral);
    CHECK(by_name["心血管内科"].hospital_id == hub::store::pool_hospital_id(kCentral));
    CHECK(by_name["心血管内科"].free_slots == 3);  // the general slot is not the pool's
    CHECK(by_name["眼科"].free_slots == 2);
    CHECK(by_name["骨科"].free_slots == 1);
    CHECK(by_name["针灸科"].hospital.zh == kTcm);
    CHECK(by_name["针灸科"].id == department(kTcm, "针灸科"));
    CHECK(by_name["针灸科"].hospital_id != by_name["眼科"].hospital_id);
}

TEST_CASE("hub booking: a hub without the Schedule search: the pool counted from its free slots") {
    PoolHub hub;
    HubProxy older(hub.hub.base_url());
    older.refuse_get("/fhir/Schedule", 405);
    BookingKiosk kiosk(older.base_url(), hub.hub.token());
    const auto answer = kiosk.pool();
    REQUIRE(refusal(answer) == "none");
    auto by_name = departments_by_name(answer);
    REQUIRE(by_name.size() == 4);
    CHECK(by_name["心血管内科"].free_slots == 3);
    CHECK(by_name["眼科"].free_slots == 2);
    CHECK(by_name["骨科"].free_slots == 1);
    CHECK(by_name["针灸科"].free_slots == 1);
    // And a department's slots are found as before.
    const auto heart = kiosk.slots(by_name["心血管内科"].id);
    REQUIRE(refusal(heart) == "none");
    CHECK(heart.slots.size() == 3);
}

TEST_CASE("hub reads: a resident's active registry flags, none at all for another") {
    PoolHub hub;
    {
        auto database = hub_faults::open_database(hub.hub.database_url());
        const auto flag = [&](domain::Population population, bool active) {
            return hub::store::FlagRecord{"",
                                          std::string(fhir::kResidentIdSystem),
                                          hub.numbers.at(0),
                                          std::string(domain::code(population)),
                                          active,
                                          kTownship};
        };
        auto done =
            hub::store::import_flags(*database, hub::store::HubRules{},
                                     std::vector{flag(domain::Population::RegisteredPoor, true),
                                                 flag(domain::Population::Disabled, false)},
                                     hub_faults::kSetUp);
        REQUIRE(done.ok());
    }
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    const auto flagged = kiosk.flags(PoolHub::resident(0));
    REQUIRE(refusal(flagged) == "none");
    REQUIRE(flagged.flags.size() == 1);
    CHECK(flagged.flags[0].population == domain::Population::RegisteredPoor);
    const auto other = kiosk.flags(PoolHub::resident(1));
    REQUIRE(refusal(other) == "none");
    CHECK(other.flags.empty());
    // The resident's number is not in the journal.
    CHECK_FALSE(kiosk.logged(hub.numbers.at(0)));
}

TEST_CASE("hub reads: flags asked of a hub that is gone are answered offline") {
    std::string base_url;
    std::string token;
    {
        PoolHub hub(1);
        base_url = hub.hub.base_url();
        token = hub.hub.token();
    }
    BookingKiosk kiosk(base_url, token, std::chrono::milliseconds(500));
    CHECK(refusal(kiosk.flags(PoolHub::resident(0))) == "offline");
}

TEST_CASE(
    "hub booking: a department's free slots, the soonest first, with what the voucher needs") {
    PoolHub hub;
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    const auto answer = kiosk.slots(department(kCentral, "心血管内科"));
    REQUIRE(refusal(answer) == "none");
    std::vector<std::string> ids;
    for (const auto& s : answer.slots) {
        ids.push_back(s.id);
        CHECK(s.hospital.zh == kCentral);
        CHECK(s.department.zh == "心血管内科");
        CHECK(s.department.en == "Cardiology");
        CHECK(s.hospital.en == "Test District Central Hospital");
        CHECK(s.place.zh == "门诊楼三楼");
        CHECK(s.place.en == "Outpatient building, 3rd floor");
        CHECK(s.version == "1");
        CHECK(s.end.unix_seconds - s.start.unix_seconds == 3600);
    }
    CHECK(ids == std::vector<std::string>{"slot-heart-1", "slot-heart-2", "slot-heart-3"});
    // Once the pool is listed, the department's Schedules are known and
    // searched alone: the same slots.
    REQUIRE(refusal(kiosk.pool()) == "none");
    std::vector<std::string> again;
    for (const auto& s : kiosk.slots(department(kCentral, "心血管内科")).slots) {
        again.push_back(s.id);
    }
    CHECK(again == ids);
}

TEST_CASE(
    "hub booking: booked, listed in the resident's bookings, found by its id, cancelled: the slot "
    "is free again") {
    PoolHub hub;
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    const auto slot = kiosk.slot(department(kCentral, "眼科"), "slot-eye-1");
    const auto asked = request(slot, 0, 1);
    const auto booked = kiosk.book(asked);
    REQUIRE(refusal(booked) == "none");
    REQUIRE(booked.bookings.size() == 1);
    CHECK(booked.bookings[0].id == asked.booking_id);
    CHECK(booked.bookings[0].status == flow::BookingStatus::Booked);
    CHECK(hub.slot_status("slot-eye-1") == "busy");
    CHECK(hub.read_status("ServiceRequest/" + asked.referral_id) == 200);

    // The same request again (an Offline answer retried): the same booking.
    const auto again = kiosk.book(asked);
    CHECK(refusal(again) == "none");
    auto database = hub_faults::open_database(hub.hub.database_url());
    CHECK(hub_faults::count(*database, "SELECT count(*) FROM appointments") == 1);
    database.reset();

    const auto mine = kiosk.bookings(PoolHub::resident(0));
    REQUIRE(refusal(mine) == "none");
    REQUIRE(mine.bookings.size() == 1);
    CHECK(mine.bookings[0].id == asked.booking_id);
    CHECK(mine.bookings[0].team_id == "team-a");
    CHECK(mine.bookings[0].slot.department.zh == "眼科");
    CHECK(mine.bookings[0].slot.hospital.zh == kCentral);
    CHECK(mine.bookings[0].slot.start.unix_seconds == slot.start.unix_seconds);
    CHECK(kiosk.bookings(PoolHub::resident(1)).bookings.empty());

    const auto found = kiosk.lookup(asked.booking_id);
    REQUIRE(refusal(found) == "none");
    REQUIRE(found.bookings.size() == 1);
    CHECK(found.bookings[0].slot.id == "slot-eye-1");
    CHECK(found.bookings[0].status == flow::BookingStatus::Booked);

    // No longer offered; cancelled before the deadline, offered again.
    for (const auto& s : kiosk.slots(department(kCentral, "眼科")).slots) {
        CHECK(s.id != "slot-eye-1");
    }
    const auto cancelled = kiosk.cancel(booked.bookings[0], PoolHub::resident(0));
    REQUIRE(refusal(cancelled) == "none");
    REQUIRE(cancelled.bookings.size() == 1);
    CHECK(cancelled.bookings[0].status == flow::BookingStatus::Cancelled);
    CHECK(hub.slot_status("slot-eye-1") == "free");
    CHECK(kiosk.bookings(PoolHub::resident(0)).bookings.empty());
    CHECK(kiosk.lookup(asked.booking_id).bookings.at(0).status == flow::BookingStatus::Cancelled);
    const auto freed = kiosk.slot(department(kCentral, "眼科"), "slot-eye-1");
    CHECK(freed.version != slot.version);  // booked and freed: two versions later
}

TEST_CASE(
    "hub booking: a booking stored although its answer was lost, sent again after a restart — "
    "the same booking") {
    PoolHub hub;
    const std::string eye = department(kCentral, "眼科");
    flow::BookRequest asked;
    {
        BookingKiosk first(hub.hub.base_url(), hub.hub.token());
        asked = request(first.slot(eye, "slot-eye-2"), 0, 1);
        REQUIRE(refusal(first.book(asked)) == "none");
    }
    // The kiosk restarted a minute later: its referral's and booking's
    // times differ from the stored ones (the hub answers 409), and the
    // stored booking is this one.
    BookingKiosk restarted(hub.hub.base_url(), hub.hub.token(), std::chrono::seconds(8), 60);
    const auto again = restarted.book(asked);
    REQUIRE(refusal(again) == "none");
    CHECK(again.bookings.at(0).id == asked.booking_id);
    CHECK(again.bookings.at(0).status == flow::BookingStatus::Booked);
    CHECK(restarted.logged("HTTP 409"));  // the hub did refuse the resent bodies
    auto database = hub_faults::open_database(hub.hub.database_url());
    CHECK(hub_faults::count(*database, "SELECT count(*) FROM appointments") == 1);
    database.reset();
    // The same ids for another slot (never a kiosk's own doing) are not
    // that booking: answered offline, the slot left free.
    flow::BookRequest other = asked;
    other.slot = restarted.slot(eye, "slot-eye-1");
    CHECK(refusal(restarted.book(other)) == "offline");
    CHECK(hub.slot_status("slot-eye-1") == "free");
}

TEST_CASE("hub booking: the hub's refusals as the port names them") {
    PoolHub hub;
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    const std::string heart = department(kCentral, "心血管内科");

    SUBCASE("no contract on the hub: not-signed") {
        const auto stranger = request(kiosk.slot(heart, "slot-heart-1"), 7, 1);
        CHECK(refusal(kiosk.book(stranger)) == "not-signed");
        CHECK(hub.slot_status("slot-heart-1") == "free");
    }
    SUBCASE("a third open booking: booking-limit") {
        CHECK(refusal(kiosk.book(request(kiosk.slot(heart, "slot-heart-1"), 0, 1))) == "none");
        CHECK(refusal(kiosk.book(request(kiosk.slot(heart, "slot-heart-2"), 0, 2))) == "none");
        CHECK(refusal(kiosk.book(request(kiosk.slot(heart, "slot-heart-3"), 0, 3))) ==
              "booking-limit");
        CHECK(hub.slot_status("slot-heart-3") == "free");
    }
    SUBCASE("cancelling two hours before: past-deadline, still booked") {
        const auto booked =
            kiosk.book(request(kiosk.slot(department(kCentral, "骨科"), "slot-bone-soon"), 0, 1));
        REQUIRE(refusal(booked) == "none");
        CHECK(refusal(kiosk.cancel(booked.bookings.at(0), PoolHub::resident(0))) ==
              "past-deadline");
        CHECK(hub.slot_status("slot-bone-soon") == "busy");
    }
    SUBCASE("a voucher the hub does not know: not-found") {
        CHECK(refusal(kiosk.lookup("0b00c1e0-0000-4000-8000-999999999999")) == "not-found");
    }
    SUBCASE("a slot booked since it was listed: slot-taken") {
        const auto slot = kiosk.slot(heart, "slot-heart-1");
        CHECK(refusal(kiosk.book(request(slot, 0, 1))) == "none");
        CHECK(refusal(kiosk.book(request(slot, 1, 1))) == "slot-taken");
    }
}

TEST_CASE("hub booking: the hub stopped — every request is answered offline, at once") {
    PoolHub hub(0);
    const std::string base_url = hub.hub.base_url();
    (void)hub.hub.stop();
    BookingKiosk kiosk(base_url, hub.hub.token(), std::chrono::seconds(2));
    const auto started = std::chrono::steady_clock::now();
    CHECK(refusal(kiosk.pool()) == "offline");
    flow::PoolSlot slot;
    slot.id = "slot-heart-1";
    slot.version = "1";
    CHECK(refusal(kiosk.book(request(slot, 0, 1))) == "offline");
    CHECK(refusal(kiosk.lookup("0b00c1e0-0000-4000-8000-000000000001")) == "offline");
    // Refused connections, one quick retry each: far inside the 2 s timeout.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("hub booking: a hub that never answers — offline after the timeout, stop() at once") {
    ListeningSocket silent("");
    BookingKiosk kiosk(silent.base_url(), "token", std::chrono::milliseconds(300));
    CHECK(refusal(kiosk.pool()) == "offline");
    silent.wait_for_requests(2);
    CHECK(silent.requests() == 2);  // the request and its one retry
    // A request in flight when the kiosk stops is answered, not lost.
    kiosk.booking->pool(41);
    kiosk.booking->lookup(42, "0b00c1e0-0000-4000-8000-000000000001");
    silent.wait_for_requests(3);
    const auto started = std::chrono::steady_clock::now();
    kiosk.booking->stop();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(250));
    std::set<std::uint64_t> answered;
    for (auto& event : kiosk.answers.drain()) {
        const auto& got = std::get<flow::HubAnswer>(event);
        CHECK(refusal(got) == "offline");
        answered.insert(got.ticket);
    }
    CHECK(answered == std::set<std::uint64_t>{41, 42});
    kiosk.booking->pool(43);  // after stop(): answered at once
    CHECK(refusal(kiosk.answer(43)) == "offline");
}

TEST_CASE("hub booking: two kiosks book the last slot at once — one booked, the other slot-taken") {
    PoolHub hub;
    const std::string second = hub.hub.issue_token("hc-500114-02", kTownship);
    BookingKiosk a(hub.hub.base_url(), hub.hub.token());
    BookingKiosk b(hub.hub.base_url(), second);
    const std::string acupuncture = department(kTcm, "针灸科");
    const auto seen_a = a.slot(acupuncture, "slot-acu-1");
    const auto seen_b = b.slot(acupuncture, "slot-acu-1");
    // Both threads are released together and each kiosk's own thread sends.
    std::latch go(2);
    flow::HubAnswer answer_a, answer_b;
    std::thread ta([&] {
        go.arrive_and_wait();
        answer_a = a.book(request(seen_a, 0, 1));
    });
    std::thread tb([&] {
        go.arrive_and_wait();
        answer_b = b.book(request(seen_b, 1, 1));
    });
    ta.join();
    tb.join();
    const std::multiset<std::string> outcomes{refusal(answer_a), refusal(answer_b)};
    CHECK(outcomes == std::multiset<std::string>{"none", "slot-taken"});
    auto database = hub_faults::open_database(hub.hub.database_url());
    CHECK(hub_faults::count(*database,
                            "SELECT count(*) FROM appointments WHERE slot = "
                            "'slot-acu-1' AND status = 'booked'") == 1);
    CHECK(hub.slot_status("slot-acu-1") == "busy");
}

TEST_CASE("hub booking: answers carry their requests' tickets, in the order asked") {
    PoolHub hub;
    BookingKiosk kiosk(hub.hub.base_url(), hub.hub.token());
    kiosk.booking->pool(7);
    kiosk.booking->slots(9, department(kCentral, "眼科"));
    kiosk.booking->lookup(11, "0b00c1e0-0000-4000-8000-999999999999");
    std::vector<std::uint64_t> tickets;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (tickets.size() < 3 && std::chrono::steady_clock::now() < deadline) {
        for (auto& event : kiosk.answers.wait_and_drain(std::chrono::milliseconds(500))) {
            const auto& got = std::get<flow::HubAnswer>(event);
            tickets.push_back(got.ticket);
            if (got.ticket == 9) {
                CHECK(got.slots.size() == 2);
            }
            if (got.ticket == 11) {
                CHECK(refusal(got) == "not-found");
            }
        }
    }
    CHECK(tickets == std::vector<std::uint64_t>{7, 9, 11});
}
