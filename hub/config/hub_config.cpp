#include "hub/config/hub_config.hpp"

#include <fstream>
#include <sstream>

#include "common/toml/table_reader.hpp"

namespace jiayi::hub::config {

namespace {

using Errors = std::vector<ConfigError>;

// A string that must not be empty, at `key` of `table`: the node, or nullptr
// when absent or refused.
const toml::node* non_empty_string(TableReader& table, std::string_view key, std::string& out) {
    return table.string(key, out, non_empty);
}

// "HH:MM", minutes after midnight (0–1439).
void time_of_day(TableReader& table, std::string_view key, int& out) {
    std::string value;
    const toml::node* node = non_empty_string(table, key, value);
    if (node == nullptr) {
        return;
    }
    int hours = 0;
    int minutes = 0;
    char colon = 0;
    std::istringstream in(value);
    std::string rest;
    const bool read = static_cast<bool>(in >> hours >> colon >> minutes) && !(in >> rest);
    if (!read || colon != ':' || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 ||
        value.size() != 5) {
        table.error(*node, key, "must be a time \"HH:MM\" (00:00 to 23:59), not \"" + value + "\"");
        return;
    }
    out = hours * 60 + minutes;
}

// A file, read from the configuration's folder when relative; left as it
// is when the key is absent.
void file_path(TableReader& table, std::string_view key, std::filesystem::path& out,
               const std::filesystem::path& base) {
    std::string value;
    if (non_empty_string(table, key, value) != nullptr) {
        const std::filesystem::path p = value;
        out = p.is_relative() && !base.empty() ? base / p : p;
    }
}

// A SQLite path given plainly or as sqlite:PATH is read from the
// configuration's folder when relative; a postgresql:// URL is left alone.
std::string resolve_database_url(const std::string& url, const std::filesystem::path& base) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://") || base.empty()) {
        return url;
    }
    const bool prefixed = url.starts_with("sqlite:");
    const std::filesystem::path path = prefixed ? url.substr(7) : url;
    if (path.is_absolute()) {
        return url;
    }
    return (prefixed ? "sqlite:" : "") + (base / path).string();
}

}  // namespace

ConfigResult parse_hub_config(std::string_view text, std::string_view source,
                              const std::filesystem::path& base_dir) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        return fail(Errors{{std::string(source), static_cast<int>(e.source().begin.line),
                            std::string(e.description())}});
    }
    Errors errors;
    HubConfig config;
    TableReader top(&root, "", source, errors);

    TableReader listen = top.table("listen");
    non_empty_string(listen, "address", config.listen.address);
    listen.integer("port", config.listen.port, 0, 65535);
    listen.boolean("plain_http_on_loopback", config.listen.plain_http_on_loopback);
    listen.finish();

    TableReader tls = top.table("tls");
    file_path(tls, "certificate", config.tls.certificate, base_dir);
    file_path(tls, "private_key", config.tls.private_key, base_dir);
    if (config.tls.certificate.empty() != config.tls.private_key.empty()) {
        tls.error_here("tls.certificate and tls.private_key go together: set both or neither");
    } else if (config.tls.certificate.empty() && !config.listen.plain_http_on_loopback) {
        top.error_here(
            "no [tls] certificate and private_key: set them, or set "
            "listen.plain_http_on_loopback = true on a loopback address");
    }
    tls.finish();

    TableReader database = top.table("database");
    non_empty_string(database, "url", config.database.url);
    config.database.url = resolve_database_url(config.database.url, base_dir);
    database.integer("connections", config.database.connections, 1, 256);
    database.finish();

    TableReader server = top.table("server");
    server.integer("threads", config.server.threads, 1, 1024);
    server.integer("body_limit_bytes", config.server.body_limit_bytes, 1024, std::int64_t{1} << 30);
    server.integer("keep_alive_seconds", config.server.keep_alive_seconds, 1, 300);
    server.integer("read_timeout_seconds", config.server.read_timeout_seconds, 1, 300);
    server.integer("token_cache_seconds", config.server.token_cache_seconds, 0, 3600);
    server.finish();

    TableReader rules = top.table("rules");
    rules.integer("team_capacity", config.rules.team.default_capacity, 1, 100'000);
    rules.integer("max_open_bookings", config.rules.booking.max_open_bookings, 1, 100);
    rules.integer("cancel_deadline_hours", config.rules.booking.cancel_deadline_hours, 0, 24 * 30);
    rules.integer("pool_release_days_before", config.rules.booking.pool_release_days_before, 0, 90);
    rules.integer("pool_min_percent", config.rules.booking.pool_min_percent, 0, 100);
    rules.integer("renewal_days_before", config.rules.contract.renewal_days_before, 0, 365);
    rules.integer("renewal_days_after", config.rules.contract.renewal_days_after, 0, 365);
    rules.integer("shared_phone_threshold", config.rules.phone.shared_number_threshold, 2, 1000);
    rules.integer("utc_offset_minutes", config.rules.utc_offset_minutes, -12 * 60, 14 * 60);
    time_of_day(rules, "center_opens", config.rules.center_opens_minute);
    time_of_day(rules, "center_closes", config.rules.center_closes_minute);
    if (config.rules.center_opens_minute >= config.rules.center_closes_minute) {
        rules.error_here("rules.center_opens must be before rules.center_closes");
    }
    rules.finish();

    TableReader fleet = top.table("fleet");
    fleet.integer("silent_minutes", config.fleet.silent_minutes, 1, 7 * 24 * 60);
    fleet.integer("paper_minutes", config.fleet.paper_minutes, 0, 7 * 24 * 60);
    fleet.integer("queue_hours", config.fleet.queue_hours, 1, 24 * 365);
    non_empty_string(fleet, "alert_command", config.fleet.alert_command);
    non_empty_string(fleet, "alert_webhook", config.fleet.alert_webhook);
    if (!config.fleet.alert_webhook.empty() && !config.fleet.alert_webhook.starts_with("http://") &&
        !config.fleet.alert_webhook.starts_with("https://")) {
        fleet.error_here("fleet.alert_webhook must be an http:// or https:// URL");
    }
    fleet.integer("check_seconds", config.fleet.check_seconds, 1, 3600);
    fleet.integer("alert_timeout_seconds", config.fleet.alert_timeout_seconds, 1, 300);
    fleet.finish();

    top.finish();
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return config;
}

ConfigResult load_hub_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return fail(Errors{{file.string(), 0, "cannot read the file"}});
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_hub_config(text.str(), file.string(), file.parent_path());
}

}  // namespace jiayi::hub::config
