// `jiayi doctor [--json]` (issue 12): every check a technician runs first,
// one line each, OK or what to do; exit 1 when anything needs a person.
// Runs as the kiosk's service user; reads, never repairs.
//
// --json: {"ok":bool,"checks":[{"name":…,"ok":bool,"say":"…"}]} (the
// packaging's test relies on this shape).

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "apps/jiayi/doctor_checks.hpp"

namespace jiayi::cli {

namespace {

struct DoctorFlags {
    bool as_json = false;
    std::string now;  // ISO 8601 UTC; empty: the system's clock
    int timeout_seconds = 10;
};

int doctor(const Context& context, const DoctorFlags& flags) {
    DoctorOptions options;
    options.config_file = context.config_file;
    options.printer_profiles = context.assets / "printers.toml";
    options.now = now();
    if (!flags.now.empty()) {
        options.now = parse_iso8601(flags.now).value();  // checked by the option
    }
    options.hub_timeout = std::chrono::seconds(flags.timeout_seconds);
    const auto checks = run_checks(options);
    const bool all_ok =
        std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.ok; });
    if (flags.as_json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : checks) {
            list.push_back({{"name", c.name}, {"ok", c.ok}, {"say", c.say}});
        }
        std::cout << nlohmann::json{{"ok", all_ok}, {"checks", list}}.dump(2) << "\n";
    } else {
        int wrong = 0;
        for (const auto& c : checks) {
            std::cout << std::setw(6) << std::left << (c.ok ? "OK" : "FIX") << std::setw(9)
                      << c.name << c.say << "\n";
            wrong += c.ok ? 0 : 1;
        }
        std::cout << (all_ok
                          ? "All is well.\n"
                          : std::to_string(wrong) + (wrong == 1 ? " thing needs" : " things need") +
                                " a person (the lines marked FIX).\n");
    }
    return all_ok ? 0 : 1;
}

}  // namespace

void add_doctor_command(CLI::App& app, Context& context) {
    auto flags = std::make_shared<DoctorFlags>();
    auto* command = app.add_subcommand(
        "doctor",
        "check everything a kiosk needs (configuration, key, store, disk, fonts, "
        "devices, hub, clock, outbox); exit 1 when something needs a person");
    command->add_flag("--json", flags->as_json, "print JSON");
    command
        ->add_option("--now", flags->now,
                     "this kiosk's clock, ISO 8601 UTC (default: the system's; for tests)")
        ->check([](const std::string& text) {
            return parse_iso8601(text) ? std::string() : "not an ISO 8601 UTC instant: " + text;
        });
    command
        ->add_option("--timeout", flags->timeout_seconds,
                     "seconds to wait for the hub's connection and its answer (default 10)")
        ->check(CLI::Range(1, 120));
    command->callback([flags, &context] { context.status = doctor(context, *flags); });
}

}  // namespace jiayi::cli
