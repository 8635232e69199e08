// HubService: exactly-once writes, reads, transaction Bundles, searches and
// bad input, on every backend (tests/hub/support/backends.hpp).

#include <doctest/doctest.h>

#include <set>

#include "hub/store/writes.hpp"
#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"
#include "kiosk/domain/population.hpp"

using namespace jiayi;
using namespace jiayi::test;

TEST_CASE("a PUT creates, its replay answers as the first time and stores nothing more") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        json consent = {{"resourceType", "QuestionnaireResponse"},
                        {"id", uuid(1, 'q')},
                        {"status", "completed"}};
        const auto first = hub.put("QuestionnaireResponse/" + uuid(1, 'q'), consent);
        CHECK(first.status == 201);
        CHECK(first.etag == "W/\"1\"");
        CHECK(first.location == "QuestionnaireResponse/" + uuid(1, 'q') + "/_history/1");
        CHECK(first.body["meta"]["versionId"] == "1");
        // The same body, with the meta a client may echo back, is the same body.
        consent["meta"] = {{"versionId", "7"}};
        const auto replay = hub.put("QuestionnaireResponse/" + uuid(1, 'q'), consent);
        CHECK(replay.status == 201);
        CHECK(replay.etag == first.etag);
        CHECK(replay.body == first.body);
        CHECK(hub.count("SELECT COUNT(*) FROM resources") == 1);
        CHECK(hub.count("SELECT COUNT(*) FROM history") == 1);

        const auto read = hub.get("QuestionnaireResponse/" + uuid(1, 'q'));
        CHECK(read.status == 200);
        CHECK(read.etag == "W/\"1\"");
        CHECK(read.body["status"] == "completed");
        CHECK(hub.get("QuestionnaireResponse/" + uuid(1, 'q'), {}, "W/\"1\"").status == 304);
        CHECK(hub.get("QuestionnaireResponse/" + uuid(2, 'q')).status == 404);
    });
}

TEST_CASE(
    "a different body under an id is a conflict, an update with the current If-Match a new "
    "version, a stale one 412") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const std::string path = "QuestionnaireResponse/" + uuid(1, 'q');
        json v1 = {{"resourceType", "QuestionnaireResponse"},
                   {"id", uuid(1, 'q')},
                   {"status", "in-progress"}};
        json v2 = v1;
        v2["status"] = "completed";
        json v3 = v1;
        v3["status"] = "amended";
        REQUIRE(hub.put(path, v1).status == 201);
        const auto conflict = hub.put(path, v2);
        CHECK(conflict.status == 409);
        CHECK(code_of(conflict) == "conflict");
        const auto updated = hub.put(path, v2, "W/\"1\"");
        CHECK(updated.status == 200);
        CHECK(updated.etag == "W/\"2\"");
        // The same update replayed (same If-Match, same body) answers as before.
        const auto replayed = hub.put(path, v2, "W/\"1\"");
        CHECK(replayed.status == 200);
        CHECK(replayed.etag == "W/\"2\"");
        const auto stale = hub.put(path, v3, "W/\"1\"");
        CHECK(stale.status == 412);
        CHECK(code_of(stale) == "stale");
        CHECK(hub.get(path).body["status"] == "completed");
        CHECK(hub.count("SELECT version FROM resources") == 2);
        // The creating PUT replayed after the update still answers as it did.
        CHECK(hub.put(path, v1).status == 201);
        CHECK(hub.count("SELECT COUNT(*) FROM history") == 2);
    });
}

