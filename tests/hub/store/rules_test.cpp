// The signing rules as the hub holds them: one active contract, team
// capacity, renewals and switches, bookings.

#include <doctest/doctest.h>

#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;

TEST_CASE("one active contract per resident: a second new signing is already-signed") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-a");
        hub.team("team-b");
        hub.sign(1, "team-a");
        const auto second = hub.post(signing_bundle(resident(1), uuid(2), "team-b"));
        CHECK(second.status == 422);
        CHECK(code_of(second) == "already-signed");
        CHECK(hub.count("SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 1);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-b'") == 0);
    });
}

TEST_CASE("a closed team takes no new signing, finishing a contract gives its place back") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-closed", 10, true);
        hub.team("team-a", 1);
        const auto closed = hub.post(signing_bundle(resident(1), uuid(1), "team-closed"));
        CHECK(code_of(closed) == "team-closed");
        const std::string patient_id = hub.sign(2, "team-a");
        CHECK(code_of(hub.post(signing_bundle(resident(3), uuid(3), "team-a"))) == "team-full");
        // The resident ends the contract: the episode finished by a versioned update.
        const auto finished =
            hub.put("EpisodeOfCare/" + uuid(2),
                    episode(uuid(2), "Patient/" + patient_id, "team-a", "finished"), "W/\"1\"");
        CHECK(finished.status == 200);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 0);
        hub.sign(3, "team-a");
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 1);
    });
}

TEST_CASE(
    "a renewal inside the window finishes the previous contract in the same transaction, outside "
    "it is refused") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-a", 1);
        // A contract ending 2026-12-20 (window: 30 days before to 90 after).
        const std::string patient_id = [&] {
            json bundle = signing_bundle(resident(1), uuid(1), "team-a", "new", "2025-12-21");
            bundle["entry"][1]["resource"]["period"]["end"] = "2026-12-20";
            const auto answer = hub.post(bundle);
            REQUIRE_MESSAGE(answer.status == 200, answer.body.dump());
            const std::string location = answer.body["entry"][0]["response"]["location"];
            return location.substr(8, location.find('/', 8) - 8);
        }();
        const auto too_early = hub.put("EpisodeOfCare/" + uuid(2),
                                       episode(uuid(2), "Patient/" + patient_id, "team-a", "active",
                                               "renewal", "2026-10-01", "2027-09-30"));
        CHECK(code_of(too_early) == "outside-renewal-window");
        // The team is full (capacity 1) but a renewal hands its own place on.
        const auto renewed = hub.put("EpisodeOfCare/" + uuid(3),
                                     episode(uuid(3), "Patient/" + patient_id, "team-a", "active",
                                             "renewal", "2026-12-21", "2027-12-20"));
        REQUIRE_MESSAGE(renewed.status == 201, renewed.body.dump());
        CHECK(hub.count("SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 1);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 1);
        const auto previous = hub.get("EpisodeOfCare/" + uuid(1));
        CHECK(previous.body["status"] == "finished");
        CHECK(previous.etag == "W/\"2\"");
    });
}

TEST_CASE("a switch ends the old team's contract and takes a place in the new team") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-a");
        hub.team("team-b", 1);
        const std::string patient_id = hub.sign(1, "team-a");
        const auto switched = hub.put(
            "EpisodeOfCare/" + uuid(2),
            episode(uuid(2), "Patient/" + patient_id, "team-b", "active", "switch", "2026-12-01"));
        REQUIRE_MESSAGE(switched.status == 201, switched.body.dump());
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 0);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-b'") == 1);
        CHECK(hub.count("SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 1);
        // A switch to a full team leaves the old contract as it was.
        hub.team("team-c", 0);
        const auto full = hub.put(
            "EpisodeOfCare/" + uuid(3),
            episode(uuid(3), "Patient/" + patient_id, "team-c", "active", "switch", "2026-12-01"));
        CHECK(code_of(full) == "team-full");
        CHECK(hub.get("EpisodeOfCare/" + uuid(2)).body["status"] == "active");
    });
}

