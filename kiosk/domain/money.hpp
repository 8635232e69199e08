#pragma once
// Money in fen (分, 1/100 CNY): integers only, so shares always add up.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiayi::domain {

struct Money {
    std::int64_t fen = 0;

    friend auto operator<=>(const Money&, const Money&) = default;
    Money operator+(Money other) const { return {fen + other.fen}; }
    Money operator-(Money other) const { return {fen - other.fen}; }
    Money& operator+=(Money other) {
        fen += other.fen;
        return *this;
    }
};

inline constexpr Money yuan(std::int64_t whole) {
    return Money{whole * 100};
}

// "36.00"
std::string to_yuan_string(Money money);
// "36", "36.5", "36.50" → Money; nullopt for anything else (negative, 3 decimals, text).
std::optional<Money> parse_yuan(std::string_view text);

}  // namespace jiayi::domain