TEST_CASE("every version's body is readable, and the current one is stored once") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const std::string id = uuid(1, 'q');
        const std::string path = "QuestionnaireResponse/" + id;
        json v1 = {
            {"resourceType", "QuestionnaireResponse"}, {"id", id}, {"status", "in-progress"}};
        json v2 = v1;
        v2["status"] = "completed";
        json v3 = v1;
        v3["status"] = "amended";
        REQUIRE(hub.put(path, v1).status == 201);
        // The current version's history row holds no second copy of the body.
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE body = ''") == 1);
        REQUIRE(hub.put(path, v2, "W/\"1\"").status == 200);
        REQUIRE(hub.put(path, v3, "W/\"2\"").status == 200);
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE body = ''") == 1);
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE body = '' AND version = 3") == 1);
        auto bodies = hub::store::run<std::vector<std::optional<std::string>>>(
            database, hub::db::Mode::read, [&](hub::store::Sql& sql) {
                std::vector<std::optional<std::string>> out;
                for (std::int64_t version = 1; version <= 4; ++version) {
                    out.push_back(
                        hub::store::version_body(sql, "QuestionnaireResponse", id, version));
                }
                return out;
            });
        REQUIRE(bodies.ok());
        REQUIRE(bodies.value().size() == 4);
        CHECK(bodies.value()[0] == v1.dump());
        CHECK(bodies.value()[1] == v2.dump());
        CHECK(bodies.value()[2] == v3.dump());
        CHECK_FALSE(bodies.value()[3].has_value());
        // Every version's first PUT replayed still answers as it did.
        CHECK(hub.put(path, v2, "W/\"1\"").etag == "W/\"2\"");
        CHECK(hub.put(path, v1).status == 201);
    });
}

TEST_CASE("a transaction Bundle matches the Patient by identifier and rewrites the references") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-a");
        const auto answer = hub.post(signing_bundle(resident(1), uuid(1), "team-a"));
        REQUIRE_MESSAGE(answer.status == 200, answer.body.dump());
        CHECK(answer.body["type"] == "transaction-response");
        REQUIRE(answer.body["entry"].size() == 2);
        CHECK(answer.body["entry"][0]["response"]["status"] == "201 Created");
        const std::string patient_location = answer.body["entry"][0]["response"]["location"];
        const std::string patient_id =
            patient_location.substr(8, patient_location.find('/', 8) - 8);
        const auto stored = hub.get("EpisodeOfCare/" + uuid(1));
        CHECK(stored.body["patient"]["reference"] == "Patient/" + patient_id);

        // The same resident from another kiosk's bundle (its own urn) is the same Patient.
        json bundle = signing_bundle(resident(1), uuid(2), "team-a");
        bundle["entry"].erase(1);
        const auto again = hub.post(bundle);
        REQUIRE(again.status == 200);
        CHECK(again.body["entry"][0]["response"]["location"] == patient_location);
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 1);
        CHECK(hub.count("SELECT COUNT(*) FROM resources WHERE type = 'Patient'") == 1);

        // The whole signing replayed answers as the first time, nothing added.
        const auto replay = hub.post(signing_bundle(resident(1), uuid(1), "team-a"));
        CHECK(replay.body == answer.body);
        CHECK(hub.count("SELECT COUNT(*) FROM episodes") == 1);
        CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 1);
    });
}

TEST_CASE("a conditional PUT Patient creates once and then updates the same Patient") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const auto created = hub.put_patient(resident(5), patient(resident(5)));
        REQUIRE(created.status == 201);
        const auto moved = hub.put_patient(resident(5), patient(resident(5), "Renamed"));
        CHECK(moved.status == 200);
        CHECK(moved.body["id"] == created.body["id"]);
        CHECK(moved.etag == "W/\"2\"");
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 1);
        // A plain PUT under a new id with an identifier already held is refused.
        json copy = patient(resident(5));
        copy["id"] = "kiosk-made-id";
        const auto duplicate = hub.put("Patient/kiosk-made-id", copy);
        CHECK(duplicate.status == 409);
        CHECK(hub.count("SELECT COUNT(*) FROM resources WHERE type = 'Patient'") == 1);
    });
}

TEST_CASE("a refused Bundle stores nothing of any entry") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-small", 1);
        hub.sign(1, "team-small");
        const auto before = hub.count("SELECT COUNT(*) FROM resources");
        const auto full = hub.post(signing_bundle(resident(2), uuid(2), "team-small"));
        CHECK(full.status == 422);
        CHECK(code_of(full) == "team-full");
        CHECK(full.body["issue"][0]["expression"][0] == "Bundle.entry[1]");
        CHECK(hub.count("SELECT COUNT(*) FROM resources") == before);
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 1);  // resident 2 not kept
        CHECK(hub.count("SELECT COUNT(*) FROM history") == before);
        CHECK(hub.count("SELECT signed FROM teams") == 1);
    });
}

