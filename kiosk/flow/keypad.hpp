#pragma once
// What each keypad takes, once: the flow applies it to the keys and the view
// shows it (the UI offers only the keys it allows). A document number takes
// what the domain's entry limits allow for the kind being typed; phone
// numbers and PINs are digits. Internal to kiosk/flow.

#include <optional>
#include <string>

#include "kiosk/domain/document.hpp"
#include "kiosk/flow/view_model.hpp"

namespace jiayi::flow {

struct KeypadRule {
    domain::EntryLimits limits;
    bool secret = false;  // shown as dots
};

// The keypad of a screen (the manual entry's in `mode`); nullopt when the
// screen has none.
std::optional<KeypadRule> keypad_rule(Screen screen,
                                      domain::EntryMode mode = domain::EntryMode::Identity);

// Adds a key to what was typed when the rule allows it; letters are kept
// upper-case.
void type_key(std::string& entered, const std::string& key, const KeypadRule& rule);

}  // namespace jiayi::flow
