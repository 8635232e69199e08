#pragma once
// The `jiayi` tool's command families. Each registers its subcommands on the
// app; the chosen command's callback leaves the process exit status in the
// context: 0 success, 1 a negative answer or a refused action, 2 bad input.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "kiosk/config/config.hpp"

namespace jiayi::cli {

// What every command may use: the configuration file (-c, else
// $JIAYI_CONFIG, else /etc/jiayi/kiosk.toml), the assets folder (strings,
// scripts, printer profiles; --assets, else common/assets_dir.hpp's), and the
// exit status the command leaves.
struct Context {
    std::string config_file;
    std::filesystem::path assets;
    int status = 0;
};

// The configuration file read, or nullopt with every problem printed as
// `file:line: reason`.
inline std::optional<config::KioskConfig> load_config_reporting(const std::filesystem::path& file) {
    auto loaded = config::load_config(file);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            std::cerr << e.to_string() << "\n";
        }
        return std::nullopt;
    }
    return std::move(loaded).value();
}

void add_id_commands(CLI::App& app, Context& context);      // id check
void add_idcard_commands(CLI::App& app, Context& context);  // idcard decode | read
void add_qr_commands(CLI::App& app, Context& context);      // qr decode
void add_printer_commands(CLI::App& app,
                          Context& context);  // printer render | test | status | simulate
void add_devices_commands(CLI::App& app, Context& context);  // devices
void add_admin_commands(CLI::App& app, Context& context);    // config, db, ledger, key, pin
void add_demo_commands(CLI::App& app, Context& context);     // demo
void add_sync_commands(CLI::App& app, Context& context);     // sync status | now
void add_doctor_command(CLI::App& app, Context& context);    // doctor

}  // namespace jiayi::cli
