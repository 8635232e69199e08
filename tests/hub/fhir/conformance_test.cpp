// The hub's answers are FHIR R4 (issue 10, "Conformance"), and the kiosk's
// own Bundles (kiosk/fhir) are what the hub takes: HubService on a real
// SQLite file is driven by the kiosk's mapping — signings, a renewal, a
// switch, a decline, a booking and its cancellation — and by reads, searches
// and every refusal it can give; every answer body is then checked by the
// official R4 JSON schema and @medplum/core's validateResource
// (tests/fhir/validate.mjs, installed by scripts/install-fhir-validators).
// SQLite only: what the hub answers is built from the stored JSON the same
// way on both engines (tests/hub/store runs the rules on both).

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hub/store/hub_fixture.hpp"
#include "support/fhir_samples.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;
namespace samples = jiayi::test::fhir_samples;
using nlohmann::json;
using test::Hub;

namespace {

const hub::fhir::Caller kKiosk = test::kKiosk;

// The sample heartbeat as the calling kiosk's own.
fhir::Heartbeat own_device() {
    fhir::Heartbeat h = samples::heartbeat();
    h.kiosk_id = kKiosk.kiosk;
    return h;
}

std::unique_ptr<hub::db::Database> sqlite(const test::TempDir& dir) {
    auto opened = hub::db::open("sqlite:" + (dir / "hub.db").string());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

// A made-up resident beside fhir_samples' adult and child.
fhir::Resident person(int n) {
    const std::string sequence = std::to_string(300 + n);  // three digits for n < 700
    return {
        "6f1c1b0e-0000-4000-8000-00000000010" + std::to_string(n),
        test::document_of(test::make_id("110101", "19850505", sequence.c_str()), samples::kToday),
        "测试" + std::to_string(n), "", ""};
}

// A signing of `contract` for `resident`, active from the kiosk's side.
fhir::SigningSubmission signing_of(const fhir::Resident& resident, domain::Contract contract) {
    contract.resident_id = resident.id;
    contract.status = domain::ContractStatus::Active;
    contract.end_reason.reset();
    fhir::SigningSubmission s;
    s.resident = resident;
    s.episode.contract = std::move(contract);
    s.signature =
        samples::signature("0a7e5c2a-0000-4000-8000-000000002" + s.episode.contract.id.substr(33));
    return s;
}

hub::store::SlotRecord slot_record(const std::string& id, Instant start) {
    return {id,
            "sched-cardiology-1",
            "心内科 (测试)",
            to_iso8601(start),
            to_iso8601(Instant{start.unix_seconds + 1800}),
            true};
}

// A hub at the samples' moment (2026-03-10 13:00 in the district) with the
// samples' teams and pool slots, and a few teams that refuse.
struct Kiosks {
    test::TempDir dir;
    std::unique_ptr<hub::db::Database> database = sqlite(dir);
    Hub hub;

    explicit Kiosks(hub::store::HubRules rules = {}) : hub(*database, rules, samples::kSignedAt) {
        const std::string township = kKiosk.township;
        hub.teams({{"team-dongcheng-01", "测试一队", "hc-dongcheng", township, 1500, false},
                   {"team-dongcheng-02", "测试二队", "hc-dongcheng", township, 1500, false},
                   {"team-full", "测试满队", "hc-dongcheng", township, 0, false},
                   {"team-closed", "测试停队", "hc-dongcheng", township, 1500, true},
                   {"team-elsewhere", "测试外队", "hc-elsewhere", test::kOtherKiosk.township, 1500,
                    false}});
        const std::vector<hub::store::SlotRecord> slots{
            slot_record(samples::slot().id, samples::slot().start),
            slot_record("slot-0002", Instant{samples::slot().start.unix_seconds + 3600}),
            // An hour from now: inside the cancellation deadline.
            slot_record("slot-soon", Instant{samples::kSignedAt.unix_seconds + 3600})};
        auto imported =
            hub::store::import_slots(*database, hub::store::HubRules{}, slots, samples::kSignedAt);
        REQUIRE(imported.ok());
    }

    hub::fhir::Answer post(const json& bundle) { return hub.post(bundle); }

    // The hub's Slot as the kiosk reads it from the pool search.
    fhir::PoolSlot pool_slot(const std::string& id) {
        const auto answer = hub.get("Slot/" + id);
        REQUIRE(answer.status == 200);
        auto parsed = fhir::parse_slot(answer.body);
        REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().path));
        return parsed.value();
    }

