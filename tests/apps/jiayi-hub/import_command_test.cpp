// jiayi-hub's imports and the pool release, run as a shell would pass them,
// on a real SQLite file and on the test binary's own PostgreSQL: the example
// files of hub/admin/examples import cleanly and a second time change
// nothing; a GB18030 file reads; a file with a bad row applies nothing and
// names the line; the back-fill holds one active contract per resident and
// the teams' capacity; the release is idempotent.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/admin/encoding.hpp"
#include "hub/db/database.hpp"
#include "hub/store/hub_service.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "support/people.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;
using nlohmann::json;

namespace {

const std::string kExamples = std::string(JIAYI_SOURCE_DIR) + "/hub/admin/examples/";
// 2026-12-01 10:00 in the district: the examples' dates are in its past.
const std::string kNow = " --now 2026-12-01T02:00:00Z";

struct Run {
    int status = -1;
    std::string out;
    json result;  // the --json line, when there is one
};

// `config`: the configuration file; by default none, and every command here
// names its --database.
Run run(const std::string& arguments, const std::string& config = "/nonexistent/hub.toml") {
    CLI::App app("jiayi-hub");
    app.require_subcommand(1);
    hub::cli::Context context{config, -1, {}};
    hub::cli::add_admin_commands(app, context);
    hub::cli::add_import_commands(app, context);
    std::ostringstream out;
    auto* saved = std::cout.rdbuf(out.rdbuf());
    Run result;
    try {
        app.parse(arguments, false);
        result.status = context.status;
    } catch (const CLI::ParseError& error) {
        result.status = app.exit(error);
    }
    std::cout.rdbuf(saved);
    result.out = out.str();
    if (arguments.find("--json") != std::string::npos && !result.out.empty()) {
        result.result = json::parse(result.out);
    }
    return result;
}

// A hub database, one per backend: a SQLite file, or a new database on the
// binary's PostgreSQL.
struct Backend {
    std::string name;
    std::string url;
};

Backend initialised(Backend backend) {
    REQUIRE(run("init --database " + backend.url).status == 0);
    return backend;
}

std::vector<Backend> backends(const test::TempDir& folder) {
    return {initialised({"sqlite", "sqlite:" + (folder / "hub.db").string()}),
            initialised({"postgresql", test::fresh_postgres_database()})};
}

std::int64_t count(const std::string& url, const std::string& sql) {
    auto opened = hub::db::open(url);
    REQUIRE(opened.ok());
    std::int64_t n = -1;
    auto done = opened.value()->transact(
        hub::db::Mode::read,
        [&](hub::db::Transaction& tx) -> Result<hub::db::Finish, hub::db::Error> {
            auto rows = tx.query(sql);
            if (!rows) {
                return fail(rows.error());
            }
            n = rows.value().at(0).integer(0);
            return hub::db::Finish::commit;
        });
    REQUIRE(done.ok());
    return n;
}

std::string write(const test::TempDir& folder, const std::string& name, const std::string& bytes) {
    const auto path = folder / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
}

std::string import(const std::string& kind, const std::string& file, const Backend& backend,
                   const std::string& more = "") {
    return "import " + kind + " " + file + " --database " + backend.url + " --json" + kNow + more;
}

void check_counts(const Run& r, int created, int changed, int unchanged) {
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(r.result["created"] == created);
    CHECK(r.result["changed"] == changed);
    CHECK(r.result["unchanged"] == unchanged);
    CHECK(r.result["refused"].empty());
}

std::string resident(const std::string& sequence) {
    return test::make_id("500114", "19800101", sequence);
}

const std::string kContractHeader =
    "身份证号,姓名,团队编号,签约日期,签约期限,协议编号,录入人员,服务包\n";

}  // namespace

