#include "kiosk/domain/money.hpp"

#include <cstdio>
#include <cstdlib>

namespace jiayi::domain {

std::string to_yuan_string(Money money) {
    const std::int64_t abs = money.fen < 0 ? -money.fen : money.fen;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%lld.%02lld", money.fen < 0 ? "-" : "",
                  static_cast<long long>(abs / 100), static_cast<long long>(abs % 100));
    return buffer;
}

std::optional<Money> parse_yuan(std::string_view text) {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 9 || frac.size() > 2 ||
        (dot != std::string_view::npos && frac.empty())) {
        return std::nullopt;
    }
    std::int64_t fen = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        fen = fen * 10 + (c - '0');
    }
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        const char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        cents = cents * 10 + (c - '0');
    }
    return Money{fen * 100 + cents};
}

}  // namespace jiayi::domain