    std::string episode_status(const std::string& id) {
        const auto answer = hub.get("EpisodeOfCare/" + id);
        REQUIRE(answer.status == 200);
        return answer.body["status"];
    }
};

// "Patient/abc/_history/1" → "abc".
std::string id_in(const std::string& location) {
    const auto first = location.find('/') + 1;
    return location.substr(first, location.find('/', first) - first);
}

fhir::Booking booking_on(const std::string& slot_id, Instant start, const std::string& id) {
    fhir::Booking b = samples::booking();
    b.id = id;
    b.slot_id = slot_id;
    b.start = start;
    b.end = Instant{start.unix_seconds + 1800};
    return b;
}

// Every answer the scenario gets, by file name; statuses are checked on the way.
struct Answers {
    std::vector<std::pair<std::string, json>> bodies;
    void keep(const std::string& name, const hub::fhir::Answer& answer) {
        REQUIRE_MESSAGE(!answer.body.is_null(), name);
        bodies.emplace_back(name, answer.body);
    }
    void expect(const std::string& name, const hub::fhir::Answer& answer, int status) {
        INFO(name << ": " << answer.body.dump());
        CHECK(answer.status == status);
        keep(name, answer);
    }
    void refusal(const std::string& name, const hub::fhir::Answer& answer, int status,
                 const std::string& code) {
        INFO(name << ": " << answer.body.dump());
        CHECK(test::code_of(answer) == code);
        expect(name, answer, status);
    }
};

