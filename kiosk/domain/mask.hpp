#pragma once
// Masked display of personal data (rules.md, "Privacy"): 张*三, 1101**********123X.

#include <string>
#include <string_view>

#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

// UTF-8 aware: keeps the first and last character of three or more, the first
// of two ("张*"), and masks a single character entirely.
std::string mask_name(std::string_view name);

// Keeps `head` and `tail` characters; every other becomes '*'.
std::string mask_id(std::string_view number, const MaskRules& rules);

// Keeps the first 3 and last 4 digits of a phone number.
std::string mask_phone(std::string_view digits);

}  // namespace jiayi::domain
