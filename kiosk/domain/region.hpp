#pragma once
// Province-level region codes (GB/T 2260, the first two digits of a resident ID).

#include <optional>
#include <string_view>

namespace jiayi::domain {

struct Province {
    std::string_view code;  // two digits
    std::string_view name_zh;
    std::string_view name_en;
};

// The province of a two-digit code ("50" → Chongqing), or nullopt.
std::optional<Province> province_of(std::string_view two_digits);

}  // namespace jiayi::domain
