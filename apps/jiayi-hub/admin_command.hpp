#pragma once
// jiayi-hub's command families. Each registers its subcommands on the app;
// the chosen command's callback leaves the exit status in `status`:
// 0 success, 1 a refused action, 2 bad input or an unreachable database.

#include <CLI/CLI.hpp>

namespace jiayi::hub_app {

// init (create or migrate the database), token issue KIOSK --township T
// [--json] / token revoke KIOSK / token list [--json]. Each takes
// --database URL (a SQLite path, sqlite:PATH or postgresql://…); without it,
// $JIAYI_HUB_DATABASE, else sqlite:/var/lib/jiayi-hub/hub.db.
void add_admin_commands(CLI::App& app, int& status);

}  // namespace jiayi::hub_app
