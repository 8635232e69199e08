#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

std::optional<KeypadRule> keypad_rule(Screen screen, domain::EntryMode mode) {
    const domain::EntryLimits digits{.min_length = 0, .max_length = 12};
    switch (screen) {
        case Screen::Phone:
            return KeypadRule{digits, false};
        case Screen::Pin:
            return KeypadRule{digits, true};
        case Screen::ManualEntry:
            return KeypadRule{domain::entry_limits(mode), false};
        // The paper's date as YYYYMMDD; its form number's digits (the
        // district's forms are numbered; letters and dashes, which the
        // domain accepts, come only through the district's import).
        case Screen::BackFillDate:
            return KeypadRule{{.min_length = 8, .max_length = 8}, false};
        case Screen::BackFillForm:
            return KeypadRule{{.min_length = 4, .max_length = 20}, false};
        default:
            return std::nullopt;
    }
}

void type_key(std::string& entered, const std::string& key, const KeypadRule& rule) {
    if (key.size() != 1) {
        return;
    }
    const char c = key[0] >= 'a' && key[0] <= 'z' ? static_cast<char>(key[0] - 'a' + 'A') : key[0];
    if (rule.limits.accepts(c) && entered.size() < rule.limits.max_length) {
        entered += c;
    }
}

}  // namespace jiayi::flow