TEST_CASE("bad input answers an OperationOutcome and stores nothing") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.team("team-a");
        hub.team("team-elsewhere", 1500, false, "500114-09");
        const auto before = hub.count("SELECT COUNT(*) FROM resources");
        struct Case {
            const char* what;
            hub::fhir::Answer answer;
            int status;
            const char* code;
        };
        json no_period = episode(uuid(1), "Patient/x", "team-a");
        no_period.erase("period");
        json wrong_id = episode(uuid(1), "Patient/x", "team-a");
        json not_a_bundle = {
            {"resourceType", "Bundle"}, {"type", "batch"}, {"entry", json::array()}};
        std::string bad_number = resident(1);
        bad_number.back() = bad_number.back() == '0' ? '1' : '0';
        const std::vector<Case> cases = {
            {"malformed JSON", hub.post_text("{\"resourceType\": \"Bundle\", "), 400, "invalid"},
            {"malformed JSON in a PUT",
             [&] {
                 hub::fhir::Request request;
                 request.method = hub::fhir::Method::put;
                 request.path = "Patient/x";
                 request.body = "[1, 2";
                 return hub.service().handle(kKiosk, request);
             }(),
             400, "invalid"},
            {"the body's type is not the URL's",
             hub.put("Patient/" + uuid(1), episode(uuid(1), "Patient/x", "team-a")), 400,
             "invalid"},
            {"the body's id is not the URL's", hub.put("EpisodeOfCare/" + uuid(2), wrong_id), 400,
             "invalid"},
            {"a missing required element", hub.put("EpisodeOfCare/" + uuid(1), no_period), 422,
             "invalid"},
            {"an element of the wrong JSON type",
             hub.put("EpisodeOfCare/" + uuid(1),
                     [&] {
                         json e = episode(uuid(1), "Patient/x", "team-a");
                         e["type"] = "new";
                         return e;
                     }()),
             400, "invalid"},
            {"a batch, not a transaction", hub.post(not_a_bundle), 400, "invalid"},
            {"a resident ID that does not check", hub.put_patient(bad_number, patient(bad_number)),
             422, "invalid-identifier"},
            {"another township's team",
             hub.post(signing_bundle(resident(3), uuid(3), "team-elsewhere")), 403, "forbidden"},
            {"a contract for a Patient the hub does not hold",
             hub.put("EpisodeOfCare/" + uuid(4), episode(uuid(4), "Patient/nobody", "team-a")), 422,
             "invalid"},
            {"a kiosk creating a team",
             hub.put("Organization/t9", {{"resourceType", "Organization"}, {"id", "t9"}}), 403,
             "forbidden"},
            {"an unknown type",
             hub.put("Observation/x", {{"resourceType", "Observation"}, {"id", "x"}}), 404,
             "not-found"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.what);
            CHECK(c.answer.status == c.status);
            CHECK(c.answer.body["resourceType"] == "OperationOutcome");
            CHECK(code_of(c.answer) == c.code);
        }
        CHECK(hub.count("SELECT COUNT(*) FROM resources") == before);
        CHECK(hub.count("SELECT COUNT(*) FROM patients") == 0);
        CHECK(hub.count("SELECT COUNT(*) FROM episodes") == 0);
        CHECK(hub.count("SELECT SUM(signed) FROM teams") == 0);
    });
}

TEST_CASE("another township's records can be neither read nor changed") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        json response = {{"resourceType", "QuestionnaireResponse"},
                         {"id", uuid(1, 'q')},
                         {"status", "in-progress"}};
        REQUIRE(hub.put("QuestionnaireResponse/" + uuid(1, 'q'), response).status == 201);
        CHECK(hub.get("QuestionnaireResponse/" + uuid(1, 'q'), {}, {}, kOtherKiosk).status == 403);
        response["status"] = "completed";
        const auto changed =
            hub.put("QuestionnaireResponse/" + uuid(1, 'q'), response, "W/\"1\"", kOtherKiosk);
        CHECK(changed.status == 403);
        CHECK(code_of(changed) == "forbidden");
        CHECK(hub.count("SELECT version FROM resources") == 1);
    });
}

