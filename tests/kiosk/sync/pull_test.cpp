// kiosk/sync's pulls (pull.hpp) against a real jiayi-hub on loopback: the
// center's teams with the hub's capacity and count, the township's
// key-population registry sealed in the kiosk's store, ETags kept across
// passes, and answers that change nothing when they are bad.

#include <doctest/doctest.h>

#include "kiosk/domain/team.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "kiosk/sync/push.hpp"
#include "kiosk/sync/sync_fixture.hpp"
#include "support/run.hpp"

namespace jiayi::test::sync_tests {

namespace {

const std::string kCenter = "hc-500114";  // hub_faults::team()'s center

sync::PullOptions pull_options() {
    sync::PullOptions options;
    options.center = kCenter;
    return options;
}

sync::PullReport pull(KioskSide& kiosk, sync::HubClient& client) {
    return sync::pull(*kiosk.store.store, client, pull_options(), kClock);
}

std::vector<domain::Team> teams_of(KioskSide& kiosk) {
    auto teams = kiosk.store.store->teams();
    REQUIRE(teams.ok());
    return teams.value();
}

const domain::Team* find_team(const std::vector<domain::Team>& teams, const std::string& id) {
    for (const auto& t : teams) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

// As an administrator would: `import teams` / `import flags` on the hub's
// database while it serves.
void import_teams(HubSide& hub, const std::vector<hub::store::TeamRecord>& teams) {
    auto database = hub_faults::open_database(hub.hub.database_url());
    auto done =
        hub::store::import_teams(*database, hub::store::HubRules{}, teams, hub_faults::kSetUp);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
}

void import_flags(HubSide& hub, const std::vector<hub::store::FlagRecord>& flags) {
    auto database = hub_faults::open_database(hub.hub.database_url());
    auto done =
        hub::store::import_flags(*database, hub::store::HubRules{}, flags, hub_faults::kSetUp);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().diagnostics));
}

hub::store::FlagRecord flag_of(const std::string& number, domain::Population population,
                               bool active = true) {
    return {"",     std::string(fhir::kResidentIdSystem),
            number, std::string(domain::code(population)),
            active, kTownship};
}

std::optional<domain::PopulationSet> registry_of(KioskSide& kiosk, const std::string& number) {
    auto found = kiosk.store.store->registry_populations(number, kStoreToday);
    REQUIRE(found.ok());
    return found.value();
}

std::string file_and_wal(const std::filesystem::path& db) {
    std::string all = read_whole(db);
    const std::filesystem::path wal = db.string() + "-wal";
    if (std::filesystem::exists(wal)) {
        all += read_whole(wal);
    }
    return all;
}

}  // namespace

TEST_CASE("pull: the center's teams reach the store with the hub's capacity and count") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    // One signing on team-small (capacity 1), pushed: the hub counts it.
    kiosk.sign(1, "team-small");
    REQUIRE_FALSE(kiosk.push(client).failure.has_value());
    REQUIRE_FALSE(kiosk.store.store->pulled("teams").value().has_value());

    const sync::PullReport report = pull(kiosk, client);
    INFO((report.failure ? report.failure->message : ""));
    REQUIRE_FALSE(report.failure.has_value());
    CHECK(report.teams == sync::Pulled::Changed);
    CHECK(report.team_count == 2);
    const auto teams = teams_of(kiosk);
    REQUIRE(teams.size() == 2);
    const domain::Team* roomy = find_team(teams, "team-a");
    const domain::Team* small = find_team(teams, "team-small");
    REQUIRE(roomy != nullptr);
    REQUIRE(small != nullptr);
    CHECK(roomy->name == "Team team-a");
    CHECK(roomy->capacity == 1500);
    CHECK(roomy->signed_count == 0);
    CHECK(roomy->open);
    CHECK(small->capacity == 1);
    CHECK(small->signed_count == 1);
    // The full team is on file but does not take one more.
    CHECK_FALSE(domain::check_team_accepts(*small, domain::TeamRules{}).ok());
    CHECK(domain::check_team_accepts(*roomy, domain::TeamRules{}).ok());

    const auto kept = kiosk.store.store->pulled("teams").value();
    REQUIRE(kept.has_value());
    CHECK_FALSE(kept->etag.empty());
    CHECK(kept->pulled_at == to_iso8601(kStoreNow));
}