namespace {

json booking_bundle(const json& slot, const std::string& appointment_id,
                    const std::string& patient_id) {
    json busy = slot;
    busy.erase("meta");
    busy["status"] = "busy";
    const std::string version = slot["meta"]["versionId"];
    return {
        {"resourceType", "Bundle"},
        {"type", "transaction"},
        {"entry", json::array({
                      {{"resource", busy},
                       {"request",
                        {{"method", "PUT"},
                         {"url", "Slot/" + slot["id"].get<std::string>()},
                         {"ifMatch", "W/\"" + version + "\""}}}},
                      {{"resource", appointment(appointment_id, patient_id, slot["id"])},
                       {"request", {{"method", "PUT"}, {"url", "Appointment/" + appointment_id}}}},
                  })}};
}

}  // namespace

TEST_CASE(
    "a booking is the slot's versioned update and the Appointment: once per slot, signed "
    "residents, a limit, cancellation frees it") {
    for_each_backend([](hub::db::Database& database) {
        hub::store::HubRules rules;
        rules.booking.max_open_bookings = 2;
        Hub hub(database, rules);
        hub.team("team-a");
        hub.slots(4);
        // Not signed: no booking.
        const auto unsigned_patient = hub.put_patient(resident(9), patient(resident(9)));
        const std::string stranger = unsigned_patient.body["id"];
        const auto refused =
            hub.post(booking_bundle(hub.get("Slot/slot-0").body, uuid(1, 'a'), stranger));
        CHECK(code_of(refused) == "not-signed");
        CHECK(hub.get("Slot/slot-0").body["status"] == "free");

        const std::string p1 = hub.sign(1, "team-a");
        const std::string p2 = hub.sign(2, "team-a");
        const json slot0 = hub.get("Slot/slot-0").body;
        const auto booked = hub.post(booking_bundle(slot0, uuid(2, 'a'), p1));
        REQUIRE_MESSAGE(booked.status == 200, booked.body.dump());
        CHECK(hub.get("Slot/slot-0").body["status"] == "busy");
        // The same Bundle again (a kiosk that lost the answer): answered as the
        // first time, nothing more counted.
        const auto again = hub.post(booking_bundle(slot0, uuid(2, 'a'), p1));
        REQUIRE_MESSAGE(again.status == 200, again.body.dump());
        CHECK(again.body == booked.body);
        CHECK(hub.count("SELECT open_bookings FROM patients WHERE id = '" + p1 + "'") == 1);
        // A slot the hub does not hold: refused, the resident's count untouched.
        const auto nowhere =
            hub.put("Appointment/" + uuid(8, 'a'), appointment(uuid(8, 'a'), p2, "slot-nowhere"));
        CHECK(nowhere.status == 422);
        CHECK(code_of(nowhere) == "invalid");
        CHECK(hub.count("SELECT open_bookings FROM patients WHERE id = '" + p2 + "'") == 0);
        // The second kiosk read the same version: stale.
        const auto taken = hub.post(booking_bundle(slot0, uuid(3, 'a'), p2));
        CHECK(taken.status == 412);
        CHECK(code_of(taken) == "slot-taken");
        // An Appointment alone on a booked slot is refused by the index.
        const auto alone =
            hub.put("Appointment/" + uuid(4, 'a'), appointment(uuid(4, 'a'), p2, "slot-0"));
        CHECK(code_of(alone) == "slot-taken");

        REQUIRE(hub.post(booking_bundle(hub.get("Slot/slot-1").body, uuid(5, 'a'), p1)).status ==
                200);
        const auto limit = hub.post(booking_bundle(hub.get("Slot/slot-2").body, uuid(6, 'a'), p1));
        CHECK(code_of(limit) == "booking-limit");
        CHECK(hub.count("SELECT open_bookings FROM patients WHERE id = '" + p1 + "'") == 2);

        // Cancelling (a versioned update of the Appointment) frees the slot and the resident's
        // count.
        const auto cancelled =
            hub.put("Appointment/" + uuid(2, 'a'),
                    appointment(uuid(2, 'a'), p1, "slot-0", "cancelled"), "W/\"1\"");
        REQUIRE_MESSAGE(cancelled.status == 200, cancelled.body.dump());
        CHECK(hub.get("Slot/slot-0").body["status"] == "free");
        CHECK(hub.count("SELECT open_bookings FROM patients WHERE id = '" + p1 + "'") == 1);
        // The freed slot is booked again at its new version.
        const auto rebooked =
            hub.post(booking_bundle(hub.get("Slot/slot-0").body, uuid(7, 'a'), p2));
        CHECK(rebooked.status == 200);
        CHECK(hub.count("SELECT COUNT(*) FROM appointments WHERE status = 'booked'") == 2);
        CHECK(
            hub.count(
                "SELECT COUNT(*) FROM appointments WHERE slot = 'slot-0' AND status = 'booked'") ==
            1);
    });
}

