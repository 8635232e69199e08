// jiayi-hub's admin commands, parsed as a shell would pass them, on a real
// SQLite file: init, and a token issued, listed and revoked.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/db/database.hpp"
#include "hub/store/schema.hpp"
#include "hub/store/tokens.hpp"
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
    // No configuration file: every command here names its --database.
    hub::cli::Context context{"/nonexistent/hub.toml", -1, {}};
    app.add_option("-c,--config", context.config_file);
    hub::cli::add_admin_commands(app, context);
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

}  // namespace

TEST_CASE("init, then a token issued once, listed without it, authenticated, revoked") {
    test::TempDir folder;
    const std::string database = "--database sqlite:" + (folder / "hub.db").string();
    CHECK(run("init " + database).status == 0);

    const Run issued = run("token issue hc-500114-01 --township 500114-01 --json " + database);
    REQUIRE(issued.status == 0);
    const auto shown = nlohmann::json::parse(issued.out);
    const std::string token = shown["token"];
    CHECK(token.size() == 64);
    CHECK(shown["township"] == "500114-01");

    const Run listed = run("token list --json " + database);
    REQUIRE(listed.status == 0);
    CHECK(listed.out.find(token) == std::string::npos);
    const auto list = nlohmann::json::parse(listed.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["kiosk"] == "hc-500114-01");
    CHECK(list[0]["revoked"].is_null());

    {
        auto opened = hub::db::open("sqlite:" + (folder / "hub.db").string());
        REQUIRE(opened.ok());
        auto caller = hub::store::Tokens(*opened.value()).authenticate(token);
        REQUIRE(caller.ok());
        REQUIRE(caller.value().has_value());
        CHECK(caller.value()->kiosk == "hc-500114-01");
    }

    CHECK(run("token revoke hc-500114-01 " + database).status == 0);
    CHECK(run("token revoke hc-500114-01 " + database).status == 1);  // nothing live to revoke
    CHECK(run("token issue 'bad kiosk' --township 500114-01 " + database).status == 2);
    const auto after = nlohmann::json::parse(run("token list --json " + database).out);
    CHECK(after[0]["revoked"].is_string());
}

TEST_CASE("token commands refuse a database that was never initialised, and do not initialise it") {
    test::TempDir folder;
    const std::string url = "sqlite:" + (folder / "hub.db").string();
    CHECK(run("token issue hc-500114-01 --township 500114-01 --database " + url).status == 2);
    CHECK(run("token list --database " + url).status == 2);
    auto opened = hub::db::open(url);
    REQUIRE(opened.ok());
    auto version = hub::store::stored_version(*opened.value());
    REQUIRE(version.ok());
    CHECK(version.value() == 0);
    CHECK(run("init --database " + url).status == 0);
    auto after = hub::store::stored_version(*opened.value());
    REQUIRE(after.ok());
    CHECK(after.value() == hub::store::schema_version());
}

TEST_CASE("without --database the configuration's database is used, relative to its folder") {
    test::TempDir folder;
    CHECK(run("init").status == 2);  // /nonexistent/hub.toml, and no --database
    {
        std::ofstream config(folder / "hub.toml");
        config << "[listen]\naddress = \"127.0.0.1\"\nplain_http_on_loopback = true\n"
               << "[database]\nurl = \"data/hub.db\"\n";
    }
    std::filesystem::create_directory(folder / "data");
    CHECK(run("--config " + (folder / "hub.toml").string() + " init").status == 0);
    CHECK(std::filesystem::exists(folder / "data" / "hub.db"));
}
