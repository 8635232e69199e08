#pragma once
// What each keypad takes, once: the flow applies it to the keys and the view
// shows it (the UI offers only the keys it allows). Internal to kiosk/flow.

#include <cstddef>
#include <optional>
#include <string>

#include "kiosk/flow/view_model.hpp"

namespace jiayi::flow {

struct KeypadRule {
    std::size_t max_length = 18;
    bool allow_x = false;  // the check character of an ID number
    bool secret = false;   // shown as dots
};

// The keypad of a screen; nullopt when the screen has none.
std::optional<KeypadRule> keypad_rule(Screen screen);

// Adds a key to what was typed when the rule allows it; X is kept upper-case.
void type_key(std::string& entered, const std::string& key, const KeypadRule& rule);

}  // namespace jiayi::flow
