#include "kiosk/domain/phone.hpp"

namespace jiayi::domain {

namespace {

// Area codes start 0[1-9]: 010 and 02X are three digits and their local
// numbers eight; every other code is four digits with seven- or eight-digit
// local numbers. A local number starts with neither 0 nor 1.
bool is_landline(const std::string& d) {
    if (d.size() < 10 || d.size() > 12 || d[0] != '0' || d[1] == '0') {
        return false;
    }
    const bool three_digit_area = (d[1] == '1' && d[2] == '0') || d[1] == '2';
    if (d[1] == '1' && !three_digit_area) {
        return false;  // 01X other than 010 is not an area code
    }
    const std::size_t area = three_digit_area ? 3 : 4;
    const std::size_t local = d.size() - area;
    const bool local_ok = three_digit_area ? local == 8 : (local == 7 || local == 8);
    return local_ok && d[area] != '0' && d[area] != '1';
}

bool is_mobile(const std::string& d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

}  // namespace

Result<Phone, Refusal> parse_phone(std::string_view text) {
    std::string digits;
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') {
        ++i;
    }
    if (text.substr(i).starts_with("+86")) {
        i += 3;
    } else if (text.substr(i).starts_with("0086")) {
        i += 4;
    }
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c != ' ' && c != '-') {
            return fail(Refusal::PhoneInvalid);
        }
    }
    if (is_mobile(digits)) {
        return Phone{PhoneKind::Mobile, digits};
    }
    if (is_landline(digits)) {
        return Phone{PhoneKind::Landline, digits};
    }
    return fail(Refusal::PhoneInvalid);
}

Result<Phone, Refusal> confirm_phone(std::string_view first, std::string_view second) {
    auto a = parse_phone(first);
    if (!a) {
        return a;
    }
    auto b = parse_phone(second);
    if (!b) {
        return b;
    }
    if (a->digits != b->digits) {
        return fail(Refusal::PhoneMismatch);
    }
    return a;
}

bool is_shared_number(int residents_on_number, const PhoneRules& rules) {
    return residents_on_number >= rules.shared_number_threshold;
}

}  // namespace jiayi::domain