TEST_CASE("the searches a kiosk needs answer searchset Bundles, with ETags on teams and slots") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub.teams({{"team-a", "A", "hc-1", kKiosk.township, 10, false},
                   {"team-b", "B", "hc-1", kKiosk.township, 20, true},
                   {"team-c", "C", "hc-2", kKiosk.township, 30, false}});
        hub.slots(3);
        const auto teams =
            hub.get("Organization", {{"type", "team"}, {"partof", "Organization/hc-1"}});
        REQUIRE(teams.status == 200);
        CHECK(teams.body["type"] == "searchset");
        REQUIRE(teams.body["entry"].size() == 2);
        const json team_a = teams.body["entry"][0]["resource"];
        CHECK(team_a["id"] == "team-a");
        CHECK(team_a["active"] == true);
        CHECK(teams.body["entry"][1]["resource"]["active"] == false);
        REQUIRE(teams.etag);
        CHECK(hub.get("Organization", {{"type", "team"}, {"partof", "hc-1"}}, teams.etag).status ==
              304);

        hub.sign(1, "team-a");
        const auto after =
            hub.get("Organization", {{"type", "team"}, {"partof", "hc-1"}}, teams.etag);
        CHECK(after.status == 200);  // the count moved: the list changed
        bool counted = false;
        for (const auto& extension : after.body["entry"][0]["resource"]["extension"]) {
            if (extension["url"] == jiayi::fhir::kExtTeamSigned) {
                counted = extension["valueInteger"] == 1;
            }
        }
        CHECK(counted);

        const std::string identifier =
            std::string(jiayi::fhir::kResidentIdSystem) + "|" + resident(1);
        const auto episodes =
            hub.get("EpisodeOfCare", {{"patient.identifier", identifier}, {"status", "active"}});
        REQUIRE(episodes.body["entry"].size() == 1);
        CHECK(episodes.body["entry"][0]["resource"]["id"] == uuid(1));
        CHECK(hub.get("EpisodeOfCare", {{"patient.identifier", identifier}, {"status", "finished"}})
                  .body["entry"]
                  .empty());

        const auto slots = hub.get(
            "Slot", {{"service-category", std::string(jiayi::fhir::kServiceCategorySystem) + "|" +
                                              std::string(jiayi::fhir::kPoolCategory)},
                     {"status", "free"},
                     {"start", "ge2026-12-10"},
                     {"schedule", "Schedule/sch-1"}});
        REQUIRE(slots.status == 200);
        CHECK(slots.body["entry"].size() == 3);
        CHECK(slots.etag);
        CHECK(
            hub.get("Slot", {{"service-category", "family-doctor-pool"}, {"start", "ge2026-12-11"}})
                .body["entry"]
                .empty());
        // A date is its whole day (FHIR's date search): gt is after the
        // day, le takes all of it, lt is before it; a time is that instant.
        const auto pool_from = [&](const std::string& start) {
            return hub.get("Slot", {{"service-category", "family-doctor-pool"}, {"start", start}})
                .body["entry"]
                .size();
        };
        CHECK(pool_from("gt2026-12-10") == 0);
        CHECK(pool_from("gt2026-12-09") == 3);
        CHECK(pool_from("le2026-12-10") == 3);
        CHECK(pool_from("lt2026-12-10") == 0);
        CHECK(pool_from("lt2026-12-11") == 3);
        CHECK(pool_from("2026-12-10") == 3);
        CHECK(pool_from("ge2026-12-10T01:00:00Z") == 2);
        CHECK(pool_from("gt2026-12-10T01:00:00Z") == 1);
        CHECK(pool_from("le2026-12-10T01:00:00Z") == 2);
        CHECK(pool_from("lt2026-12-10T01:00:00Z") == 1);
        const auto misspelt =
            hub.get("Slot", {{"service-category", "family-doctor-pool"}, {"stauts", "free"}});
        CHECK(misspelt.status == 400);

        // The pool's Schedules, each with its free slots from the hub's now
        // on, counted by the hub: a kiosk's department list in one answer.
        hub.slots(2, "sch-2");
        auto free_of = [](const json& schedule) {
            for (const auto& extension : schedule["extension"]) {
                if (extension["url"] == jiayi::fhir::kExtFreeSlots) {
                    return extension["valueInteger"].get<int>();
                }
            }
            return -1;
        };
        const auto schedules = hub.get("Schedule", {{"service-category", "family-doctor-pool"}});
        REQUIRE(schedules.status == 200);
        CHECK(schedules.body["type"] == "searchset");
        REQUIRE(schedules.body["entry"].size() == 2);
        CHECK(schedules.body["entry"][0]["resource"]["id"] == "sch-1");
        CHECK(free_of(schedules.body["entry"][0]["resource"]) == 3);
        CHECK(free_of(schedules.body["entry"][1]["resource"]) == 2);
        REQUIRE(schedules.etag);
        CHECK(hub.get("Schedule", {{"service-category", "family-doctor-pool"}}, schedules.etag)
                  .status == 304);
        // Later in the day of the first slots, only those still to come count.
        Hub later(database, {}, *parse_iso8601("2026-12-10T00:30:00Z"));
        const auto from_later =
            later.get("Schedule", {{"service-category", "family-doctor-pool"}}).body["entry"];
        REQUIRE(from_later.size() == 2);
        CHECK(free_of(from_later[0]["resource"]) == 2);
        CHECK(free_of(from_later[1]["resource"]) == 1);
        // No other category's, and a search must name one.
        CHECK(hub.get("Schedule", {{"service-category", "general"}}).body["entry"].empty());
        CHECK(hub.get("Schedule", {}).status == 400);
        CHECK(hub.get("Schedule", {{"service-category", "family-doctor-pool"}, {"actor", "x"}})
                  .status == 400);

        const auto metadata = hub.get("metadata");
        CHECK(metadata.body["resourceType"] == "CapabilityStatement");
        CHECK(metadata.body["fhirVersion"] == "4.0.1");
    });
}

