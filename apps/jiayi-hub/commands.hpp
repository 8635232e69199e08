#pragma once
// The `jiayi-hub` program's command families (hub/README.md, apps/jiayi-hub).
// Each registers its subcommands on the app; the chosen command's callback
// leaves the process exit status in the context: 0 success, 1 a refused or
// failed action, 2 bad input (a configuration that does not read, a database
// that cannot be opened).

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "hub/config/hub_config.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/interaction.hpp"
#include "hub/http/server.hpp"
#include "hub/store/hub_rules.hpp"

namespace jiayi::hub::cli {

struct Context {
    std::string config_file;  // --config, else $JIAYI_HUB_CONFIG, else /etc/jiayi/hub.toml
    int status = 0;
    // A command's --database URL: overrides the configuration's [database]
    // url (and then the configuration file need not exist).
    std::string database;
};

// The configuration file, read; its problems on stderr and nullopt.
std::optional<config::HubConfig> load_config(const Context& context);
// The configuration whose rules a command applies: the file's, or the
// defaults when only --database was given and there is no configuration
// file. A file that exists but does not read is an error (nullopt).
std::optional<config::HubConfig> config_or_defaults(const Context& context);

// The database an administrator's command works on (--database, else the
// configuration's), opened and brought to this binary's schema (`migrate`
// true: init) or checked to be at it (false: every other command, so a
// typo in a URL does not create an empty database). nullptr with the reason
// on stderr. The URL itself is never printed: it may carry a password.
std::unique_ptr<db::Database> open_database(const Context& context, bool migrate);

// Why `database` cannot be served or written by this binary (never
// initialised, or at another schema version), as a sentence naming the fix;
// nullopt when it is at this binary's version.
std::optional<std::string> schema_problem(db::Database& database);

// What `serve` runs on, built from the configuration by the composition root
// (main.cpp): the service (hub/store's HubService over hub::db::open(url)),
// the token check (its tokens table) and the database probe for /health.
// `service` owns whatever it needs (the database) and is shared by every
// worker thread.
struct ServeBackend {
    std::shared_ptr<fhir::Service> service;
    http::Authenticator authenticate;
    http::HealthProbe health;
    // One round of the fleet's alerts (fleet_command.cpp's fleet_check), run
    // by serve on a thread of its own; empty: no alert is configured.
    std::function<void()> check_fleet;
};
using OpenBackend = std::function<Result<ServeBackend, std::string>(const config::HubConfig&)>;

void add_serve_command(CLI::App& app, Context& context, OpenBackend open);  // serve
void add_admin_commands(CLI::App& app, Context& context);   // init, token issue|revoke|list
void add_import_commands(CLI::App& app, Context& context);  // import teams|flags|slots|contracts
// report coverage|quality, reconcile, import townships (report_command.cpp;
// call after add_import_commands: `townships` joins the `import` it made)
void add_report_commands(CLI::App& app, Context& context);
void add_fleet_commands(CLI::App& app, Context& context);  // kiosks, alerts

// The fleet's alerts due now on `database`, claimed and sent; empty when
// [fleet] names no command and no webhook.
std::function<void()> fleet_check(std::shared_ptr<db::Database> database,
                                  const config::FleetSection& fleet);

}  // namespace jiayi::hub::cli