// Signings, a renewal, a switch, a decline, a booking and its cancellation,
// reads, searches and refusals, through the kiosk's own Bundles.
Answers drive() {
    hub::store::HubRules rules;
    rules.booking.max_open_bookings = 2;
    Kiosks k(rules);
    Answers out;
    const auto adult = samples::adult();
    const std::string adult_identifier =
        std::string(fhir::kResidentIdSystem) + "|" + adult.document.number;

    out.expect("metadata", k.hub.get("metadata"), 200);

    // The adult's first contract, then its renewal (the hub finishes the first).
    const auto first = k.post(fhir::signing_bundle(signing_of(adult, samples::renewed_contract())));
    out.expect("signing-response", first, 200);
    const std::string adult_id = id_in(first.body["entry"][0]["response"]["location"]);
    out.expect("renewal-response", k.post(fhir::signing_bundle(samples::renewal())), 200);
    CHECK(k.episode_status(samples::renewed_contract().id) == "finished");
    // A switch before the renewal starts: the hub cancels the renewal that never ran.
    out.expect("switch-response", k.post(fhir::signing_bundle(samples::switch_team())), 200);
    out.expect("guardian-response", k.post(fhir::signing_bundle(samples::guardian_signing())), 200);
    fhir::SigningSubmission paper = samples::back_fill();
    paper.resident = person(1);
    out.expect("back-fill-response", k.post(fhir::signing_bundle(paper)), 200);
    fhir::OptOutSubmission declined = samples::decline();
    declined.resident = person(2);
    out.expect("decline-response", k.post(fhir::opt_out_bundle(declined)), 200);
    // A kiosk's heartbeat updates its own Device (hub/store/fleet.hpp).
    out.expect("device-put",
               k.hub.put("Device/" + own_device().kiosk_id, fhir::to_device(own_device())), 201);
    out.expect("feedback-put",
               k.hub.put("QuestionnaireResponse/" + samples::feedback().id,
                         fhir::to_questionnaire_response(samples::feedback())),
               201);
    auto flagged = hub::store::import_flags(
        *k.database, hub::store::HubRules{},
        std::vector<hub::store::FlagRecord>{{"flag-0001", std::string(fhir::kResidentIdSystem),
                                             adult.document.number, "disabled", true}},
        samples::kSignedAt);
    REQUIRE(flagged.ok());

    // Booking from the pool as the kiosk reads it, then a second one.
    const std::string patient = fhir::patient_search(adult.document);
    const auto booked = k.post(fhir::booking_bundle(
        k.pool_slot(samples::slot().id), samples::referral(), samples::booking(), patient));
    out.expect("booking-response", booked, 200);
    const auto soon = k.pool_slot("slot-soon");
    const fhir::Booking soon_booking =
        booking_on("slot-soon", soon.start, "0a7e5c2a-0000-4000-8000-000000000502");
    out.expect("booking-soon-response",
               k.post(fhir::booking_bundle(soon, samples::referral(), soon_booking, patient)), 200);

    // Reads.
    out.expect("read-patient", k.hub.get("Patient/" + adult_id), 200);
    out.expect("read-episode",
               k.hub.get("EpisodeOfCare/" + samples::switch_team().episode.contract.id), 200);
    out.expect("read-finished-episode",
               k.hub.get("EpisodeOfCare/" + samples::renewed_contract().id), 200);
    out.expect("read-cancelled-episode",
               k.hub.get("EpisodeOfCare/" + samples::renewal().episode.contract.id), 200);
    out.expect("read-provenance", k.hub.get("Provenance/" + samples::renewal().signature->id), 200);
    out.expect("read-consent", k.hub.get("Consent/" + declined.opt_out.id), 200);
    out.expect("read-team", k.hub.get("Organization/team-dongcheng-01"), 200);
    out.expect("read-slot", k.hub.get("Slot/" + samples::slot().id), 200);
    out.expect("read-schedule", k.hub.get("Schedule/sched-cardiology-1"), 200);
    out.expect("read-appointment", k.hub.get("Appointment/" + samples::booking().id), 200);
    out.expect("read-referral", k.hub.get("ServiceRequest/" + samples::referral().id), 200);
    out.expect("read-device", k.hub.get("Device/" + own_device().kiosk_id), 200);

    // Searches (hub-fhir.md "Reads the kiosk needs").
    out.expect(
        "search-teams",
        k.hub.get("Organization", {{"type", "team"}, {"partof", "Organization/hc-dongcheng"}}),
        200);
    out.expect("search-flags",
               k.hub.get("Flag", {{"patient.identifier", adult_identifier}, {"status", "active"}}),
               200);
    out.expect("search-episodes",
               k.hub.get("EpisodeOfCare",
                         {{"patient.identifier", adult_identifier}, {"status", "active"}}),
               200);
    out.expect("search-slots",
               k.hub.get("Slot", {{"service-category", std::string(fhir::kServiceCategorySystem) +
                                                           "|" + std::string(fhir::kPoolCategory)},
                                  {"status", "free"}}),
               200);
    out.expect(
        "search-pool-schedules",
        k.hub.get("Schedule", {{"service-category", std::string(fhir::kServiceCategorySystem) +
                                                        "|" + std::string(fhir::kPoolCategory)}}),
        200);
    out.expect(
        "search-bookings",
        k.hub.get("Appointment", {{"patient.identifier", adult_identifier}, {"status", "booked"}}),
        200);

    // Refusals, one per code the service gives.
    out.refusal("already-signed", k.post(fhir::signing_bundle(samples::new_signing())), 422,
                "already-signed");
    auto to_team = [&](const std::string& team, int n) {
        domain::Contract c =
            samples::contract("0a7e5c2a-0000-4000-8000-00000000090" + std::to_string(n), person(3),
                              domain::ContractType::New);
        c.team_id = team;
        return k.post(fhir::signing_bundle(signing_of(person(3), c)));
    };
    out.refusal("team-full", to_team("team-full", 1), 422, "team-full");
    out.refusal("team-closed", to_team("team-closed", 2), 422, "team-closed");
    out.refusal("forbidden", to_team("team-elsewhere", 3), 403, "forbidden");
    fhir::SigningSubmission early = samples::renewal();
    early.resident = samples::child();
    early.episode.contract.id = "0a7e5c2a-0000-4000-8000-000000000904";
    early.episode.contract.start = domain::Date{2026, 3, 11};
    early.signature.reset();
    out.refusal("outside-renewal-window", k.post(fhir::signing_bundle(early)), 422,
                "outside-renewal-window");
    // Another resident's booking comes with its own referral.
    fhir::Referral other_referral = samples::referral();
    other_referral.id = "0a7e5c2a-0000-4000-8000-000000000402";
    fhir::Booking stranger =
        booking_on("slot-0002", Instant{samples::slot().start.unix_seconds + 3600},
                   "0a7e5c2a-0000-4000-8000-000000000503");
    stranger.referral_id = other_referral.id;
    out.refusal("not-signed",
                k.post(fhir::booking_bundle(k.pool_slot("slot-0002"), other_referral, stranger,
                                            fhir::patient_search(person(2).document))),
                422, "not-signed");
    out.refusal("booking-limit",
                k.post(fhir::booking_bundle(k.pool_slot("slot-0002"), samples::referral(), stranger,
                                            patient)),
                422, "booking-limit");
    fhir::PoolSlot stale = k.pool_slot(samples::slot().id);
    stale.version = "1";
    stale.status = domain::SlotStatus::Free;
    // The child (signed, no booking yet) at a slot the adult holds.
    out.refusal("slot-taken",
                k.post(fhir::booking_bundle(stale, other_referral,
                                            booking_on(samples::slot().id, samples::slot().start,
                                                       "0a7e5c2a-0000-4000-8000-000000000504"),
                                            fhir::patient_search(samples::child().document))),
                412, "slot-taken");
    out.refusal("cancel-too-late", k.post(fhir::cancellation_bundle(soon_booking, "1", patient)),
                422, "cancel-too-late");
    std::string number = person(4).document.number;
    number.back() = number.back() == '1' ? '2' : '1';
    out.refusal("invalid-identifier", k.hub.put_patient(number, test::patient(number)), 422,
                "invalid-identifier");
    out.refusal("invalid", k.hub.post_text("{\"resourceType\": "), 400, "invalid");
    out.refusal("not-found", k.hub.get("Patient/nobody-here"), 404, "not-found");
    out.refusal("no-history", k.hub.get("Patient/" + adult_id + "/_history/1"), 404, "not-found");
    json changed = fhir::to_device(own_device());
    changed["version"] = json::array({{{"value", "0.2.0"}}});
    const std::string device = "Device/" + own_device().kiosk_id;
    out.refusal("conflict", k.hub.put(device, changed), 409, "conflict");
    out.refusal("stale", k.hub.put(device, changed, "W/\"7\""), 412, "stale");
    out.refusal("read-forbidden",
                k.hub.get("Consent/" + declined.opt_out.id, {}, {}, test::kOtherKiosk), 403,
                "forbidden");
    hub::fhir::Request removal;
    removal.method = hub::fhir::Method::delete_;
    removal.path = device;
    out.refusal("not-supported", k.hub.service().handle(kKiosk, removal), 405, "not-supported");

    // The cancellation the kiosk sends: the Appointment alone; the hub frees the slot.
    out.expect("cancellation-response",
               k.post(fhir::cancellation_bundle(samples::booking(), "1", patient)), 200);
    out.expect("read-freed-slot", k.hub.get("Slot/" + samples::slot().id), 200);
    out.expect("read-cancelled-appointment", k.hub.get("Appointment/" + samples::booking().id),
               200);
    return out;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Validation {
    int status = -1;
    std::string output;
};

// Runs tests/fhir/validate.mjs over the files (as tests/kiosk/fhir/conformance_test.cpp does).
Validation validate(const test::TempDir& dir,
                    const std::vector<std::pair<std::string, json>>& all) {
    const std::filesystem::path installed =
        std::filesystem::path(JIAYI_SOURCE_DIR) / "tests/fhir/node_modules/@medplum/core";
    INFO("the validators are missing: run scripts/install-fhir-validators");
    REQUIRE(std::filesystem::exists(installed));
    std::string command = "node " + std::string(JIAYI_SOURCE_DIR) + "/tests/fhir/validate.mjs";
    for (const auto& [name, body] : all) {
        std::ofstream(dir / (name + ".json")) << body.dump(2);
        command += " " + (dir / (name + ".json")).string();
    }
    command += " >" + (dir / "out").string() + " 2>&1";
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out")};
}

}  // namespace