TEST_CASE("imports are idempotent, keep the hub's count, and refuse a capacity below it whole") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const std::vector<hub::store::TeamRecord> teams = {
            {"team-a", "A", "hc-1", kKiosk.township, 2, false},
            {"team-b", "B", "hc-1", kKiosk.township, 5, false}};
        auto first = hub::store::import_teams(database, hub::store::HubRules{}, teams, kNow);
        REQUIRE(first.ok());
        CHECK(first.value().created == 2);
        auto again = hub::store::import_teams(database, hub::store::HubRules{}, teams, kNow);
        REQUIRE(again.ok());
        CHECK(again.value().unchanged == 2);
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE type = 'Organization'") == 2);
        hub.sign(1, "team-a");
        hub.sign(2, "team-a");
        // Closing team-a and shrinking team-b to 0 changes both, keeps the count.
        auto changed = hub::store::import_teams(
            database, hub::store::HubRules{},
            std::vector<hub::store::TeamRecord>{{"team-a", "A", "hc-1", kKiosk.township, 2, true}},
            kNow);
        REQUIRE(changed.ok());
        CHECK(changed.value().changed == 1);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 2);
        // A file whose second row would put team-a under its count is refused whole.
        auto refused = hub::store::import_teams(
            database, hub::store::HubRules{},
            std::vector<hub::store::TeamRecord>{{"team-b", "B2", "hc-1", kKiosk.township, 9, false},
                                                {"team-a", "A", "hc-1", kKiosk.township, 1, true}},
            kNow);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().expression == "row 2");
        CHECK(hub.count("SELECT capacity FROM teams WHERE id = 'team-b'") == 5);

        const std::vector<hub::store::FlagRecord> flags = {
            {"flag-1", std::string(jiayi::fhir::kResidentIdSystem), resident(1), "hypertension",
             true, ""},
            {"flag-2", std::string(jiayi::fhir::kResidentIdSystem), resident(7), "diabetes", true,
             ""}};
        REQUIRE(hub::store::import_flags(database, hub::store::HubRules{}, flags, kNow).ok());
        REQUIRE(hub::store::import_flags(database, hub::store::HubRules{}, flags, kNow)
                    .value()
                    .unchanged == 2);
        // resident 1 was signed (matched); resident 7 is new to the hub.
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 3);
        const auto found =
            hub.get("Flag", {{"patient.identifier",
                              std::string(jiayi::fhir::kResidentIdSystem) + "|" + resident(1)},
                             {"status", "active"}});
        REQUIRE(found.body["entry"].size() == 1);
        CHECK(found.body["entry"][0]["resource"]["id"] == "flag-1");
        // The resident registered by the import signs at a kiosk: matched, not duplicated.
        hub.sign(7, "team-b");
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 3);
    });
}