TEST_CASE("the example files import cleanly, and a second time change nothing") {
    test::TempDir folder;
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        check_counts(run(import("teams", kExamples + "teams.csv", backend)), 3, 0, 0);
        check_counts(run(import("flags", kExamples + "flags.csv", backend)), 5, 0, 0);
        check_counts(run(import("slots", kExamples + "slots.csv", backend)), 10, 0, 0);
        check_counts(run(import("contracts", kExamples + "contracts.csv", backend)), 3, 0, 0);

        check_counts(run(import("teams", kExamples + "teams.csv", backend)), 0, 0, 3);
        check_counts(run(import("flags", kExamples + "flags.csv", backend)), 0, 0, 5);
        check_counts(run(import("slots", kExamples + "slots.csv", backend)), 0, 0, 10);
        check_counts(run(import("contracts", kExamples + "contracts.csv", backend)), 0, 0, 3);

        CHECK(count(backend.url, "SELECT COUNT(*) FROM teams") == 3);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM flags") == 5);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM slots") == 10);
        CHECK(count(backend.url,
                    "SELECT COUNT(*) FROM slots WHERE category = "
                    "'family-doctor-pool'") == 2);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 3);
        // Two of the contracts' residents are on a registry: matched, not duplicated.
        CHECK(count(backend.url, "SELECT COUNT(*) FROM patients") == 6);
        CHECK(count(backend.url, "SELECT signed FROM teams WHERE id = 'QJ-CX-01'") == 2);
        // Each version once: the second runs wrote no history.
        CHECK(count(backend.url, "SELECT COUNT(*) FROM history WHERE type = 'EpisodeOfCare'") == 3);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM history WHERE type = 'Slot'") == 10);
    }
}

TEST_CASE("a back-filled contract is the FHIR a kiosk would send, marked as a back-fill") {
    test::TempDir folder;
    const Backend backend = initialised({"sqlite", "sqlite:" + (folder / "hub.db").string()});
    REQUIRE(run(import("teams", kExamples + "teams.csv", backend)).status == 0);
    REQUIRE(run(import("contracts", kExamples + "contracts.csv", backend)).status == 0);
    auto opened = hub::db::open(backend.url);
    REQUIRE(opened.ok());
    hub::store::HubService service(*opened.value(), {}, [] { return Instant{1796090400}; });
    hub::fhir::Request request;
    request.method = hub::fhir::Method::get;
    request.path = "EpisodeOfCare";
    request.query = {{"patient.identifier",
                      std::string(jiayi::fhir::kResidentIdSystem) + "|" + "500114195001010011"}};
    const auto answer = service.handle({"hc-1", "500114-101"}, request);
    REQUIRE(answer.status == 200);
    REQUIRE(answer.body["entry"].size() == 1);
    const json episode = answer.body["entry"][0]["resource"];
    // The id is the row's name-based UUID (hub/admin/name_uuid.hpp).
    CHECK(episode["id"].get<std::string>().size() == 36);
    CHECK(episode["status"] == "active");
    CHECK(episode["period"]["start"] == "2026-03-15");
    CHECK(episode["period"]["end"] == "2027-03-14");
    bool back_fill = false;
    for (const auto& ext : episode["extension"]) {
        if (ext["url"].get<std::string>().ends_with("back-fill")) {
            back_fill = true;
            CHECK(ext.dump().find("QJ-2026-000123") != std::string::npos);
            CHECK(ext.dump().find("staff-07") != std::string::npos);
        }
    }
    CHECK(back_fill);
}

TEST_CASE("a GB18030 file imports through the command, detected or named") {
    test::TempDir folder;
    const std::string sheet =
        "团队编号,团队名称,卫生院编号,乡镇编码,签约上限,停止签约\n"
        "QJ-GB-01,城南卫生院一队,QJ-CN,500114-103,800,否\n";
    auto encoded = hub::admin::utf8_to_gb18030(sheet);
    REQUIRE(encoded.ok());
    REQUIRE(encoded.value() != sheet);
    const std::string file = write(folder, "teams-gb.csv", encoded.value());
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        check_counts(run(import("teams", file, backend)), 1, 0, 0);
        check_counts(run(import("teams", file, backend, " --encoding gb18030")), 0, 0, 1);
        // Read as UTF-8 it is not text: refused with a line, nothing written twice.
        const Run wrong = run(import("teams", file, backend, " --encoding utf-8"));
        CHECK(wrong.status == 1);
        CHECK(wrong.result["refused"][0]["line"] >= 1);
        CHECK(count(backend.url,
                    "SELECT COUNT(*) FROM resources WHERE type = 'Organization' AND "
                    "body LIKE '%城南卫生院一队%'") == 1);
    }
}