TEST_CASE("pull: a second pull sends the ETag and gets 304, also after a restart") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    import_flags(hub, {flag_of(test_resident(7).document.number, domain::Population::Disabled)});
    const sync::PullReport first = pull(kiosk, client);
    REQUIRE_FALSE(first.failure.has_value());
    REQUIRE(first.teams == sync::Pulled::Changed);
    REQUIRE(first.flags == sync::Pulled::Changed);

    kiosk.store.reopen();  // the ETags are the store's, not the process's
    sync::HubClient again(kiosk.endpoint(hub.hub.base_url()));
    const sync::PullReport second = pull(kiosk, again);
    REQUIRE_FALSE(second.failure.has_value());
    CHECK(second.teams == sync::Pulled::NotModified);
    CHECK(second.flags == sync::Pulled::NotModified);
    CHECK(teams_of(kiosk).size() == 2);  // a 304 keeps the list
    CHECK(registry_of(kiosk, test_resident(7).document.number) ==
          domain::PopulationSet{domain::Population::Disabled});

    // A count that moves changes the list's ETag: the next pull is a 200.
    kiosk.sign(2, "team-a");
    REQUIRE_FALSE(kiosk.push(again).failure.has_value());
    const sync::PullReport third = pull(kiosk, again);
    CHECK(third.teams == sync::Pulled::Changed);
    CHECK(find_team(teams_of(kiosk), "team-a")->signed_count == 1);
}

TEST_CASE("pull: a team closed on the hub is not offered, one moved away is gone") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    import_teams(hub, {hub_faults::team("team-b")});
    REQUIRE_FALSE(pull(kiosk, client).failure.has_value());
    REQUIRE(teams_of(kiosk).size() == 3);

    // team-a closes; team-b now belongs to another center.
    hub::store::TeamRecord closed = hub_faults::team("team-a");
    closed.closed = true;
    hub::store::TeamRecord moved = hub_faults::team("team-b");
    moved.center_id = "hc-500114-other";
    import_teams(hub, {closed, moved});
    const sync::PullReport report = pull(kiosk, client);
    REQUIRE_FALSE(report.failure.has_value());
    CHECK(report.teams == sync::Pulled::Changed);
    const auto teams = teams_of(kiosk);
    CHECK(teams.size() == 2);
    CHECK(find_team(teams, "team-b") == nullptr);
    const domain::Team* a = find_team(teams, "team-a");
    REQUIRE(a != nullptr);
    CHECK_FALSE(a->open);
    CHECK(domain::check_team_accepts(*a, domain::TeamRules{}).error() ==
          domain::Refusal::TeamClosed);
}

TEST_CASE(
    "pull: a team's lead doctor, phone, specialties and villages come from the hub's import") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    hub::store::TeamRecord described = hub_faults::team("team-b");
    described.leader = "王医生";
    described.leader_phone = "023-65123456";
    described.specialties = {"慢病管理", "中医"};
    described.villages = {"张家村", "河口社区"};
    import_teams(hub, {described});
    REQUIRE_FALSE(pull(kiosk, client).failure.has_value());
    const auto teams = teams_of(kiosk);
    const domain::Team* b = find_team(teams, "team-b");
    REQUIRE(b != nullptr);
    CHECK(b->leader == "王医生");
    CHECK(b->leader_phone == "023-65123456");
    CHECK(b->specialties == std::vector<std::string>{"慢病管理", "中医"});
    CHECK(b->villages == std::vector<std::string>{"张家村", "河口社区"});
    // A team imported without them has none.
    const domain::Team* a = find_team(teams, "team-a");
    REQUIRE(a != nullptr);
    CHECK(a->leader.empty());
    CHECK(a->villages.empty());
}

