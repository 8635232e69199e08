// A real jiayi-hub process on loopback (tests/support/hub_process.hpp), on a
// SQLite file and on this binary's own PostgreSQL: what a kiosk sees over
// HTTP — the capability statement without a token, a signing Bundle built by
// kiosk/fhir, its replay, a second team refused, tokens unknown and revoked,
// a graceful stop and a restart on the same data, TLS.

#include <doctest/doctest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
#include "hub/store/imports.hpp"
#include "support/fhir_samples.hpp"
#include "support/hub_process.hpp"
#include "support/postgres.hpp"

using namespace jiayi;
using namespace jiayi::test;
using nlohmann::json;

namespace {

constexpr const char* kFhirJson = "application/fhir+json";

struct Backend {
    std::string name;
    std::function<std::string()> database;  // a fresh, empty database's URL ("": SQLite)
};

std::vector<Backend> backends() {
    return {{"sqlite", [] { return std::string(); }},
            {"postgresql", [] { return fresh_postgres_database(); }}};
}

// The teams the samples sign with (fhir_samples: team-dongcheng-01/02), in
// the township the kiosk's token writes for — the administrator's import,
// through the store's typed rows.
void import_teams(const std::string& url) {
    auto opened = hub::db::open(url);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    const std::vector<hub::store::TeamRecord> teams = {
        {"team-dongcheng-01", "测试东城一队", "hc-110101", "110101-01", 1500, false},
        {"team-dongcheng-02", "测试东城二队", "hc-110101", "110101-01", 1500, false},
    };
    auto done = hub::store::import_teams(*opened.value(), hub::store::HubRules{}, teams,
                                         Instant{1773100000});
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
}

// A hub with the teams imported, serving.
std::unique_ptr<HubProcess> hub_on(const Backend& backend) {
    HubProcessOptions options;
    options.database = backend.database();
    options.start = false;
    // Revocation at once (no token cache, hub/README.md "Tokens"): the
    // revoked kiosk below is refused on its next request — which also shows
    // that serve reads [server] token_cache_seconds (the default 5 s would
    // still let it in).
    options.extra_config = "token_cache_seconds = 0\n";
    auto hub = std::make_unique<HubProcess>(options);
    import_teams(hub->database_url());
    hub->start();
    return hub;
}

std::string refusal_code(const std::string& body) {
    const auto outcome = json::parse(body, nullptr, false);
    if (outcome.is_discarded() || !outcome.contains("issue")) {
        return "";
    }
    const auto& issue = outcome["issue"][0];
    if (!issue.contains("details")) {
        return "";
    }
    return issue["details"]["coding"][0].value("code", "");
}

// The same resident signed again (fresh kiosk ids), to the other team.
fhir::SigningSubmission second_team_signing() {
    auto signing = fhir_samples::new_signing();
    signing.episode.contract.id = "0a7e5c2a-0000-4000-8000-000000000901";
    signing.episode.contract.team_id = "team-dongcheng-02";
    signing.signature = fhir_samples::signature("0a7e5c2a-0000-4000-8000-000000000902");
    signing.privacy_consent = fhir::PrivacyConsent{"0a7e5c2a-0000-4000-8000-000000000903",
                                                   fhir_samples::kToday, "privacy-2025-1"};
    return signing;
}

// The responses' status and location per entry: what a kiosk keeps of an
// answer (the timestamps of a replay are the first write's too, but a kiosk
// does not look at them).
std::vector<std::pair<std::string, std::string>> outcomes_of(const std::string& body) {
    std::vector<std::pair<std::string, std::string>> outcomes;
    const json answer = json::parse(body);  // kept: a range-for over a temporary's member dangles
    for (const auto& entry : answer.at("entry")) {
        outcomes.emplace_back(entry["response"].value("status", ""),
                              entry["response"].value("location", ""));
    }
    return outcomes;
}

}  // namespace

