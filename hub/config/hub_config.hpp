#pragma once
// The hub's configuration: config/hub.toml read once into typed structs
// (hub/README.md, layer hub/config). Strict like the kiosk's: an unknown key,
// a wrong type or an out-of-range value refuses the whole file, every
// problem listed as `file:line: key reason`; nothing is half-applied. Every
// key has the default written here and in config/hub.toml; the rules'
// defaults are kiosk/domain/rules.hpp's, so kiosk and hub start from the
// same numbers.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_error.hpp"
#include "common/result.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::config {

struct ListenSection {
    std::string address = "0.0.0.0";  // numeric: "0.0.0.0", "::", "127.0.0.1"
    int port = 8443;                  // 0: any free port, printed at start
    // Plain HTTP instead of TLS; honoured only on a loopback address (a
    // developer's machine, or a TLS-terminating proxy on this host).
    bool plain_http_on_loopback = false;
};

struct TlsSection {
    std::filesystem::path certificate;  // PEM chain; empty: no TLS configured
    std::filesystem::path private_key;  // PEM, unencrypted
};

struct DatabaseSection {
    // A SQLite file path (the default, zero set-up) or "sqlite:PATH", or a
    // "postgresql://…" URL (hub/db/database.hpp). A relative path is read
    // from the configuration file's folder.
    std::string url = "/var/lib/jiayi-hub/hub.db";
    int connections = 8;
};

struct ServerSection {
    int threads = 32;  // workers; one per kiosk connection kept alive
    std::int64_t body_limit_bytes = 16 * 1024 * 1024;
    int keep_alive_seconds = 5;
    int read_timeout_seconds = 10;
    // A live token is trusted from memory this long after the database
    // confirmed it, so a revocation takes effect within it (hub/README.md
    // "Tokens"); 0 asks the database on every request.
    int token_cache_seconds = 5;
};

// The numbers of the rules the hub holds for every kiosk (rules.md).
using HubRules = domain::HubRules;  // kiosk/domain/rules.hpp: [rules]

// The fleet's health (hub/store/fleet.hpp): when a kiosk counts as stale or
// unhealthy, and who hears of it. An alert is a command run by /bin/sh with
// JIAYI_ALERT (silent | out-of-paper), JIAYI_KIOSK, JIAYI_TOWNSHIP and
// JIAYI_SINCE (ISO 8601 UTC) in its environment, and/or a JSON POST to a
// webhook; once per episode, from `serve`'s own thread every check_seconds.
struct FleetSection {
    int silent_minutes = 15;    // no heartbeat this long: stale, and an alert
    int paper_minutes = 10;     // out of paper this long: an alert
    int queue_hours = 24;       // the oldest queued record older than this: unhealthy
    std::string alert_command;  // empty: none
    std::string alert_webhook;  // an http(s) URL; empty: none
    int check_seconds = 60;
    int alert_timeout_seconds = 10;  // a command or webhook that takes longer is abandoned
};

struct HubConfig {
    ListenSection listen;
    TlsSection tls;
    DatabaseSection database;
    ServerSection server;
    HubRules rules;
    FleetSection fleet;

    bool has_tls() const { return !tls.certificate.empty(); }
};

using ConfigError = ::jiayi::ConfigError;  // common/config_error.hpp

using ConfigResult = Result<HubConfig, std::vector<ConfigError>>;

// Parses TOML text; `source` names it in errors; relative paths resolve
// against `base_dir`.
ConfigResult parse_hub_config(std::string_view text, std::string_view source,
                              const std::filesystem::path& base_dir = {});

ConfigResult load_hub_config(const std::filesystem::path& file);

}  // namespace jiayi::hub::config
