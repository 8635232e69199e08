#pragma once
// Civil dates (proleptic Gregorian), with no clock and no time zone: the
// caller passes "today" in, already in the kiosk's zone (STYLE.md: time is an input).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/instant.hpp"

namespace jiayi::domain {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    friend auto operator<=>(const Date&, const Date&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool is_valid_date(int year, int month, int day);

// Days since 1970-01-01 (negative before it), and back.
std::int64_t to_days(Date date);
Date from_days(std::int64_t days);

Date add_days(Date date, std::int64_t days);
std::int64_t days_between(Date from, Date to);  // to - from

// The same month and day `years` later. A Feb 29 with no Feb 29 that year falls
// on Mar 1: the day it has fully passed (how ages and terms are counted here).
Date anniversary(Date date, int years);

// "YYYY-MM-DD" and "YYYYMMDD"; nullopt unless it is a real date.
std::optional<Date> parse_iso_date(std::string_view text);
std::optional<Date> parse_compact_date(std::string_view text);
std::string to_iso(Date date);

// The calendar day at `instant` in a zone `utc_offset_minutes` east of UTC.
inline Date local_date(Instant instant, int utc_offset_minutes) {
    const std::int64_t local = instant.unix_seconds + std::int64_t{utc_offset_minutes} * 60;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    return from_days(days);
}

// The first instant of a local calendar day.
inline Instant start_of(Date date, int utc_offset_minutes) {
    return Instant{to_days(date) * 86400 - std::int64_t{utc_offset_minutes} * 60};
}

}  // namespace jiayi::domain