TEST_CASE("hub conformance: the kiosk's signing Bundles are taken and their rules applied") {
    SUBCASE("a new signing") {
        Kiosks k;
        const auto answer = k.post(fhir::signing_bundle(samples::new_signing()));
        INFO(answer.body.dump());
        CHECK(answer.status == 200);
        CHECK(k.episode_status(samples::new_signing().episode.contract.id) == "active");
        // Replayed as the outbox would after a lost answer: the same answer, nothing new.
        const auto again = k.post(fhir::signing_bundle(samples::new_signing()));
        CHECK(again.status == 200);
        CHECK(again.body == answer.body);
        CHECK(k.hub.count("SELECT signed FROM teams WHERE id = 'team-dongcheng-01'") == 1);
    }
    SUBCASE("a renewal finishes the previous contract the day before it starts") {
        Kiosks k;
        REQUIRE(
            k.post(fhir::signing_bundle(signing_of(samples::adult(), samples::renewed_contract())))
                .status == 200);
        const auto answer = k.post(fhir::signing_bundle(samples::renewal()));
        INFO(answer.body.dump());
        CHECK(answer.status == 200);
        const auto old = k.hub.get("EpisodeOfCare/" + samples::renewed_contract().id).body;
        CHECK(old["status"] == "finished");
        CHECK(old["period"]["end"] == "2026-03-31");
        // The kiosk reads the hub's copy back as superseded by a renewal.
        auto parsed = fhir::parse_episode_of_care(old);
        REQUIRE(parsed.ok());
        CHECK(parsed->contract.status == domain::ContractStatus::Superseded);
        CHECK(parsed->contract.end_reason == domain::EndReason::Renewed);
        CHECK(k.hub.count("SELECT signed FROM teams WHERE id = 'team-dongcheng-01'") == 1);
    }
    SUBCASE("a switch finishes the previous contract and moves the place to the new team") {
        Kiosks k;
        REQUIRE(
            k.post(fhir::signing_bundle(signing_of(samples::adult(), samples::switched_contract())))
                .status == 200);
        const auto answer = k.post(fhir::signing_bundle(samples::switch_team()));
        INFO(answer.body.dump());
        CHECK(answer.status == 200);
        const auto old = k.hub.get("EpisodeOfCare/" + samples::switched_contract().id).body;
        CHECK(old["status"] == "finished");
        CHECK(old["period"]["end"] == "2026-03-09");
        CHECK(k.hub.count("SELECT signed FROM teams WHERE id = 'team-dongcheng-01'") == 0);
        CHECK(k.hub.count("SELECT signed FROM teams WHERE id = 'team-dongcheng-02'") == 1);
    }
    SUBCASE("a switch before a renewal has started cancels the renewal; its period stays whole") {
        Kiosks k;
        REQUIRE(
            k.post(fhir::signing_bundle(signing_of(samples::adult(), samples::renewed_contract())))
                .status == 200);
        REQUIRE(k.post(fhir::signing_bundle(samples::renewal())).status == 200);
        const auto answer = k.post(fhir::signing_bundle(samples::switch_team()));
        INFO(answer.body.dump());
        CHECK(answer.status == 200);
        const auto renewal = k.hub.get("EpisodeOfCare/" + samples::renewal().episode.contract.id);
        CHECK(renewal.body["status"] == "cancelled");
        CHECK(renewal.body["period"]["start"] == "2026-04-01");
        CHECK(renewal.body["period"]["end"] == "2027-03-31");
    }
    SUBCASE("a new signing after the previous term ran out finishes the lapsed contract") {
        Kiosks k;
        domain::Contract lapsed = samples::renewed_contract();
        lapsed.start = domain::Date{2025, 1, 1};
        lapsed.end = domain::Date{2025, 12, 31};
        REQUIRE(k.post(fhir::signing_bundle(signing_of(samples::adult(), lapsed))).status == 200);
        const auto answer = k.post(fhir::signing_bundle(samples::new_signing()));
        INFO(answer.body.dump());
        CHECK(answer.status == 200);
        const auto old = k.hub.get("EpisodeOfCare/" + lapsed.id).body;
        CHECK(old["status"] == "finished");
        CHECK(old["period"]["end"] == "2025-12-31");
    }
    SUBCASE("a back-fill, a guardian's signing and a decline") {
        Kiosks k;
        CHECK(k.post(fhir::signing_bundle(samples::back_fill())).status == 200);
        CHECK(k.post(fhir::signing_bundle(samples::guardian_signing())).status == 200);
        fhir::OptOutSubmission declined = samples::decline();
        declined.resident = person(2);
        CHECK(k.post(fhir::opt_out_bundle(declined)).status == 200);
    }
}

