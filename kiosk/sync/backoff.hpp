#pragma once
// When to try again after a failed pass: exponential backoff with jitter
// ("equal jitter": half the step fixed, half random), so a district's kiosks
// that lost the hub together do not all return in the same second. The
// random draw is an input, as time is (STYLE.md).

#include <algorithm>
#include <cstdint>

#include "common/instant.hpp"

namespace jiayi::sync {

struct Backoff {
    std::int64_t first_seconds = 5;
    std::int64_t most_seconds = 15 * 60;

    // The wait after `failures` failed passes in a row (≥ 1); `unit` is a
    // random draw in [0, 1).
    std::int64_t delay_seconds(int failures, double unit) const {
        std::int64_t step = first_seconds;
        for (int i = 1; i < failures && step < most_seconds; ++i) {
            step *= 2;
        }
        step = std::min(step, most_seconds);
        const double half = static_cast<double>(step) / 2.0;
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(half + unit * half));
    }

    Instant next_attempt(Instant now, int failures, double unit) const {
        return Instant{now.unix_seconds + delay_seconds(failures, unit)};
    }
};

}  // namespace jiayi::sync