TEST_CASE("Flag searches: the caller's township registry with ETag, and one resident's flags") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const auto flag = [](int n, domain::Population population, bool active,
                             const std::string& township) {
            return hub::store::FlagRecord{"",          std::string(jiayi::fhir::kResidentIdSystem),
                                          resident(n), std::string(domain::code(population)),
                                          active,      township};
        };
        auto imported = hub::store::import_flags(
            hub.database(), hub::store::HubRules{},
            std::vector{flag(1, domain::Population::RegisteredPoor, true, kKiosk.township),
                        flag(1, domain::Population::Disabled, false, kKiosk.township),
                        flag(2, domain::Population::Tuberculosis, true, kKiosk.township),
                        flag(3, domain::Population::RegisteredPoor, true, "500115001")},
            kNow);
        REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().diagnostics));

        // The township's active registry: its own residents only, each Flag
        // naming the resident's document (the kiosk's lookup key offline).
        const auto township = hub.get("Flag", {{"status", "active"}});
        REQUIRE(township.status == 200);
        CHECK(township.body["type"] == "searchset");
        REQUIRE(township.body["entry"].size() == 2);
        std::set<std::string> named;
        for (const auto& entry : township.body["entry"]) {
            const json& subject = entry["resource"]["subject"];
            CHECK(subject["identifier"]["system"] == std::string(jiayi::fhir::kResidentIdSystem));
            named.insert(subject["identifier"]["value"].get<std::string>());
        }
        CHECK(named == std::set<std::string>{resident(1), resident(2)});
        CHECK(hub.get("Flag", {}).body["entry"].size() == 3);  // the inactive one too
        REQUIRE(township.etag);
        CHECK(hub.get("Flag", {{"status", "active"}}, township.etag).status == 304);
        // Another township's kiosk sees its own list, not this one.
        const hub::fhir::Caller elsewhere{"hc-500115-01", "500115001"};
        const auto other = hub.get("Flag", {{"status", "active"}}, std::nullopt, elsewhere);
        REQUIRE(other.status == 200);
        CHECK(other.body["entry"].size() == 1);
        // A parameter the search does not know is refused, not ignored.
        CHECK(hub.get("Flag", {{"code", "registered-poor"}}).status == 400);

        // One resident's flags, as a kiosk asks when they identify.
        const std::string identifier =
            std::string(jiayi::fhir::kResidentIdSystem) + "|" + resident(1);
        const auto one =
            hub.get("Flag", {{"patient.identifier", identifier}, {"status", "active"}});
        REQUIRE(one.status == 200);
        REQUIRE(one.body["entry"].size() == 1);
        const json& coding = one.body["entry"][0]["resource"]["code"]["coding"][0];
        CHECK(coding["code"] == std::string(domain::code(domain::Population::RegisteredPoor)));
        CHECK(hub.get("Flag", {{"patient.identifier", identifier}}).body["entry"].size() == 2);
    });
}

