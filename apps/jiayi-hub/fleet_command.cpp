// `jiayi-hub kiosks [--json]` and `jiayi-hub alerts` (issue 12, the fleet's
// health): every kiosk that sent a heartbeat, the stale and unhealthy ones
// first (hub/store/fleet.hpp); and one round of the alerts `serve` sends
// every [fleet] check_seconds (for a cron job on a hub that serves
// elsewhere, and for tests). --now sets the clock (ISO 8601 UTC).

#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/alerts/alerts.hpp"
#include "hub/store/fleet.hpp"

namespace jiayi::hub::cli {

namespace {

using nlohmann::json;

struct FleetFlags {
    bool as_json = false;
    std::string now;  // empty: the system's clock
};

Instant clock_of(const FleetFlags& flags) {
    if (!flags.now.empty()) {
        return parse_iso8601(flags.now).value();  // checked by the option
    }
    return Instant{static_cast<std::int64_t>(std::time(nullptr))};
}

// The [fleet] section: the configuration's, or the defaults when only
// --database was given and there is no configuration file.
std::optional<config::FleetSection> fleet_config(const Context& context) {
    auto config = config_or_defaults(context);
    if (!config) {
        return std::nullopt;
    }
    return config->fleet;
}

store::FleetRules rules_of(const config::FleetSection& fleet) {
    return {fleet.silent_minutes, fleet.paper_minutes, fleet.queue_hours};
}

json optional_instant(const std::optional<Instant>& at) {
    return at ? json(to_iso8601(*at)) : json(nullptr);
}

json to_json(const store::KioskStatus& k) {
    json parts = json::object();
    for (const auto& p : k.heartbeat.parts) {
        parts[p.part] = p.state;
    }
    return {{"kiosk", k.kiosk},
            {"township", k.township},
            {"received", to_iso8601(k.received)},
            {"heartbeat_at", to_iso8601(k.heartbeat.at)},
            {"stale", k.stale},
            {"healthy", k.problems.empty()},
            {"problems", k.problems},
            {"version", k.heartbeat.version},
            {"uptime_seconds", k.heartbeat.uptime_seconds},
            {"paper", k.heartbeat.paper},
            {"parts", parts},
            {"queued", k.heartbeat.queued},
            {"oldest_queued", optional_instant(k.heartbeat.oldest_queued)},
            {"last_sync", optional_instant(k.heartbeat.last_sync)}};
}

int list_kiosks(const Context& context, const FleetFlags& flags) {
    const auto fleet = fleet_config(context);
    if (!fleet) {
        return 2;
    }
    auto database = open_database(context, false);
    if (!database) {
        return 2;
    }
    auto listed = store::kiosks(*database, rules_of(*fleet), clock_of(flags));
    if (!listed) {
        std::cerr << "jiayi-hub: " << listed.error().diagnostics << "\n";
        return 1;
    }
    if (flags.as_json) {
        json out = json::array();
        for (const auto& k : listed.value()) {
            out.push_back(to_json(k));
        }
        std::cout << json{{"kiosks", out}}.dump(2) << "\n";
        return 0;
    }
    if (listed->empty()) {
        std::cout << "No kiosk has sent a heartbeat yet.\n";
        return 0;
    }
    std::cout << std::left << std::setw(16) << "KIOSK" << std::setw(12) << "TOWNSHIP"
              << std::setw(22) << "LAST HEARD" << std::setw(10) << "STATE"
              << "PROBLEMS\n";
    for (const auto& k : listed.value()) {
        std::string problems;
        for (const auto& p : k.problems) {
            problems += (problems.empty() ? "" : "; ") + p;
        }
        std::cout << std::setw(16) << k.kiosk << std::setw(12) << k.township << std::setw(22)
                  << to_iso8601(k.received) << std::setw(10)
                  << (k.stale              ? "stale"
                      : k.problems.empty() ? "ok"
                                           : "unhealthy")
                  << (problems.empty() ? "-" : problems) << "\n";
    }
    return 0;
}

int send_due_alerts(const Context& context, const FleetFlags& flags) {
    const auto fleet = fleet_config(context);
    if (!fleet) {
        return 2;
    }
    auto database = open_database(context, false);
    if (!database) {
        return 2;
    }
    auto due = store::claim_alerts(*database, rules_of(*fleet), clock_of(flags));
    if (!due) {
        std::cerr << "jiayi-hub: " << due.error().diagnostics << "\n";
        return 1;
    }
    for (const auto& a : due.value()) {
        std::cout << store::alert_code(a.kind) << " " << a.kiosk << " since " << to_iso8601(a.since)
                  << "\n";
    }
    const auto problems =
        alerts::send_alerts(due.value(), {fleet->alert_command, fleet->alert_webhook,
                                          std::chrono::seconds(fleet->alert_timeout_seconds)});
    for (const auto& p : problems) {
        std::cerr << "jiayi-hub: " << p << "\n";
    }
    return problems.empty() ? 0 : 1;
}

void add_now_option(CLI::App* command, FleetFlags& flags) {
    command->add_option("--now", flags.now, "the clock, ISO 8601 UTC (default: now)")
        ->check([](const std::string& text) {
            return parse_iso8601(text) ? std::string() : "not an ISO 8601 UTC instant: " + text;
        });
}

}  // namespace

std::function<void()> fleet_check(std::shared_ptr<db::Database> database,
                                  const config::FleetSection& fleet) {
    if (fleet.alert_command.empty() && fleet.alert_webhook.empty()) {
        return {};
    }
    return [database = std::move(database), fleet] {
        const Instant now{static_cast<std::int64_t>(std::time(nullptr))};
        auto due = store::claim_alerts(*database, rules_of(fleet), now);
        if (!due) {
            std::cerr << "jiayi-hub: alerts: " << due.error().diagnostics << "\n";
            return;
        }
        for (const auto& a : due.value()) {
            std::cerr << "jiayi-hub: alert " << store::alert_code(a.kind) << " kiosk=" << a.kiosk
                      << "\n";
        }
        for (const auto& p : alerts::send_alerts(
                 due.value(), {fleet.alert_command, fleet.alert_webhook,
                               std::chrono::seconds(fleet.alert_timeout_seconds)})) {
            std::cerr << "jiayi-hub: alerts: " << p << "\n";
        }
    };
}

void add_fleet_commands(CLI::App& app, Context& context) {
    auto flags = std::make_shared<FleetFlags>();
    auto* kiosks = app.add_subcommand(
        "kiosks", "every kiosk's last heartbeat: stale and unhealthy ones first ([fleet])");
    kiosks->add_flag("--json", flags->as_json, "print JSON");
    add_now_option(kiosks, *flags);
    kiosks->add_option("--database", context.database,
                       "SQLite path, sqlite:PATH or postgresql://… (default: the configuration's)");
    kiosks->callback([&context, flags] { context.status = list_kiosks(context, *flags); });

    auto* alerts = app.add_subcommand(
        "alerts", "send the alerts due now (serve does this every [fleet] check_seconds)");
    add_now_option(alerts, *flags);
    alerts->add_option("--database", context.database,
                       "SQLite path, sqlite:PATH or postgresql://… (default: the configuration's)");
    alerts->callback([&context, flags] { context.status = send_due_alerts(context, *flags); });
}

}  // namespace jiayi::hub::cli
