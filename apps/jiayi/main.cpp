// jiayi — the command-line tool for staff and IT (DESIGN.md, "Programs").
// The composition root: each command family registers its own subcommands.

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "apps/jiayi/commands.hpp"
#include "common/assets_dir.hpp"

namespace {

std::string default_config() {
    const char* env = std::getenv("JIAYI_CONFIG");
    return env && *env ? env : "/etc/jiayi/kiosk.toml";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiayi;
    CLI::App app{"jiayi: family-doctor signing kiosk — tools for staff and IT"};
    app.require_subcommand(1);
    cli::Context context{default_config(), assets_dir(), 0};
    app.add_option("-c,--config", context.config_file,
                   "kiosk configuration (default $JIAYI_CONFIG or "
                   "/etc/jiayi/kiosk.toml)");
    app.add_option("--assets", context.assets,
                   "the assets folder: strings, scripts, printer profiles (default $JIAYI_ASSETS, "
                   "else found beside the program: /usr/share/jiayi/assets when installed)");

    cli::add_id_commands(app, context);
    cli::add_idcard_commands(app, context);
    cli::add_qr_commands(app, context);
    cli::add_printer_commands(app, context);
    cli::add_devices_commands(app, context);
    cli::add_admin_commands(app, context);
    cli::add_demo_commands(app, context);
    cli::add_sync_commands(app, context);
    cli::add_doctor_command(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return context.status;
}