TEST_CASE("hub conformance: the kiosk books from the hub's pool and cancels") {
    Kiosks k;
    REQUIRE(k.post(fhir::signing_bundle(samples::new_signing())).status == 200);
    // The kiosk reads the hub's Slot with its own parser: in the pool, with a version.
    const fhir::PoolSlot slot = k.pool_slot(samples::slot().id);
    CHECK(slot.pool);
    CHECK(slot.status == domain::SlotStatus::Free);
    CHECK(slot.start == samples::slot().start);
    const std::string patient = fhir::patient_search(samples::adult().document);
    const auto booked =
        k.post(fhir::booking_bundle(slot, samples::referral(), samples::booking(), patient));
    INFO(booked.body.dump());
    REQUIRE(booked.status == 200);
    CHECK(k.pool_slot(samples::slot().id).status == domain::SlotStatus::Busy);
    const auto appointment = k.hub.get("Appointment/" + samples::booking().id);
    REQUIRE(appointment.status == 200);
    // The conditional reference became the hub's Patient.
    const std::string reference = appointment.body["participant"][0]["actor"]["reference"];
    CHECK(reference.starts_with("Patient/"));
    CHECK(k.hub.get(reference).status == 200);
    const auto cancelled = k.post(fhir::cancellation_bundle(samples::booking(), "1", patient));
    INFO(cancelled.body.dump());
    CHECK(cancelled.status == 200);
    CHECK(k.pool_slot(samples::slot().id).status == domain::SlotStatus::Free);
    // And the kiosk reads the team list with its own parser: the hub's count.
    const auto teams =
        k.hub.get("Organization", {{"type", "team"}, {"partof", "Organization/hc-dongcheng"}});
    REQUIRE(teams.status == 200);
    json listed;
    for (const auto& entry : teams.body["entry"]) {
        if (entry["resource"]["id"] == "team-dongcheng-01") {
            listed = entry["resource"];
        }
    }
    auto team = fhir::parse_team(listed);
    REQUIRE(team.ok());
    CHECK(team->open);
    CHECK(team->capacity == 1500);
    CHECK(team->signed_count == 1);
}

