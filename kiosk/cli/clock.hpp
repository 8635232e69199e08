#pragma once
// The wall clock, read only here at the program's edge and passed inward.

#include <chrono>

#include "kiosk/common/instant.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::cli {

// Asia/Shanghai: UTC+8, no daylight saving; used where no configuration is read.
inline constexpr int kChinaUtcOffsetMinutes = 480;

inline Instant now() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

// The calendar day at `instant` in a zone `utc_offset_minutes` east of UTC.
inline domain::Date local_date(Instant instant, int utc_offset_minutes) {
    const std::int64_t local = instant.unix_seconds + std::int64_t{utc_offset_minutes} * 60;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    return domain::from_days(days);
}

// The first instant of a local calendar day.
inline Instant start_of(domain::Date date, int utc_offset_minutes) {
    return Instant{domain::to_days(date) * 86400 - std::int64_t{utc_offset_minutes} * 60};
}

}  // namespace jiayi::cli
