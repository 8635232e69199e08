#pragma once
// A hub on a fresh database (any backend): schema migrated, teams and slots
// imported, the service with a fixed clock; requests as a kiosk sends them.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hub/fhir/outcome.hpp"
#include "hub/store/hub_service.hpp"
#include "hub/store/imports.hpp"
#include "hub/store/schema.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "support/people.hpp"

namespace jiayi::test {

using nlohmann::json;

// 2026-12-01 10:00 in the district (UTC+8).
inline constexpr Instant kNow{1796090400};

inline const hub::fhir::Caller kKiosk{"hc-500114-01", "500114-01"};
inline const hub::fhir::Caller kOtherKiosk{"hc-500114-02", "500114-02"};

inline std::string resident(int n) {
    char sequence[8];
    std::snprintf(sequence, sizeof sequence, "%03d", n % 1000);
    return make_id("500114", n < 1000 ? "19700101" : "19710101", sequence);
}

inline json patient(const std::string& number, const std::string& family = "Test") {
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", std::string(jiayi::fhir::kResidentIdSystem)},
                                         {"value", number}}})},
            {"name", json::array({{{"family", family}}})}};
}

inline json episode(const std::string& id, const std::string& patient_reference,
                    const std::string& team, const std::string& status = "active",
                    const std::string& kind = "new", const std::string& start = "2026-12-01",
                    const std::string& end = "2027-11-30") {
    return {{"resourceType", "EpisodeOfCare"},
            {"id", id},
            {"status", status},
            {"type",
             json::array({{{"coding",
                            json::array({{{"system", std::string(jiayi::fhir::kContractTypeSystem)},
                                          {"code", kind}}})}}})},
            {"patient", {{"reference", patient_reference}}},
            {"managingOrganization", {{"reference", "Organization/" + team}}},
            {"period", {{"start", start}, {"end", end}}}};
}

inline json appointment(const std::string& id, const std::string& patient_id,
                        const std::string& slot, const std::string& status = "booked") {
    return {{"resourceType", "Appointment"},
            {"id", id},
            {"status", status},
            {"start", "2026-12-10T01:00:00Z"},
            {"end", "2026-12-10T01:30:00Z"},
            {"slot", json::array({{{"reference", "Slot/" + slot}}})},
            {"participant", json::array({{{"actor", {{"reference", "Patient/" + patient_id}}},
                                          {"status", "accepted"}}})}};
}

// A signing as the kiosk's outbox sends it: the resident by identifier, the
// contract referring to them by the bundle's urn.
inline json signing_bundle(const std::string& number, const std::string& episode_id,
                           const std::string& team, const std::string& kind = "new",
                           const std::string& start = "2026-12-01") {
    const std::string urn = "urn:uuid:" + episode_id.substr(0, 8) + "-0000-4000-8000-000000000001";
    return {{"resourceType", "Bundle"},
            {"type", "transaction"},
            {"entry",
             json::array({
                 {{"fullUrl", urn},
                  {"resource", patient(number)},
                  {"request",
                   {{"method", "PUT"},
                    {"url", "Patient?identifier=" + std::string(jiayi::fhir::kResidentIdSystem) +
                                "|" + number}}}},
                 {{"fullUrl", "urn:uuid:" + episode_id},
                  {"resource", episode(episode_id, urn, team, "active", kind, start,
                                       start.substr(0, 4) == "2026" ? "2027-11-30" : "2028-11-30")},
                  {"request", {{"method", "PUT"}, {"url", "EpisodeOfCare/" + episode_id}}}},
             })}};
}

// "e-0001" style ids are FHIR ids; the tests use UUID-shaped ones like a kiosk.
inline std::string uuid(int n, char kind = 'e') {
    char text[40];
    std::snprintf(text, sizeof text, "%08x-0000-4000-8000-%c%011d", static_cast<unsigned>(n),
                  kind == 'e' ? 'e' : 'a', n);
    return text;
}

class Hub {
  public:
    explicit Hub(hub::db::Database& database, hub::store::HubRules rules = {}, Instant now = kNow)
        : database_(database), service_(database, rules, [now] { return now; }) {
        auto migrated = hub::store::migrate(database);
        REQUIRE_MESSAGE(migrated.ok(), (migrated.ok() ? "" : migrated.error().message));
    }

