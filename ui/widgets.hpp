#pragma once
// The kiosk's widgets: big buttons that record where they were drawn, so a
// test can check every target's size and that its label fits.

#include <string>
#include <vector>

#include "ui/text/icons.hpp"
#include "ui/theme.hpp"

struct ImFont;
struct ImDrawList;
struct ImVec2;

namespace jiayi::ui {

struct ItemRect {
    std::string label;
    float x, y, w, h;
    float label_w, label_h;  // the label's own size (with its icon), to check it fits
    bool primary;
    Icon icon;  // the icon drawn before the label (icon::kDrawn: a picture); 0: none
};

struct TextRect {
    std::string text;
    float x, y, w, h;
};

// Filled by the widgets in one frame; empty when nobody asks.
struct Geometry {
    std::vector<ItemRect> items;  // touchable
    std::vector<TextRect> texts;  // paragraphs
    std::vector<ItemRect> demo;   // the demo panel's buttons (not the kiosk's own)
};

enum class ButtonStyle { Primary, Secondary };

// A filled rectangle with rounded corners, drawn as three plain rectangles and
// four small corner fans, so that the renderer's fast path fills most of it
// (platform/draw_data.hpp). Colours pass through the style's alpha (a
// disabled screen behind a dialog is dimmed).
void fill_round_rect(ImDrawList* draw, float x0, float y0, float x1, float y1, Colour colour,
                     float radius);

// A rectangle's outline on whole pixels.
void outline(ImDrawList* draw, ImVec2 at, float w, float h, Colour colour, float radius,
             float width);

// A button at the cursor, `w` wide and `h` tall, its icon before its label
// (when the font carries icons and both fit); true when touched.
bool big_button(const std::string& label, float w, float h, ButtonStyle style, ImFont* font,
                const Theme& theme, Geometry* geometry, Icon icon = icon::kNone);

// Draws `icon` from `font` (which carries the icons) with its ink centred
// on `centre_y`, its left edge at `x`, at `scale` times the font's size
// (smaller where room is short); returns its advance (0: not drawn).
float draw_icon(ImDrawList* draw, ImFont* font, Icon icon, float x, float centre_y, Colour colour,
                float scale = 1.0f);
// The advance of `icon` in `font`; 0 when the font does not hold it.
float icon_width(ImFont* font, Icon icon);

// A touchable card of several left-aligned lines (a team, a package, a
// receipt to reprint); a chosen card has a heavy border and says so in its
// text, never by colour alone. True when touched.
struct CardLine {
    std::string text;
    ImFont* font;
};
// `icon` (from `icon_font`, the title font) stands left of the lines.
bool card_button(const std::string& id, const std::vector<CardLine>& lines, float w, float h,
                 bool chosen, const Theme& theme, Geometry* geometry, Icon icon = icon::kNone,
                 ImFont* icon_font = nullptr);

// Where `text` breaks into lines `w` wide in `font` at `scale`: the rules of
// Chinese typesetting in common/line_break.hpp (no line starts with a closing
// mark such as ，。）」 or ends with an opening one such as （「, Latin words
// and numbers kept whole), measured with the font.
struct Line {
    const char* begin;
    const char* end;
};
std::vector<Line> wrap_lines(ImFont* font, const std::string& text, float w, float scale = 1.0f);

// Text centred in a box of width `w` at the cursor; wrapped lines are each
// centred too.
void centred_text(const std::string& text, float w, ImFont* font, const Theme& theme);

}  // namespace jiayi::ui