TEST_CASE("jiayi-hub process: metadata, a signing Bundle, its replay, a second team, tokens") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        auto hub = hub_on(backend);

        auto anonymous = hub->client("");
        auto res = anonymous.Get("/fhir/metadata");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(json::parse(res->body)["resourceType"] == "CapabilityStatement");
        res = anonymous.Get("/health");
        REQUIRE(res);
        CHECK(res->status == 200);
        res = anonymous.Get("/fhir/EpisodeOfCare/0a7e5c2a-0000-4000-8000-000000000101");
        REQUIRE(res);
        CHECK(res->status == 401);

        auto kiosk = hub->client();
        const auto signing = fhir_samples::new_signing();
        const std::string bundle = fhir::signing_bundle(signing).dump();
        auto first = kiosk.Post("/fhir", bundle, kFhirJson);
        REQUIRE(first);
        REQUIRE_MESSAGE(first->status == 200, first->body);
        const auto written = outcomes_of(first->body);
        REQUIRE_MESSAGE(written.size() >= 3,
                        first->body);  // Patient, EpisodeOfCare, Provenance, Consent

        // Every entry's resource reads back at its location.
        for (const auto& [status, location] : written) {
            CAPTURE(location);
            CHECK(status.starts_with("20"));
            const std::string path = "/fhir/" + location.substr(0, location.find("/_history"));
            auto read = kiosk.Get(path.c_str());
            REQUIRE(read);
            CHECK(read->status == 200);
        }
        auto episode = kiosk.Get("/fhir/EpisodeOfCare/" + signing.episode.contract.id);
        REQUIRE(episode);
        CHECK(episode->status == 200);
        const auto stored = json::parse(episode->body);
        CHECK(stored["status"] == "active");
        CHECK(stored["managingOrganization"]["reference"] == "Organization/team-dongcheng-01");

        // The kiosk's retry after a lost answer: the same answer, nothing new.
        auto replay = kiosk.Post("/fhir", bundle, kFhirJson);
        REQUIRE(replay);
        CHECK(replay->status == 200);
        CHECK(outcomes_of(replay->body) == written);
        auto again = kiosk.Get("/fhir/EpisodeOfCare/" + signing.episode.contract.id);
        REQUIRE(again);
        CHECK(again->get_header_value("ETag") == episode->get_header_value("ETag"));

        // The same resident to another team, from a second visit: refused.
        auto second =
            kiosk.Post("/fhir", fhir::signing_bundle(second_team_signing()).dump(), kFhirJson);
        REQUIRE(second);
        CHECK(second->status == 422);
        CHECK(refusal_code(second->body) == "already-signed");
        auto absent = kiosk.Get("/fhir/EpisodeOfCare/0a7e5c2a-0000-4000-8000-000000000901");
        REQUIRE(absent);
        CHECK(absent->status == 404);

        // Tokens: an unknown one, then the kiosk's own once revoked.
        auto stranger = hub->client(std::string(64, 'a'));
        res = stranger.Get("/fhir/EpisodeOfCare/" + signing.episode.contract.id);
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(refusal_code(res->body) == "unknown-token");
        CHECK(hub->admin("token revoke hc-110101-01").status == 0);
        res = kiosk.Get("/fhir/EpisodeOfCare/" + signing.episode.contract.id);
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(refusal_code(res->body) == "unknown-token");
        // Nothing of the tokens or the resident reached the log.
        const std::string log = hub->stderr_text();
        CHECK(log.find(hub->token()) == std::string::npos);
        CHECK(log.find(signing.resident.document.number) == std::string::npos);

        CHECK(hub->stop() == 0);
    }
}

TEST_CASE("jiayi-hub process: SIGTERM ends it with 0 and a restart serves the same data") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        auto hub = hub_on(backend);
        auto kiosk = hub->client();
        const auto signing = fhir_samples::new_signing();
        auto first = kiosk.Post("/fhir", fhir::signing_bundle(signing).dump(), kFhirJson);
        REQUIRE(first);
        REQUIRE_MESSAGE(first->status == 200, first->body);
        const std::string path = "/fhir/EpisodeOfCare/" + signing.episode.contract.id;
        auto before = kiosk.Get(path.c_str());
        REQUIRE(before);
        REQUIRE(before->status == 200);

        const ProcessEnd end = hub->stop();
        CHECK(end.exited);
        CHECK(end.code == 0);
        CHECK(hub->stderr_text().find("stopped") != std::string::npos);

        hub->start();
        auto restarted = hub->client();
        auto after = restarted.Get(path.c_str());
        REQUIRE(after);
        CHECK(after->status == 200);
        CHECK(after->body == before->body);
        CHECK(after->get_header_value("ETag") == before->get_header_value("ETag"));
        // The resident is still signed: the second team is still refused.
        auto second =
            restarted.Post("/fhir", fhir::signing_bundle(second_team_signing()).dump(), kFhirJson);
        REQUIRE(second);
        CHECK(second->status == 422);
        CHECK(hub->stop() == 0);
    }
}

TEST_CASE("jiayi-hub process: serve refuses a database that was never initialised") {
    for (const auto& backend : backends()) {
        CAPTURE(backend.name);
        HubProcessOptions options;
        options.database = backend.database();
        options.initialise = false;
        options.start = false;
        HubProcess hub(options);
        const auto refused = hub.try_start();
        REQUIRE(refused.has_value());
        CHECK(refused->find("exit 1") != std::string::npos);
        CHECK(refused->find("run `jiayi-hub init`") != std::string::npos);
        // Once initialised, the same configuration serves.
        hub.must_admin("init");
        CHECK_FALSE(hub.try_start().has_value());
        CHECK(hub.stop() == 0);
    }
}

TEST_CASE("jiayi-hub process: with a certificate it serves HTTPS, and no plain HTTP") {
    TempDir keys;
    const auto certificate = keys / "hub.crt";
    const auto key = keys / "hub.key";
    const std::string command =
        std::string(OPENSSL_TOOL) +
        " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=jiayi-hub-test -addext subjectAltName=IP:127.0.0.1 -keyout " +
        key.string() + " -out " + certificate.string() + " 2>" + (keys / "openssl.log").string();
    REQUIRE(std::system(command.c_str()) == 0);

    HubProcessOptions options;
    options.certificate = certificate;
    options.private_key = key;
    HubProcess hub(options);
    CHECK(hub.base_url().starts_with("https://"));

    auto client = hub.client();  // verifies the chain against the certificate
    auto res = client.Get("/fhir/metadata");
    REQUIRE(res);
    CHECK(res->status == 200);
    res = client.Get("/fhir/EpisodeOfCare/0a7e5c2a-0000-4000-8000-000000000101");
    REQUIRE(res);
    CHECK(res->status == 404);  // authenticated, and nothing there

    httplib::Client plain("127.0.0.1", hub.port());
    plain.set_connection_timeout(5);
    plain.set_read_timeout(5);
    auto refused = plain.Get("/fhir/metadata");
    CHECK((!refused || refused->status != 200));
    CHECK(hub.stop() == 0);
}