TEST_CASE("a file with bad rows applies nothing and names every line") {
    test::TempDir folder;
    const std::string teams = write(folder, "teams.csv",
                                    "team_id,name,center_id,township,capacity,closed\n"
                                    "T-1,Team one,C-1,500114-101,10,no\n"
                                    "T-2,Team two,C-1,500114-101,lots,no\n"
                                    "T-3,Team three,C-1,500114-101,10,maybe\n");
    // One hospital day of 10 slots, 1 in the pool: 2 are needed.
    std::string slots = "hospital,department,schedule,date,start,end,pool\n";
    for (int i = 0; i < 10; ++i) {
        slots += "H-1,Cardiology,Dr A,2026-12-09,0" + std::to_string(i) + ":00,0" +
                 std::to_string(i) + ":30," + (i == 0 ? "yes" : "no") + "\n";
    }
    const std::string slots_file = write(folder, "slots.csv", slots);
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        const Run refused = run(import("teams", teams, backend));
        INFO(refused.out);
        CHECK(refused.status == 1);
        REQUIRE(refused.result["refused"].size() == 2);
        CHECK(refused.result["refused"][0]["line"] == 3);
        CHECK(refused.result["refused"][1]["line"] == 4);
        CHECK(refused.result["applied"] == 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM teams") == 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM resources") == 0);

        const Run text = run("import teams " + teams + " --database " + backend.url + kNow);
        CHECK(text.status == 1);
        CHECK(text.out.find("nothing applied") != std::string::npos);

        const Run pool = run(import("slots", slots_file, backend));
        CHECK(pool.status == 1);
        REQUIRE(pool.result["refused"].size() == 1);
        const std::string why = pool.result["refused"][0]["message"];
        CHECK(why.find("1 of 10") != std::string::npos);
        CHECK(why.find("at least 2") != std::string::npos);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM slots") == 0);
    }
}

TEST_CASE("a dry run reports what the import would do and applies nothing") {
    test::TempDir folder;
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        const Run dry = run(import("teams", kExamples + "teams.csv", backend, " --dry-run"));
        check_counts(dry, 3, 0, 0);
        CHECK(dry.result["applied"] == 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM teams") == 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM resources") == 0);
        REQUIRE(run(import("teams", kExamples + "teams.csv", backend)).status == 0);
        check_counts(run(import("contracts", kExamples + "contracts.csv", backend, " --dry-run")),
                     3, 0, 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM episodes") == 0);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM patients") == 0);
        CHECK(count(backend.url, "SELECT SUM(signed) FROM teams") == 0);
    }
}

TEST_CASE("the back-fill holds one active contract per resident and the teams' capacity") {
    test::TempDir folder;
    const std::string teams = write(folder, "teams.csv",
                                    "team_id,name,center_id,township,capacity,closed\n"
                                    "T-SMALL,Small team,C-1,500114-101,2,no\n"
                                    "T-BIG,Big team,C-1,500114-101,100,no\n");
    const std::string first = write(
        folder, "first.csv",
        kContractHeader + resident("011") + ",测试甲,T-SMALL,2026-03-01,1,F-001,staff-1,basic\n");
    // Line 2: resident 011 again under another form (already signed);
    // lines 3–4: two more for T-SMALL, which has one place left (line 4 is
    // refused); line 5 is fine, but nothing of the file is applied.
    const std::string second = write(
        folder, "second.csv",
        kContractHeader + resident("011") + ",测试甲,T-BIG,2026-06-01,1,F-002,staff-1,basic\n" +
            resident("022") + ",测试乙,T-SMALL,2026-04-01,1,F-003,staff-1,basic\n" +
            resident("033") + ",测试丙,T-SMALL,2026-04-02,1,F-004,staff-1,basic\n" +
            resident("044") + ",测试丁,T-BIG,2026-04-03,1,F-005,staff-1,basic\n");
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        REQUIRE(run(import("teams", teams, backend)).status == 0);
        check_counts(run(import("contracts", first, backend)), 1, 0, 0);

        const Run refused = run(import("contracts", second, backend));
        INFO(refused.out);
        CHECK(refused.status == 1);
        REQUIRE(refused.result["refused"].size() == 2);
        CHECK(refused.result["refused"][0]["line"] == 2);
        CHECK(refused.result["refused"][0]["message"].get<std::string>().starts_with(
            "already-signed"));
        CHECK(refused.result["refused"][1]["line"] == 4);
        CHECK(refused.result["refused"][1]["message"].get<std::string>().starts_with("team-full"));
        // Nothing of the refused file: one contract, one resident, one place taken.
        CHECK(count(backend.url, "SELECT COUNT(*) FROM episodes") == 1);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM patients") == 1);
        CHECK(count(backend.url, "SELECT signed FROM teams WHERE id = 'T-SMALL'") == 1);
        CHECK(count(backend.url, "SELECT signed FROM teams WHERE id = 'T-BIG'") == 0);
        // The output never repeats a resident's number.
        CHECK(refused.out.find(resident("011")) == std::string::npos);
    }
}

