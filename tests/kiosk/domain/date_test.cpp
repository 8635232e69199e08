#include <doctest/doctest.h>

#include "kiosk/domain/date.hpp"

using namespace jiayi::domain;

TEST_CASE("days round-trip across eras and leap days") {
    for (std::int64_t d = -800000; d <= 800000; d += 997) {
        CHECK(to_days(from_days(d)) == d);
    }
    CHECK(to_days(Date{1970, 1, 1}) == 0);
    CHECK(to_days(Date{2000, 3, 1}) - to_days(Date{2000, 2, 28}) == 2);
    CHECK(to_days(Date{1900, 3, 1}) - to_days(Date{1900, 2, 28}) == 1);
}

TEST_CASE("leap years follow the Gregorian rule") {
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2025));
}

TEST_CASE("dates are validated") {
    CHECK(is_valid_date(2024, 2, 29));
    CHECK_FALSE(is_valid_date(2023, 2, 29));
    CHECK_FALSE(is_valid_date(2023, 13, 1));
    CHECK_FALSE(is_valid_date(2023, 4, 31));
    CHECK_FALSE(is_valid_date(2023, 1, 0));
}

TEST_CASE("anniversary of Feb 29 falls on Mar 1 in a common year") {
    CHECK(anniversary(Date{2024, 2, 29}, 1) == Date{2025, 3, 1});
    CHECK(anniversary(Date{2024, 2, 29}, 4) == Date{2028, 2, 29});
    CHECK(anniversary(Date{2023, 6, 15}, 1) == Date{2024, 6, 15});
}

TEST_CASE("parsing accepts only real dates") {
    CHECK(parse_iso_date("2026-11-23") == Date{2026, 11, 23});
    CHECK(parse_compact_date("19491231") == Date{1949, 12, 31});
    CHECK_FALSE(parse_iso_date("2026-02-30"));
    CHECK_FALSE(parse_iso_date("2026/11/23"));
    CHECK_FALSE(parse_iso_date("2026-1-23"));
    CHECK_FALSE(parse_compact_date("2026113"));
    CHECK_FALSE(parse_compact_date("2026+123"));
    CHECK(to_iso(Date{2026, 3, 7}) == "2026-03-07");
}
