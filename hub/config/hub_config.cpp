#include "hub/config/hub_config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace jiayi::hub::config {

std::string ConfigError::to_string() const {
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

namespace {

using Errors = std::vector<ConfigError>;

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

// One table: each known key read with its type and range; what is left
// unread at finish() is an unknown key. Errors accumulate, so one run lists
// every problem in the file. (The kiosk's reader in kiosk/config is the same
// idea; it is private to that library.)
class TableReader {
  public:
    TableReader(const toml::table* table, std::string path, std::string_view file, Errors& errors)
        : table_(table), path_(std::move(path)), file_(file), errors_(errors) {}

    template <class Int>
    void integer(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        auto value = node->value_exact<std::int64_t>();
        if (!value) {
            error(*node, key, "must be a whole number");
        } else if (*value < min || *value > max) {
            error(*node, key,
                  "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", not " + std::to_string(*value));
        } else {
            out = static_cast<Int>(*value);
        }
    }

    void boolean(std::string_view key, bool& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        if (auto value = node->value_exact<bool>()) {
            out = *value;
        } else {
            error(*node, key, "must be true or false");
        }
    }

    // "HH:MM", minutes after midnight (0–1439).
    void clock(std::string_view key, int& out) {
        std::string text;
        const toml::node* node = string(key, text);
        if (node == nullptr) {
            return;
        }
        int hours = 0;
        int minutes = 0;
        char colon = 0;
        std::istringstream in(text);
        std::string rest;
        const bool read = static_cast<bool>(in >> hours >> colon >> minutes) && !(in >> rest);
        if (!read || colon != ':' || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 ||
            text.size() != 5) {
            error(*node, key, "must be a time \"HH:MM\" (00:00 to 23:59), not \"" + text + "\"");
            return;
        }
        out = hours * 60 + minutes;
    }

    // A non-empty string.
    const toml::node* string(std::string_view key, std::string& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return nullptr;
        }
        auto value = node->value_exact<std::string>();
        if (!value) {
            error(*node, key, "must be a string");
            return nullptr;
        }
        if (value->empty()) {
            error(*node, key, "must not be empty");
            return nullptr;
        }
        out = *value;
        return node;
    }

    void path(std::string_view key, std::filesystem::path& out, const std::filesystem::path& base) {
        std::string text;
        if (string(key, text) != nullptr) {
            const std::filesystem::path p = text;
            out = p.is_relative() && !base.empty() ? base / p : p;
        }
    }

    // A sub-table; an absent one reads as empty, so every key keeps its default.
    TableReader table(std::string_view key) {
        const toml::node* node = take(key);
        if (node != nullptr && !node->is_table()) {
            error(*node, key, "must be a table ([" + qualified(key) + "])");
            node = nullptr;
        }
        return TableReader(node ? node->as_table() : nullptr, qualified(key), file_, errors_);
    }

    void finish() {
        if (table_ == nullptr) {
            return;
        }
        for (const auto& [key, node] : *table_) {
            if (!read_.contains(std::string(key.str()))) {
                errors_.push_back({std::string(file_), line_of(node),
                                   "unknown key \"" + qualified(key.str()) + "\""});
            }
        }
    }

    void error(const toml::node& node, std::string_view key, const std::string& reason) {
        errors_.push_back({std::string(file_), line_of(node), qualified(key) + " " + reason});
    }

    // A rule across keys, reported at the table (or the file when absent).
    void error_here(const std::string& message) {
        errors_.push_back({std::string(file_),
                           table_ ? static_cast<int>(table_->source().begin.line) : 0, message});
    }

    bool has(std::string_view key) const { return table_ && table_->contains(key); }

  private:
    const toml::node* take(std::string_view key) {
        read_.insert(std::string(key));
        return table_ ? table_->get(key) : nullptr;
    }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const toml::table* table_;
    std::string path_;
    std::string_view file_;
    Errors& errors_;
    std::set<std::string> read_;
};

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
    listen.string("address", config.listen.address);
    listen.integer("port", config.listen.port, 0, 65535);
    listen.boolean("plain_http_on_loopback", config.listen.plain_http_on_loopback);
    listen.finish();

    TableReader tls = top.table("tls");
    tls.path("certificate", config.tls.certificate, base_dir);
    tls.path("private_key", config.tls.private_key, base_dir);
    if (config.tls.certificate.empty() != config.tls.private_key.empty()) {
        tls.error_here("tls.certificate and tls.private_key go together: set both or neither");
    } else if (config.tls.certificate.empty() && !config.listen.plain_http_on_loopback) {
        top.error_here(
            "no [tls] certificate and private_key: set them, or set "
            "listen.plain_http_on_loopback = true on a loopback address");
    }
    tls.finish();

    TableReader database = top.table("database");
    database.string("url", config.database.url);
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
    rules.clock("center_opens", config.rules.center_opens_minute);
    rules.clock("center_closes", config.rules.center_closes_minute);
    if (config.rules.center_opens_minute >= config.rules.center_closes_minute) {
        rules.error_here("rules.center_opens must be before rules.center_closes");
    }
    rules.finish();

    TableReader fleet = top.table("fleet");
    fleet.integer("silent_minutes", config.fleet.silent_minutes, 1, 7 * 24 * 60);
    fleet.integer("paper_minutes", config.fleet.paper_minutes, 0, 7 * 24 * 60);
    fleet.integer("queue_hours", config.fleet.queue_hours, 1, 24 * 365);
    fleet.string("alert_command", config.fleet.alert_command);
    fleet.string("alert_webhook", config.fleet.alert_webhook);
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
