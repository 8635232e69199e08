#pragma once
// What the flow's source files share; not part of its interface.

#include <sodium.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::flow::detail {

// Overwrites a string's bytes before it is dropped: a wiped session leaves no
// name or number behind in freed memory.
inline void scrub(std::string& s) {
    if (!s.empty()) {
        sodium_memzero(s.data(), s.size());
    }
    s.clear();
}

inline std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : separator) + p;
    }
    return out;
}

inline std::string local_time(Instant instant, int offset_minutes, bool with_date) {
    const std::int64_t local = instant.unix_seconds + std::int64_t{offset_minutes} * 60;
    const domain::Date day = domain::local_date(instant, offset_minutes);
    const std::int64_t seconds = local - domain::to_days(day) * 86400;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds % 3600 / 60));
    return with_date ? domain::to_iso(day) + " " + buffer : std::string(buffer);
}

}  // namespace jiayi::flow::detail
