#include <doctest/doctest.h>

#include "kiosk/domain/date.hpp"

using namespace jiayi;

// The jiayi tool reads the wall clock at its edge (apps/jiayi/clock.hpp) and
// counts days with the domain's functions, tested here.
TEST_CASE("the kiosk's day is the day in its zone, not in UTC") {
    // 2026-11-22T16:00:00Z is midnight in Asia/Shanghai.
    const Instant midnight_shanghai{1795392000 - 8 * 3600};
    CHECK(domain::local_date(midnight_shanghai, 480) == domain::Date{2026, 11, 23});
    CHECK(domain::local_date(Instant{midnight_shanghai.unix_seconds - 1}, 480) ==
          domain::Date{2026, 11, 22});
    CHECK(domain::local_date(midnight_shanghai, 0) == domain::Date{2026, 11, 22});
    CHECK(domain::start_of(domain::Date{2026, 11, 23}, 480) == midnight_shanghai);
    CHECK(domain::local_date(Instant{-1}, 0) == domain::Date{1969, 12, 31});
}
