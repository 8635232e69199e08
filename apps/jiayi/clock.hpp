#pragma once
// The wall clock, read only here at the program's edge and passed inward.
// The day it falls on (domain::local_date, domain::start_of) is the domain's.

#include <chrono>

#include "common/instant.hpp"

namespace jiayi::cli {

// Asia/Shanghai: UTC+8, no daylight saving; used where no configuration is read.
inline constexpr int kChinaUtcOffsetMinutes = 480;

inline Instant now() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

}  // namespace jiayi::cli