TEST_CASE("hub conformance: every answer of the hub passes both R4 validators") {
    const Answers answers = drive();
    test::TempDir dir;
    auto all = answers.bodies;
    // The store tests' own fixtures, as their requests send them.
    all.emplace_back("fixture-signing-bundle",
                     test::signing_bundle(test::resident(1), test::uuid(1), "team-a"));
    all.emplace_back("fixture-appointment", test::appointment(test::uuid(2, 'a'), "p-1", "slot-0"));
    all.emplace_back("fixture-finished-episode",
                     test::episode(test::uuid(3), "Patient/p-1", "team-a", "finished"));
    const Validation v = validate(dir, all);
    INFO(v.output);
    CHECK(v.status == 0);
    CHECK(v.output.find("ERROR") == std::string::npos);
    // Every file was read: one "ok" line at least per answer.
    for (const auto& [name, body] : all) {
        CHECK(v.output.find(name + ".json: ") != std::string::npos);
    }
}

TEST_CASE("hub conformance: a corrupted answer is refused by the validators") {
    Kiosks k;
    REQUIRE(k.post(fhir::signing_bundle(samples::new_signing())).status == 200);
    auto teams =
        k.hub.get("Organization", {{"type", "team"}, {"partof", "Organization/hc-dongcheng"}});
    REQUIRE(teams.status == 200);
    json broken_list = teams.body;
    broken_list["entry"][0]["resource"]["active"] = "yes";  // a boolean in R4
    const std::string first_team = broken_list["entry"][0]["resource"]["id"];
    json broken_episode =
        k.hub.get("EpisodeOfCare/" + samples::new_signing().episode.contract.id).body;
    broken_episode.erase("status");  // 1..1
    test::TempDir dir;
    const Validation v =
        validate(dir, {{"broken-teams", broken_list}, {"broken-episode", broken_episode}});
    INFO(v.output);
    CHECK(v.status == 1);
    CHECK(v.output.find("broken-teams.json: Organization/" + first_team + " ERROR") !=
          std::string::npos);
    CHECK(v.output.find("broken-episode.json: EpisodeOfCare/" +
                        samples::new_signing().episode.contract.id + " ERROR") !=
          std::string::npos);
}