TEST_CASE("pull: the township's flags reach the store sealed, found by the resident's number") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const std::string flagged = test_resident(21).document.number;
    const std::string ended = test_resident(22).document.number;
    const std::string elsewhere = test_resident(23).document.number;
    const std::string unflagged = test_resident(24).document.number;
    hub::store::FlagRecord other_township = flag_of(elsewhere, domain::Population::RegisteredPoor);
    other_township.township = "500114002";
    import_flags(hub, {flag_of(flagged, domain::Population::RegisteredPoor),
                       flag_of(flagged, domain::Population::Tuberculosis),
                       flag_of(ended, domain::Population::Disabled, false), other_township});

    // Before any pull the store does not say "none": it says "not known".
    CHECK_FALSE(registry_of(kiosk, flagged).has_value());
    const sync::PullReport report = pull(kiosk, client);
    INFO((report.failure ? report.failure->message : ""));
    REQUIRE_FALSE(report.failure.has_value());
    CHECK(report.flags == sync::Pulled::Changed);
    CHECK(report.flagged_residents == 1);  // the inactive flag and the other township's are not
    CHECK(registry_of(kiosk, flagged) == domain::PopulationSet{domain::Population::RegisteredPoor,
                                                               domain::Population::Tuberculosis});
    CHECK(registry_of(kiosk, ended) == domain::PopulationSet{});
    CHECK(registry_of(kiosk, elsewhere) == domain::PopulationSet{});
    CHECK(registry_of(kiosk, unflagged) == domain::PopulationSet{});

    // Nothing of it in the file in clear: not the number, not what the flags say.
    const std::vector<std::string> secrets = {
        flagged, flagged.substr(0, 14), std::string(domain::code(domain::Population::Tuberculosis)),
        std::string(domain::code(domain::Population::RegisteredPoor)),
        std::string(fhir::kPopulationSystem)};
    for (const auto& secret : secrets) {
        CHECK_MESSAGE(file_and_wal(kiosk.store.db_path).find(secret) == std::string::npos,
                      "in the store file: secret #" << (&secret - secrets.data()));
    }
    kiosk.store.store.reset();  // the WAL checkpointed into the file
    for (const auto& secret : secrets) {
        CHECK(read_whole(kiosk.store.db_path).find(secret) == std::string::npos);
    }
}

TEST_CASE("pull: garbage, a 5xx, a refused token and silence leave the cache as it was") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    const std::string flagged = test_resident(31).document.number;
    import_flags(hub, {flag_of(flagged, domain::Population::Pregnant)});
    {
        sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
        REQUIRE_FALSE(pull(kiosk, client).failure.has_value());
    }
    const auto teams_before = teams_of(kiosk);
    const auto kept_before = kiosk.store.store->pulled("teams").value();
    REQUIRE(teams_before.size() == 2);

    struct Bad {
        std::string reply;
        std::string code;
    };
    const std::string ok =
        "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nConnection: close\r\n\r\n";
    const std::vector<Bad> answers = {
        {ok + "{\"nope\":1", "not-fhir"},
        {ok + R"({"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"id":1}}]})",
         "not-fhir"},
        {ok + R"({"resourceType":"Bundle","type":"searchset","entry":[{"resource":)"
              R"({"resourceType":"Organization","id":"team-x","active":"yes"}}]})",
         "not-fhir"},
        {"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", "server-error"},
        {"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n", "credential-refused"},
    };
    for (const Bad& bad : answers) {
        CAPTURE(bad.code);
        ListeningSocket socket(bad.reply);
        sync::HubClient client(kiosk.endpoint(socket.base_url()));
        const sync::PullReport report = pull(kiosk, client);
        REQUIRE(report.failure.has_value());
        CHECK(report.failure->code == bad.code);
        CHECK_FALSE(report.failure->message.empty());
        CHECK(report.teams == sync::Pulled::Failed);
        CHECK(report.flags == sync::Pulled::NotAsked);
        CHECK(teams_of(kiosk).size() == teams_before.size());
        CHECK(kiosk.store.store->pulled("teams").value()->etag == kept_before->etag);
        CHECK(registry_of(kiosk, flagged) == domain::PopulationSet{domain::Population::Pregnant});
    }
    {
        ListeningSocket silent("");
        sync::HubEndpoint endpoint = kiosk.endpoint(silent.base_url());
        endpoint.transfer_timeout = std::chrono::milliseconds(300);
        sync::HubClient client(endpoint);
        const sync::PullReport report = pull(kiosk, client);
        REQUIRE(report.failure.has_value());
        CHECK(report.failure->code == "timeout");
        CHECK(teams_of(kiosk).size() == teams_before.size());
    }
}

