#pragma once
// Pictures drawn from shapes, for residents who read poorly: where to place
// the ID card, where to hold a phone's code. Generic (a reader pad below the
// screen, a phone held up), since kiosks differ; high contrast, no colour
// needed to read them. Each fits the box it is given (window coordinates)
// and is centred in it.

#include "ui/theme.hpp"

namespace jiayi::ui {

// An ID card coming down onto a reader pad, with an arrow between them.
void card_on_reader(float x, float y, float w, float h, const Theme& theme);

// A phone showing a QR code.
void phone_with_code(float x, float y, float w, float h, const Theme& theme);

// The width each picture takes for a height (their shapes' proportions).
inline float card_on_reader_width(float h) {
    return h * 1.0f;
}
inline float phone_with_code_width(float h) {
    return h * 0.62f;
}

}  // namespace jiayi::ui
