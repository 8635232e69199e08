// jiayi-hub — the district's central server (hub/README.md). The
// composition root: the backend `serve` runs on is built here, and each
// command family registers its own subcommands.

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "apps/jiayi-hub/commands.hpp"

namespace {

std::string default_config() {
    const char* env = std::getenv("JIAYI_HUB_CONFIG");
    return env && *env ? env : "/etc/jiayi/hub.toml";
}

// The service over the configured database. Wired when hub/store's
// HubService lands (h/hubcore): hub::db::open(config.database.url, {…
// connections}), HubService on it, its tokens as the authenticator, a
// one-row read as the health probe.
jiayi::Result<jiayi::hub::cli::ServeBackend, std::string> open_backend(
    const jiayi::hub::config::HubConfig&) {
    return jiayi::fail(std::string("this build has no hub store yet (hub/store)"));
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiayi::hub;
    CLI::App app{"jiayi-hub: the district's central server for the family-doctor signing kiosks"};
    app.require_subcommand(1);
    cli::Context context{default_config(), 0};
    app.add_option("-c,--config", context.config_file,
                   "hub configuration (default $JIAYI_HUB_CONFIG or /etc/jiayi/hub.toml)");

    cli::add_serve_command(app, context, open_backend);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return context.status;
}