TEST_CASE("pull: a pass pushes, then pulls, and the sync state says when teams were last pulled") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    kiosk.sign(3);
    const sync::PassReport pass = sync::run_pass(*kiosk.store.store, client, kiosk.options,
                                                 pull_options(), sync::Backoff{}, kClock, kHalf);
    REQUIRE(pass.failure() == nullptr);
    CHECK(pass.push.acknowledged == 3);
    CHECK(pass.pull.teams == sync::Pulled::Changed);
    CHECK(find_team(teams_of(kiosk), "team-a")->signed_count == 1);  // counted after the push
    CHECK(kiosk.state().last_success_at == to_iso8601(kStoreNow));

    // Without a center no teams are asked for: the flags still are, and the
    // pass is no failure (the push must not back off for it).
    sync::PullOptions unset;
    kiosk.sign(4);
    const sync::PassReport second = sync::run_pass(*kiosk.store.store, client, kiosk.options, unset,
                                                   sync::Backoff{}, kClock, kHalf);
    CHECK(second.push.acknowledged == 3);
    CHECK(second.failure() == nullptr);
    CHECK(second.pull.teams == sync::Pulled::NotAsked);
    CHECK(second.pull.flags == sync::Pulled::NotModified);
    CHECK_FALSE(second.next_attempt.has_value());
}

TEST_CASE("pull: jiayi sync now pulls, jiayi sync status says when teams were last pulled") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    const auto config = kiosk.store.dir / "kiosk.toml";
    std::ofstream(config) << "[hub]\nurl = \"" << hub.hub.base_url() << "/fhir\"\ncenter = \""
                          << kCenter << "\"\ncredential_file = \"" << kiosk.credential.string()
                          << "\"\n[paths]\ndatabase = \"kiosk.db\"\nkey_file = \"kiosk.key\"\n";
    kiosk.store.store.reset();  // the kiosk's process is not running
    TempDir io;
    const Run before = run_jiayi_in(io, "-c " + config.string() + " sync status --json");
    REQUIRE(before.status == 0);
    CHECK(nlohmann::json::parse(before.out).at("teams_last_pulled").is_null());
    const Run text_before = run_jiayi_in(io, "-c " + config.string() + " sync status");
    CHECK(text_before.out.find("teams pulled  never") != std::string::npos);

    const Run now = run_jiayi_in(io, "-c " + config.string() + " sync now --json");
    INFO(now.out);
    CHECK(now.status == 0);
    const auto pulled = nlohmann::json::parse(now.out).at("pull");
    CHECK(pulled.at("teams") == "changed");
    CHECK(pulled.at("team_count") == 2);
    CHECK(pulled.at("error").is_null());

    const Run after = run_jiayi_in(io, "-c " + config.string() + " sync status --json");
    REQUIRE(after.status == 0);
    CHECK(nlohmann::json::parse(after.out).at("teams_last_pulled").is_string());
    const Run again = run_jiayi_in(io, "-c " + config.string() + " sync now --json");
    CHECK(nlohmann::json::parse(again.out).at("pull").at("teams") == "not-modified");
}

}  // namespace jiayi::test::sync_tests
