#pragma once
// A point in time as an input (STYLE.md: time is passed in, never read here).

#include <cstdint>
#include <cstdio>
#include <ctime>
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

}  // namespace jiayi
