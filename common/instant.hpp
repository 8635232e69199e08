#pragma once
// A point in time as an input (STYLE.md: time is passed in, never read here).

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

namespace jiayi {

struct Instant {
    std::int64_t unix_seconds = 0;
    friend auto operator<=>(const Instant&, const Instant&) = default;
};

// "2026-11-23T08:55:15Z"
inline std::string to_iso8601(Instant instant) {
    const std::time_t t = static_cast<std::time_t>(instant.unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return buffer;
}

// The inverse of to_iso8601; nullopt for anything else.
inline std::optional<Instant> parse_iso8601(const std::string& text) {
    std::tm utc{};
    char zone = 0;
    if (text.size() != 20 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &utc.tm_year, &utc.tm_mon,
                    &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &zone) != 7 ||
        zone != 'Z') {
        return std::nullopt;
    }
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    return Instant{static_cast<std::int64_t>(timegm(&utc))};
}

}  // namespace jiayi