TEST_CASE("release-pool gives unbooked pool slots to the general list a day before, once") {
    test::TempDir folder;
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        // The example day is 2026-12-03 from 08:00 (00:00Z); its pool slots
        // are the first two.
        REQUIRE(run(import("slots", kExamples + "slots.csv", backend)).status == 0);
        const std::string release = "release-pool --json --database " + backend.url;
        const Run early = run(release + " --now 2026-12-01T23:00:00Z");
        REQUIRE(early.status == 0);
        CHECK(early.result["released"] == 0);
        const Run due = run(release + " --now 2026-12-02T00:15:00Z");  // the first slot only
        REQUIRE(due.status == 0);
        CHECK(due.result["released"] == 1);
        const Run later = run(release + " --now 2026-12-02T01:00:00Z");
        CHECK(later.result["released"] == 1);
        CHECK(run(release + " --now 2026-12-02T01:00:00Z").result["released"] == 0);
        CHECK(count(backend.url,
                    "SELECT COUNT(*) FROM slots WHERE category = "
                    "'family-doctor-pool'") == 0);

        // The pool search no longer finds them; the general list does, as Slots.
        auto opened = hub::db::open(backend.url);
        REQUIRE(opened.ok());
        hub::store::HubService service(*opened.value(), {}, [] { return Instant{1796176800}; });
        hub::fhir::Request request;
        request.method = hub::fhir::Method::get;
        request.path = "Slot";
        request.query = {{"service-category", std::string(jiayi::fhir::kPoolCategory)}};
        CHECK(service.handle({"hc-1", "500114-101"}, request).body["entry"].empty());
        request.query = {{"service-category", std::string(jiayi::fhir::kGeneralCategory)}};
        CHECK(service.handle({"hc-1", "500114-101"}, request).body["entry"].size() == 10);

        // The schedule imported again does not take them back into the pool.
        const Run again = run("import slots " + kExamples + "slots.csv --json --database " +
                              backend.url + " --now 2026-12-02T01:00:00Z");
        check_counts(again, 0, 0, 10);
        CHECK(count(backend.url,
                    "SELECT COUNT(*) FROM slots WHERE category = "
                    "'family-doctor-pool'") == 0);
    }
}

TEST_CASE("imports and release-pool apply the configuration's [rules], not the defaults") {
    test::TempDir folder;
    const auto config = folder / "hub.toml";
    // The district releases unbooked pool slots three days ahead (default:
    // one) and keeps 30 % of a hospital's day for the pool (default: 20 %).
    std::ofstream(config) << "[listen]\naddress = \"127.0.0.1\"\nplain_http_on_loopback = true\n"
                             "[rules]\npool_release_days_before = 3\npool_min_percent = 30\n";
    for (const auto& backend : backends(folder)) {
        CAPTURE(backend.name);
        // The example day opens 2 of its 10 slots to the pool: 20 %, under
        // this district's 30 %, so the file is refused whole.
        const Run short_pool =
            run(import("slots", kExamples + "slots.csv", backend), config.string());
        CHECK(short_pool.status == 1);
        CHECK(count(backend.url, "SELECT COUNT(*) FROM slots") == 0);
        // Under the defaults the same file imports; then two days before the
        // day the district's release (3 days ahead) gives both pool slots
        // to the general list, where the default (1 day) would give none.
        REQUIRE(run(import("slots", kExamples + "slots.csv", backend)).status == 0);
        const std::string release =
            "release-pool --json --database " + backend.url + " --now 2026-11-30T01:00:00Z";
        CHECK(run(release).result["released"] == 0);
        const Run district = run(release, config.string());
        REQUIRE(district.status == 0);
        CHECK(district.result["released"] == 2);
    }
}
