// jiayi-hub — the district's central server (hub/README.md). The
// composition root: the backend `serve` runs on is built here, and each
// command family registers its own subcommands.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/store/hub_service.hpp"
#include "hub/store/tokens.hpp"

namespace {

std::string default_config() {
    const char* env = std::getenv("JIAYI_HUB_CONFIG");
    return env && *env ? env : "/etc/jiayi/hub.toml";
}

// What `serve` runs on: HubService over the configured database, its tokens
// table as the authenticator, a one-row read as the health probe. A database
// that was never initialised, or is at another schema version, is refused
// here, before the port opens: a hub answering from a missing table would
// turn every kiosk request into a 500.
jiayi::Result<jiayi::hub::cli::ServeBackend, std::string> open_backend(
    const jiayi::hub::config::HubConfig& config) {
    using namespace jiayi;
    using namespace jiayi::hub;
    db::OpenOptions options;
    options.connections = config.database.connections;
    auto opened = db::open(config.database.url, options);
    if (!opened) {
        return fail("cannot open the database: " + opened.error().message);
    }
    std::shared_ptr<db::Database> database = std::move(opened).value();
    if (auto problem = cli::schema_problem(*database)) {
        return fail(std::move(*problem));
    }

    const store::HubRules rules = config.rules;
    // The service borrows the database: both live in one block, the service
    // destroyed first, and `backend.service` points into it.
    struct Owned {
        std::shared_ptr<db::Database> database;
        store::HubService service;
    };
    auto owned = std::make_shared<Owned>(
        Owned{database, store::HubService(*database, rules, [] {
                  return Instant{static_cast<std::int64_t>(std::time(nullptr))};
              })});

    cli::ServeBackend backend;
    backend.service = std::shared_ptr<hub::fhir::Service>(owned, &owned->service);
    auto tokens = std::make_shared<store::TokenCache>(
        *database, std::chrono::seconds(config.server.token_cache_seconds));
    backend.authenticate =
        [database,
         tokens](std::string_view token) -> Result<std::optional<hub::fhir::Caller>, std::string> {
        auto caller = tokens->authenticate(token);
        if (!caller) {
            return fail(caller.error().message);
        }
        return std::move(caller).value();
    };
    backend.health = [database] {
        auto read = database->transact(db::Mode::read,
                                       [](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                                           if (auto one = tx.query("SELECT 1"); !one) {
                                               return fail(one.error());
                                           }
                                           return db::Finish::roll_back;
                                       });
        return read.ok();
    };
    backend.check_fleet = cli::fleet_check(database, config.fleet);
    return backend;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiayi::hub;
    CLI::App app{"jiayi-hub: the district's central server for the family-doctor signing kiosks"};
    app.require_subcommand(1);
    cli::Context context{default_config(), 0, {}};
    app.add_option("-c,--config", context.config_file,
                   "hub configuration (default $JIAYI_HUB_CONFIG or /etc/jiayi/hub.toml)");

    cli::add_serve_command(app, context, open_backend);
    cli::add_admin_commands(app, context);
    cli::add_import_commands(app, context);
    // After add_import_commands: `import townships` joins its `import`.
    cli::add_report_commands(app, context);
    cli::add_fleet_commands(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return context.status;
}
