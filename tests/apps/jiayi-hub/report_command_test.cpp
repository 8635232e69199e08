// jiayi-hub's report commands, parsed as a shell would pass them, on a real
// SQLite file the hub's service wrote to: the formats, the exit statuses,
// and that what a terminal shows is masked.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/store/hub_service.hpp"
#include "hub/store/imports.hpp"
#include "hub/store/schema.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "support/people.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;

namespace {

struct Run {
    int status = -1;
    std::string out;
};

Run run(const std::string& arguments) {
    CLI::App app("jiayi-hub");
    app.require_subcommand(1);
    Run result;
    // No configuration file: the rules' defaults, the database named.
    hub::cli::Context context{"/nonexistent/hub.toml", -1, {}};
    app.add_option("-c,--config", context.config_file);
    hub::cli::add_admin_commands(app, context);
    hub::cli::add_report_commands(app, context);
    std::ostringstream out;
    auto* saved = std::cout.rdbuf(out.rdbuf());
    try {
        app.parse(arguments, false);
        result.status = context.status;
    } catch (const CLI::ParseError& error) {
        result.status = app.exit(error);
    }
    std::cout.rdbuf(saved);
    result.out = out.str();
    return result;
}

constexpr domain::Date kToday{2026, 12, 1};

// A resident signed at the kiosk at 22:00 local time (a Tuesday).
nlohmann::json late_signing() {
    fhir::SigningSubmission s;
    s.resident = {"6f1c1b0e-0000-4000-8000-000000000001",
                  test::document_of(test::make_id("500114", "19800101", "011"), kToday), "测试甲",
                  "13800000009", ""};
    domain::Contract& c = s.episode.contract;
    c.id = "0a7e5c2a-0000-4000-8000-000000000001";
    c.resident_id = s.resident.id;
    c.team_id = "team-a";
    c.package_ids = {"basic"};
    c.fees.lines = {{"basic", domain::Payer::Personal, domain::Money{3600}}};
    c.start = kToday;
    c.end = {2027, 11, 30};
    const Instant at{domain::start_of(kToday, 480).unix_seconds + 22 * 3600};
    s.signature = fhir::SignatureEvidence{"0a7e5c2a-0000-4000-8000-000000000501",
                                          "",
                                          at,
                                          {0x89, 'P', 'N', 'G'},
                                          domain::Signer{},
                                          "hc-500114-01",
                                          ""};
    return fhir::signing_bundle(s);
}

}  // namespace

TEST_CASE("report coverage, report quality, reconcile and import townships from the command line") {
    test::TempDir folder;
    const std::string url = "sqlite:" + (folder / "hub.db").string();
    const std::string database = " --database " + url;
    REQUIRE(run("init" + database).status == 0);

    const Run townships = run("import townships " + std::string(JIAYI_SOURCE_DIR) +
                              "/hub/admin/examples/townships.csv" + database);
    CHECK(townships.status == 0);
    CHECK(townships.out == "townships: 3 created, 0 changed, 0 unchanged\n");
    const Run refused = run("import townships " + std::string(JIAYI_SOURCE_DIR) +
                            "/hub/admin/examples/teams.csv --json" + database);
    CHECK(refused.status == 1);
    CHECK(refused.out.find("\"rows\"") != std::string::npos);

    {
        auto opened = hub::db::open(url);
        REQUIRE(opened.ok());
        auto& db = *opened.value();
        const Instant now{domain::start_of(kToday, 480).unix_seconds + 23 * 3600};
        const std::vector<hub::store::TeamRecord> teams = {
            {"team-a", "城西一队", "hc-1", "500114-101", 1500, false}};
        REQUIRE(hub::store::import_teams(db, hub::store::HubRules{}, teams, now).ok());
        hub::store::HubService service(db, {}, [now] { return now; });
        hub::fhir::Request request;
        request.method = hub::fhir::Method::post;
        request.body = late_signing().dump();
        const auto answer = service.handle({"hc-500114-01", "500114-101"}, request);
        REQUIRE_MESSAGE(answer.status == 200, answer.body.dump());
    }

    const Run coverage = run("report coverage --quarter 2026Q4" + database);
    CHECK(coverage.status == 0);
    CHECK(coverage.out.find("城西一队") != std::string::npos);
    CHECK(coverage.out.find("42000") != std::string::npos);
    const Run json =
        run("report coverage --quarter 2026Q4 --township 500114-101 --format json" + database);
    REQUIRE(json.status == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["rows"][0]["population"] == 42000);
    CHECK(run("report coverage --quarter 2026-13" + database).status == 2);

    const Run quality = run("report quality" + database);
    CHECK(quality.status == 0);
    CHECK(quality.out.find("22:00") != std::string::npos);
    CHECK(quality.out.find("*******0009") != std::string::npos);
    CHECK(quality.out.find("13800000009") == std::string::npos);
    CHECK(quality.out.find("测试甲") == std::string::npos);
    const Run csv = run("report quality --format csv" + database);
    CHECK(csv.out.find("13800000009") == std::string::npos);

    // Without the kiosk's line, the hub's own; with it, agreement or not.
    const Run hub_line = run("reconcile hc-500114-01 --date 2026-12-01" + database);
    REQUIRE(hub_line.status == 0);
    CHECK(hub_line.out.starts_with("2026-12-01  contracts 1  opt-outs 0  blake2b "));
    const std::string line = hub_line.out.substr(0, hub_line.out.size() - 1);
    CHECK(
        run("reconcile hc-500114-01 --date 2026-12-01 --digest '" + line + "'" + database).status ==
        0);
    const std::string other =
        "2026-12-01  contracts 2  opt-outs 0  blake2b " + std::string(64, '0');
    const Run differs =
        run("reconcile hc-500114-01 --date 2026-12-01 --digest '" + other + "'" + database);
    CHECK(differs.status == 1);
    CHECK(
        run("reconcile hc-500114-01 --date 2026-12-02 --digest '" + line + "'" + database).status ==
        2);
}