    hub::fhir::Answer put(const std::string& path, const json& body,
                          std::optional<std::string> if_match = {},
                          const hub::fhir::Caller& caller = kKiosk) {
        hub::fhir::Request request;
        request.method = hub::fhir::Method::put;
        request.path = path;
        request.body = body.dump();
        request.if_match = std::move(if_match);
        return service_.handle(caller, request);
    }
    hub::fhir::Answer put_patient(const std::string& number, const json& body,
                                  const hub::fhir::Caller& caller = kKiosk) {
        hub::fhir::Request request;
        request.method = hub::fhir::Method::put;
        request.path = "Patient";
        request.query = {
            {"identifier", std::string(jiayi::fhir::kResidentIdSystem) + "|" + number}};
        request.body = body.dump();
        return service_.handle(caller, request);
    }
    hub::fhir::Answer post(const json& bundle, const hub::fhir::Caller& caller = kKiosk) {
        return post_text(bundle.dump(), caller);
    }
    hub::fhir::Answer post_text(const std::string& body, const hub::fhir::Caller& caller = kKiosk) {
        hub::fhir::Request request;
        request.method = hub::fhir::Method::post;
        request.body = body;
        return service_.handle(caller, request);
    }
    hub::fhir::Answer get(const std::string& path,
                          std::vector<std::pair<std::string, std::string>> query = {},
                          std::optional<std::string> if_none_match = {},
                          const hub::fhir::Caller& caller = kKiosk) {
        hub::fhir::Request request;
        request.method = hub::fhir::Method::get;
        request.path = path;
        request.query = std::move(query);
        request.if_none_match = std::move(if_none_match);
        return service_.handle(caller, request);
    }

    std::int64_t count(const std::string& sql) {
        std::int64_t n = -1;
        auto done = database_.transact(
            hub::db::Mode::read,
            [&](hub::db::Transaction& tx) -> Result<hub::db::Finish, hub::db::Error> {
                auto rows = tx.query(sql);
                if (!rows) {
                    return fail(rows.error());
                }
                n = rows.value().at(0).integer(0);
                return hub::db::Finish::commit;
            });
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
        return n;
    }

    void teams(std::vector<hub::store::TeamRecord> rows) {
        auto done = hub::store::import_teams(database_, hub::store::HubRules{}, rows, kNow);
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
    }
    void team(const std::string& id, int capacity = 1500, bool closed = false,
              const std::string& township = kKiosk.township) {
        teams({{id, "Team " + id, "hc-500114", township, capacity, closed}});
    }
    void slots(int n, const std::string& schedule = "sch-1") {
        std::vector<hub::store::SlotRecord> rows;
        for (int i = 0; i < n; ++i) {
            char start[32];
            std::snprintf(start, sizeof start, "2026-12-%02dT%02d:00:00Z", 10 + i / 10, i % 10);
            char end[32];
            std::snprintf(end, sizeof end, "2026-12-%02dT%02d:30:00Z", 10 + i / 10, i % 10);
            // sch-1's slots are slot-0, slot-1…; another schedule's are its own.
            const std::string id =
                (schedule == "sch-1" ? "slot-" : schedule + "-slot-") + std::to_string(i);
            rows.push_back({id, schedule, "Cardiology", start, end, true});
        }
        auto done = hub::store::import_slots(database_, hub::store::HubRules{}, rows, kNow);
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
    }

    // Signs a resident (new contract, via a bundle); the hub's Patient id.
    std::string sign(int n, const std::string& team) {
        const auto answer = post(signing_bundle(resident(n), uuid(n), team));
        REQUIRE_MESSAGE(answer.status == 200, answer.body.dump());
        const std::string location = answer.body["entry"][0]["response"]["location"];
        return location.substr(8, location.find('/', 8) - 8);
    }

    hub::store::HubService& service() { return service_; }
    hub::db::Database& database() { return database_; }

  private:
    hub::db::Database& database_;
    hub::store::HubService service_;
};

inline std::string code_of(const hub::fhir::Answer& answer) {
    return hub::fhir::refusal_code(answer.body);
}

}  // namespace jiayi::test
