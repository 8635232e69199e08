#include <doctest/doctest.h>

#include "hub/config/hub_config.hpp"

using namespace jiayi::hub::config;

namespace {

std::string all_errors(const ConfigResult& result) {
    std::string text;
    for (const auto& e : result.error()) {
        text += e.to_string() + "\n";
    }
    return text;
}

}  // namespace

TEST_CASE("hub config: the shipped example reads, with the documented defaults") {
    auto loaded = load_hub_config(std::string(JIAYI_SOURCE_DIR) + "/config/hub.toml");
    REQUIRE_MESSAGE(loaded, (loaded ? "" : all_errors(loaded)));
    const HubConfig& config = loaded.value();
    const HubConfig defaults;
    CHECK(config.listen.address == defaults.listen.address);
    CHECK(config.listen.port == defaults.listen.port);
    CHECK(config.listen.plain_http_on_loopback == defaults.listen.plain_http_on_loopback);
    CHECK(config.tls.certificate == "/etc/jiayi/hub.crt");
    CHECK(config.tls.private_key == "/etc/jiayi/hub.key");
    CHECK(config.database.url == defaults.database.url);
    CHECK(config.database.connections == defaults.database.connections);
    CHECK(config.server.threads == defaults.server.threads);
    CHECK(config.server.body_limit_bytes == defaults.server.body_limit_bytes);
    CHECK(config.server.keep_alive_seconds == defaults.server.keep_alive_seconds);
    CHECK(config.server.read_timeout_seconds == defaults.server.read_timeout_seconds);
    CHECK(config.server.token_cache_seconds == defaults.server.token_cache_seconds);
    // The rules start from the domain's own defaults, which the kiosk uses too.
    const jiayi::domain::SigningRules domain;
    CHECK(config.rules.team.default_capacity == domain.team.default_capacity);
    CHECK(config.rules.team.default_capacity == 1500);
    CHECK(config.rules.booking.max_open_bookings == domain.booking.max_open_bookings);
    CHECK(config.rules.booking.cancel_deadline_hours == domain.booking.cancel_deadline_hours);
    CHECK(config.rules.booking.pool_release_days_before == domain.booking.pool_release_days_before);
    CHECK(config.rules.booking.pool_min_percent == domain.booking.pool_min_percent);
    CHECK(config.rules.contract.renewal_days_before == domain.contract.renewal_days_before);
    CHECK(config.rules.contract.renewal_days_after == domain.contract.renewal_days_after);
    CHECK(config.rules.phone.shared_number_threshold == domain.phone.shared_number_threshold);
    CHECK(config.rules.utc_offset_minutes == 480);
    CHECK(config.rules.center_opens_minute == 8 * 60);
    CHECK(config.rules.center_closes_minute == 17 * 60 + 30);
}

TEST_CASE("hub config: values are read, relative paths from the file's folder") {
    auto parsed = parse_hub_config(R"(
[listen]
address = "127.0.0.1"
port = 0
plain_http_on_loopback = true
[database]
url = "data/hub.db"
[server]
threads = 4
body_limit_bytes = 65536
[rules]
team_capacity = 100
max_open_bookings = 3
)",
                                   "hub.toml", "/srv/hub");
    REQUIRE_MESSAGE(parsed, (parsed ? "" : all_errors(parsed)));
    CHECK(parsed->listen.address == "127.0.0.1");
    CHECK(parsed->listen.port == 0);
    CHECK(parsed->listen.plain_http_on_loopback);
    CHECK_FALSE(parsed->has_tls());
    CHECK(parsed->database.url == "/srv/hub/data/hub.db");
    CHECK(parsed->server.threads == 4);
    CHECK(parsed->server.body_limit_bytes == 65536);
    CHECK(parsed->rules.team.default_capacity == 100);
    CHECK(parsed->rules.booking.max_open_bookings == 3);

    auto tls = parse_hub_config(
        "[tls]\ncertificate = \"hub.crt\"\nprivate_key = \"/k/hub.key\"\n"
        "[database]\nurl = \"postgresql://jiayi@db/hub\"\n",
        "hub.toml", "/etc/jiayi");
    REQUIRE_MESSAGE(tls, (tls ? "" : all_errors(tls)));
    CHECK(tls->tls.certificate == "/etc/jiayi/hub.crt");
    CHECK(tls->tls.private_key == "/k/hub.key");
    CHECK(tls->database.url == "postgresql://jiayi@db/hub");

    auto prefixed = parse_hub_config(
        "[listen]\nplain_http_on_loopback = true\n[database]\nurl = \"sqlite:hub.db\"\n",
        "hub.toml", "/srv");
    REQUIRE(prefixed);
    CHECK(prefixed->database.url == "sqlite:/srv/hub.db");
}

