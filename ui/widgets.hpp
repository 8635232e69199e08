#pragma once
// The kiosk's widgets: big buttons that record where they were drawn, so a
// test can check every target's size and that its label fits.

#include <string>
#include <vector>

#include "ui/theme.hpp"

struct ImFont;

namespace jiayi::ui {

struct ItemRect {
    std::string label;
    float x, y, w, h;
    float label_w, label_h;  // the label's own size, to check it fits
    bool primary;
};

// Filled by the widgets in one frame; empty when nobody asks.
struct Geometry {
    std::vector<ItemRect> items;
};

enum class ButtonStyle { Primary, Secondary };

// A button at the cursor, `w` wide and `h` tall; true when touched.
bool big_button(const std::string& label, float w, float h, ButtonStyle style, ImFont* font,
                const Theme& theme, Geometry* geometry);

// Text centred in a box of width `w` at the cursor, wrapping if it must.
void centred_text(const std::string& text, float w, ImFont* font, const Theme& theme);

}  // namespace jiayi::ui
