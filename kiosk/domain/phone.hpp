#pragma once
// Phone numbers (rules.md, "Data quality"): a mainland mobile or a landline
// with its area code, entered twice, and flagged when shared too widely.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

enum class PhoneKind { Mobile, Landline };

struct Phone {
    PhoneKind kind = PhoneKind::Mobile;
    std::string digits;  // normalised: "13912345678", "02312345678"
};

// Accepts spaces and hyphens between digit groups and a leading +86 / 0086.
Result<Phone, Refusal> parse_phone(std::string_view text);

// The number entered twice on the keypad: both must parse and agree.
Result<Phone, Refusal> confirm_phone(std::string_view first, std::string_view second);

// One number on file for many residents (this one included) suggests that
// staff typed their own number. Households sharing a landline are the
// honest exception a nurse confirms.
bool is_shared_number(int residents_on_number, const PhoneRules& rules);

}  // namespace jiayi::domain