// The stored body and its hash are canonical(resource): byte for byte what
// nlohmann's dump() writes without `meta`, or a replay of a body stored by an
// earlier hub would read as a different body.
TEST_CASE("canonical() writes what dump() writes, without the top-level meta") {
    const std::string base64(20'000, 'Q');
    const std::vector<json> samples = {
        patient(resident(1)),
        signing_bundle(resident(2), uuid(2), "team-a"),
        json{{"resourceType", "Provenance"},
             {"meta", {{"versionId", "3"}, {"lastUpdated", "2026-12-01T00:00:00Z"}}},
             {"signature", json::array({{{"data", base64}, {"sigFormat", "image/png"}}})},
             {"contained", json::array({{{"meta", {{"versionId", "1"}}}, {"id", "kept"}}})}},
        json{{"quote\"back\\slash", "tab\tnew\nline\rbell\x07 del\x7f"},
             {"测试", "签约 ünïcode 🏥"},
             {"numbers", json::array({0, -1, 42u, 18446744073709551615u, -9223372036854775807 - 1,
                                      1.5, 3.0, -0.0, 1e300, 4.9e-324, 0.1})},
             {"kinds", json::array({nullptr, true, false, json::object(), json::array(), ""})},
             {"nested", {{"meta", "not the top level: kept"}, {"a", {{"b", {{"c", "d"}}}}}}}},
        json::array({1, "two", json::object({{"meta", 3}})}),
        json("a string alone"),
    };
    for (const json& sample : samples) {
        json without = sample;
        if (without.is_object()) {
            without.erase("meta");
        }
        CHECK(hub::store::canonical(sample) == without.dump());
    }
    // Parsed text, as a kiosk's body arrives: the same again.
    const json parsed = json::parse(samples[3].dump());
    CHECK(hub::store::canonical(parsed) == parsed.dump());
}

// A Bundle's creations without rule rows go in one statement (create_plain);
// what is already stored still answers one by one, in the Bundle's order.
TEST_CASE(
    "a Bundle's plain creations: stored ones replay, a different one is a conflict at its entry") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const auto response = [](const std::string& id, const std::string& status) {
            return json{{"resourceType", "QuestionnaireResponse"}, {"id", id}, {"status", status}};
        };
        const auto bundle = [](const std::vector<json>& resources) {
            json entries = json::array();
            for (const json& r : resources) {
                entries.push_back(
                    {{"resource", r},
                     {"request",
                      {{"method", "PUT"},
                       {"url", "QuestionnaireResponse/" + r["id"].get<std::string>()}}}});
            }
            return json{{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", entries}};
        };
        const std::string q1 = uuid(1, 'q'), q2 = uuid(2, 'q'), q3 = uuid(3, 'q'),
                          q4 = uuid(4, 'q');
        REQUIRE(hub.put("QuestionnaireResponse/" + q1, response(q1, "completed")).status == 201);

        // One stored already (same body), one new: both answered as created.
        const auto mixed = hub.post(bundle({response(q1, "completed"), response(q2, "completed")}));
        REQUIRE_MESSAGE(mixed.status == 200, mixed.body.dump());
        for (const json& entry : mixed.body["entry"]) {
            CHECK(entry["response"]["status"] == "201 Created");
            CHECK(entry["response"]["etag"] == "W/\"1\"");
        }
        CHECK(hub.count("SELECT COUNT(*) FROM resources WHERE type = 'QuestionnaireResponse'") ==
              2);
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE type = 'QuestionnaireResponse'") == 2);

        // A new one and a different body under a stored id: the conflict names
        // its entry, and the new one is not kept.
        const auto conflict =
            hub.post(bundle({response(q3, "completed"), response(q1, "amended")}));
        CHECK(conflict.status == 409);
        CHECK(code_of(conflict) == "conflict");
        CHECK(conflict.body["issue"][0]["expression"][0] == "Bundle.entry[1]");
        CHECK(hub.count("SELECT COUNT(*) FROM resources WHERE type = 'QuestionnaireResponse'") ==
              2);

        // The same resource twice in one Bundle: once stored, both answered.
        const auto twice = hub.post(bundle({response(q4, "completed"), response(q4, "completed")}));
        REQUIRE_MESSAGE(twice.status == 200, twice.body.dump());
        CHECK(twice.body["entry"].size() == 2);
        CHECK(hub.count("SELECT COUNT(*) FROM resources WHERE type = 'QuestionnaireResponse'") ==
              3);
        CHECK(hub.count("SELECT COUNT(*) FROM history WHERE type = 'QuestionnaireResponse'") == 3);
    });
}
