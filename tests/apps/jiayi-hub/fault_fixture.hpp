#pragma once
// What the hub's fault and two-process tests share (issue 10, "Tests":
// faults and races): the hub process's options (tests/support/hub_process.hpp)
// for one kiosk, the teams and slots an administrator imports, signing Bundles built by the kiosk's
// own mapping (kiosk/fhir) for made-up residents, and a kiosk's HTTP client on loopback.

#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"
#include "hub/store/imports.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "support/fhir_samples.hpp"
#include "support/hub_process.hpp"
#include "support/people.hpp"

namespace jiayi::test::hub_faults {

using nlohmann::json;

// The kiosk every request comes from, and its township's teams.
inline const std::string kKiosk = "hc-500114-01";
inline const std::string kTownship = "500114001";
inline constexpr Instant kSetUp{1796090400};  // 2026-12-01 10:00 in the district

inline std::unique_ptr<hub::db::Database> open_database(const std::string& url) {
    auto opened = hub::db::open(url, {.connections = 2, .busy_timeout_ms = 10000, .retries = 20});
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

// Every row of `sql` (a read on its own snapshot).
inline std::vector<hub::db::Row> rows(hub::db::Database& database, const std::string& sql) {
    std::vector<hub::db::Row> answer;
    auto done =
        database.transact(hub::db::Mode::read,
                          [&](hub::db::Transaction& tx) -> Result<hub::db::Finish, hub::db::Error> {
                              auto read = tx.query(sql);
                              if (!read) {
                                  return fail(read.error());
                              }
                              answer = std::move(read).value();
                              return hub::db::Finish::commit;
                          });
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
    return answer;
}

inline std::int64_t count(hub::db::Database& database, const std::string& sql) {
    const auto found = rows(database, sql);
    REQUIRE(found.size() == 1);
    return found[0].integer(0);
}

// The set of the first column's texts.
inline std::set<std::string> texts(hub::db::Database& database, const std::string& sql) {
    std::set<std::string> answer;
    for (const auto& row : rows(database, sql)) {
        answer.insert(row.text(0));
    }
    return answer;
}

// The hub's options for the kiosk of these tests: its token is issued by
// `jiayi-hub init` + `token issue` when the HubProcess is made; the process
// is not started, so the test imports its teams and slots first.
inline HubProcessOptions hub_options(const std::string& database_url = "") {
    HubProcessOptions options;
    options.database = database_url;
    options.kiosk = kKiosk;
    options.township = kTownship;
    options.start = false;
    return options;
}

// What an administrator imports before the first kiosk connects (`import
// teams`, `import slots`), through the store's own import functions on the
// database: `teams`, and `slots` pool slots on one schedule.
inline void import_data(hub::db::Database& database,
                        const std::vector<hub::store::TeamRecord>& teams, int slots = 0) {
    auto imported = hub::store::import_teams(database, hub::store::HubRules{}, teams, kSetUp);
    REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().diagnostics));
    if (slots > 0) {
        std::vector<hub::store::SlotRecord> rows;
        for (int i = 0; i < slots; ++i) {
            char start[32];
            char end[32];
            std::snprintf(start, sizeof start, "2026-12-%02dT%02d:00:00Z", 10 + i / 10, i % 10);
            std::snprintf(end, sizeof end, "2026-12-%02dT%02d:30:00Z", 10 + i / 10, i % 10);
            rows.push_back({"slot-" + std::to_string(i), "sch-1", "Cardiology", start, end, true});
        }
        auto done = hub::store::import_slots(database, hub::store::HubRules{}, rows, kSetUp);
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
    }
}

inline hub::store::TeamRecord team(const std::string& id, int capacity = 1500) {
    return {id, "Team " + id, "hc-500114", kTownship, capacity, false};
}

// One made-up resident's first signing, as the kiosk's outbox sends it
// (kiosk/fhir signing_bundle): a conditional Patient, the EpisodeOfCare, the
// signature's Provenance and the privacy Consent, all or nothing. Resident
// `n` (0 ≤ n < 40 000) has a number of their own.
struct Signing {
    std::string number;  // the resident's ID number (fake, checksummed)
    std::string episode;
    std::string provenance;
    std::string consent;
    json bundle;
};

inline std::string numbered_uuid(const char* prefix, int n) {
    char text[40];
    std::snprintf(text, sizeof text, "%s-4000-8000-%012d", prefix, n);
    return text;
}

inline Signing signing(int n, const std::string& team_id) {
    char birth[16];
    std::snprintf(birth, sizeof birth, "19%02d0101", 50 + n / 1000);
    char sequence[8];
    std::snprintf(sequence, sizeof sequence, "%03d", n % 1000);
    Signing made;
    made.number = make_id("500114", birth, sequence);
    made.episode = numbered_uuid("0a7e5c2a-0000", n);
    made.provenance = numbered_uuid("0a7e5c2a-0001", n);
    made.consent = numbered_uuid("0a7e5c2a-0002", n);

    fhir::SigningSubmission submission;
    submission.resident = {numbered_uuid("6f1c1b0e-0000", n),
                           document_of(made.number, fhir_samples::kToday), "测试甲", "", ""};
    submission.episode.contract =
        fhir_samples::contract(made.episode, submission.resident, domain::ContractType::New);
    submission.episode.contract.team_id = team_id;
    submission.signature = fhir_samples::signature(made.provenance);
    submission.signature->kiosk_id = kKiosk;
    submission.privacy_consent =
        fhir::PrivacyConsent{made.consent, fhir_samples::kToday, "privacy-2025-1"};
    made.bundle = fhir::signing_bundle(submission);
    return made;
}

// A kiosk's connection to one hub: keep-alive HTTP on loopback, its token.
class Kiosk {
  public:
    struct Answer {
        int status = -1;  // -1: no answer (connection refused, reset, timed out)
        std::string body;
        std::string etag;
        json parsed() const { return json::parse(body, nullptr, false); }
    };

    Kiosk(int port, const std::string& token) : client_("127.0.0.1", port) {
        client_.set_keep_alive(true);
        client_.set_bearer_token_auth(token.c_str());
        client_.set_connection_timeout(10);
        client_.set_read_timeout(60);
        client_.set_write_timeout(60);
    }

    Answer post(const json& bundle) {
        return answer(client_.Post("/fhir", bundle.dump(), "application/fhir+json"));
    }
    Answer get(const std::string& path) { return answer(client_.Get(("/fhir/" + path).c_str())); }

  private:
    static Answer answer(const httplib::Result& result) {
        Answer made;
        if (!result) {
            return made;
        }
        made.status = result->status;
        made.body = result->body;
        made.etag = result->get_header_value("ETag");
        return made;
    }

    httplib::Client client_;
};

// The refusal code of an OperationOutcome answer (hub-fhir.md), or "".
inline std::string refusal_code(const Kiosk::Answer& answer) {
    return hub::fhir::refusal_code(answer.parsed());
}

}  // namespace jiayi::test::hub_faults