TEST_CASE("hub config: errors name the key and its line, all of them at once") {
    auto parsed = parse_hub_config(R"([listen]
port = 70000
plain_http_on_loopback = "yes"
[server]
threads = 0
body_limit_bytes = "16M"
colour = "red"
[rules]
pool_min_percent = 120
[tls]
certificate = "hub.crt"
)",
                                   "hub.toml");
    REQUIRE_FALSE(parsed);
    const std::string errors = all_errors(parsed);
    CHECK(errors.find("hub.toml:2: listen.port must be between 0 and 65535, not 70000") !=
          std::string::npos);
    CHECK(errors.find("hub.toml:3: listen.plain_http_on_loopback must be true or false") !=
          std::string::npos);
    CHECK(errors.find("hub.toml:5: server.threads must be between 1 and 1024, not 0") !=
          std::string::npos);
    CHECK(errors.find("hub.toml:6: server.body_limit_bytes must be a whole number") !=
          std::string::npos);
    CHECK(errors.find("hub.toml:7: unknown key \"server.colour\"") != std::string::npos);
    CHECK(errors.find("hub.toml:9: rules.pool_min_percent must be between 0 and 100, not 120") !=
          std::string::npos);
    CHECK(errors.find("tls.certificate and tls.private_key go together") != std::string::npos);
    CHECK(parsed.error().size() == 7);
}

TEST_CASE("hub config: the health centers' hours are HH:MM, opening before closing") {
    const std::string head = "[listen]\naddress = \"127.0.0.1\"\nplain_http_on_loopback = true\n";
    auto hours = parse_hub_config(head +
                                      "[rules]\ncenter_opens = \"07:30\"\ncenter_closes = "
                                      "\"20:00\"\nutc_offset_minutes = 420\n",
                                  "hub.toml");
    REQUIRE_MESSAGE(hours, (hours ? "" : all_errors(hours)));
    CHECK(hours.value().rules.center_opens_minute == 7 * 60 + 30);
    CHECK(hours.value().rules.center_closes_minute == 20 * 60);
    CHECK(hours.value().rules.utc_offset_minutes == 420);

    auto bad = parse_hub_config(head + "[rules]\ncenter_opens = \"8h\"\n", "hub.toml");
    REQUIRE_FALSE(bad);
    CHECK(all_errors(bad).find("hub.toml:5: rules.center_opens must be a time \"HH:MM\"") !=
          std::string::npos);
    auto reversed = parse_hub_config(
        head + "[rules]\ncenter_opens = \"18:00\"\ncenter_closes = \"17:30\"\n", "hub.toml");
    REQUIRE_FALSE(reversed);
    CHECK(all_errors(reversed).find("center_opens must be before rules.center_closes") !=
          std::string::npos);
}

TEST_CASE("hub config: without TLS, plain HTTP must be asked for") {
    auto parsed = parse_hub_config("[listen]\naddress = \"127.0.0.1\"\n", "hub.toml");
    REQUIRE_FALSE(parsed);
    CHECK(all_errors(parsed).find("no [tls] certificate and private_key") != std::string::npos);
}

TEST_CASE("hub config: a TOML syntax error and a missing file") {
    auto parsed = parse_hub_config("[listen\nport = 1\n", "hub.toml");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().front().line == 1);
    auto missing = load_hub_config("/nonexistent/hub.toml");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().front().to_string() == "/nonexistent/hub.toml: cannot read the file");
}
