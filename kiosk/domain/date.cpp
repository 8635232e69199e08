#include "kiosk/domain/date.hpp"

#include <charconv>
#include <cstdio>

namespace jiayi::domain {

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        return 0;
    }
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t to_days(Date date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t m = date.month;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Date add_days(Date date, std::int64_t days) {
    return from_days(to_days(date) + days);
}

std::int64_t days_between(Date from, Date to) {
    return to_days(to) - to_days(from);
}

Date anniversary(Date date, int years) {
    const int year = date.year + years;
    if (date.month == 2 && date.day == 29 && !is_leap_year(year)) {
        return Date{year, 3, 1};
    }
    return Date{year, date.month, date.day};
}

namespace {

std::optional<int> parse_digits(std::string_view text) {
    int value = 0;
    if (text.empty()) {
        return std::nullopt;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<Date> make_date(std::string_view y, std::string_view m, std::string_view d) {
    auto year = parse_digits(y);
    auto month = parse_digits(m);
    auto day = parse_digits(d);
    if (!year || !month || !day || !is_valid_date(*year, *month, *day)) {
        return std::nullopt;
    }
    return Date{*year, *month, *day};
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    return make_date(text.substr(0, 4), text.substr(5, 2), text.substr(8, 2));
}

std::optional<Date> parse_compact_date(std::string_view text) {
    if (text.size() != 8) {
        return std::nullopt;
    }
    return make_date(text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
}

std::string to_iso(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

}  // namespace jiayi::domain
