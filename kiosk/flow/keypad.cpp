#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

std::optional<KeypadRule> keypad_rule(Screen screen) {
    switch (screen) {
        case Screen::Phone:
            return KeypadRule{12, false, false};
        case Screen::Pin:
            return KeypadRule{12, false, true};
        case Screen::ManualEntry:
            return KeypadRule{18, true, false};
        default:
            return std::nullopt;
    }
}

void type_key(std::string& entered, const std::string& key, const KeypadRule& rule) {
    const bool digit = key.size() == 1 && key[0] >= '0' && key[0] <= '9';
    const bool x = rule.allow_x && (key == "X" || key == "x");
    if ((digit || x) && entered.size() < rule.max_length) {
        entered += x ? "X" : key;
    }
}

}  // namespace jiayi::flow
