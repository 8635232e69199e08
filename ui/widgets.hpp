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

// Where a line of text begins, and the font and size it is drawn in: a
// test measures the ink of that first character in the rendered frame, so
// that the type a resident sees is the size the theme asks for.
struct InkProbe {
    bool title;         // drawn in the title font (else the body font)
    float size;         // pixels the font was drawn at (its size times any scale)
    float x, y;         // the top-left of the line's first character
    float w;            // the width of `start`
    std::string start;  // the line's first characters (up to four)
};

// Filled by the widgets in one frame; empty when nobody asks.
struct Geometry {
    std::vector<ItemRect> items;         // touchable
    std::vector<TextRect> texts;         // paragraphs
    std::vector<InkProbe> ink;           // the first character of each text drawn
    const ImFont* title_font = nullptr;  // which font is the title's, this frame
    std::vector<ItemRect> demo;          // the demo panel's buttons (not the kiosk's own)
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

// The width of `s` on one line in `font` at its size.
float text_width(const std::string& s, ImFont* font);

// In large text the lines of a card, of a broken label or of a table stand
// 1.25 em apart — closer than ImGui's line (Noto Sans CJK's ascent and
// descent, 1.448 em) — so that the larger type leaves room; in normal text,
// and in paragraphs always, the font's own line.
inline constexpr float kLeading = 1.25f / 1.448f;
// The distance from one such line's top to the next's in `font`.
float line_step(const ImFont* font, const Theme& theme);

struct Line {
    const char* begin;
    const char* end;
};

// Where a button's label and icon go in a button `w` wide: on one line with
// the icon when they fit (the icon smaller, down to 0.8 of its size, when
// they nearly do), else the label broken into lines beside the whole icon,
// else the icon over the words.
struct LabelLayout {
    std::vector<Line> lines;
    float text_w = 0;      // the widest line
    float text_h = 0;      // from the first line's top to the last's bottom
    float icon_scale = 0;  // 0: no icon
    float icon_w = 0;
    bool icon_above = false;  // over the words (a word too long beside it)
    float group_w = 0;        // the icon, the space after it and the text
};
LabelLayout layout_label(const std::string& label, float w, ImFont* font, const Theme& theme,
                         Icon icon);
// The height `label` takes in a button `w` wide (to size a row of them).
float label_height(const std::string& label, float w, ImFont* font, const Theme& theme,
                   Icon icon = icon::kNone);

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
// `icon` (from `icon_font`, the title font) stands left of the lines, or
// before the first line where the lines need the width or `icon_column` is
// false (cards side by side look alike: see fit_cards).
bool card_button(const std::string& id, const std::vector<CardLine>& lines, float w, float h,
                 bool chosen, const Theme& theme, Geometry* geometry, Icon icon = icon::kNone,
                 ImFont* icon_font = nullptr, bool icon_column = true);
// What the cards of one screen share, so that they line up and look alike:
// the icons in a column only when every card leaves it room, and every card
// as tall as the tallest needs (at least `least`).
struct CardSpec {
    std::vector<CardLine> lines;
    Icon icon = icon::kNone;
};
struct CardsFit {
    bool icon_column = true;
    float h = 0;
};
CardsFit fit_cards(const std::vector<CardSpec>& cards, float w, const Theme& theme,
                   ImFont* icon_font, float least);

// Where `text` breaks into lines `w` wide in `font` at `scale`: the rules of
// Chinese typesetting in common/line_break.hpp (no line starts with a closing
// mark such as ，。）」 or ends with an opening one such as （「, Latin words
// and numbers kept whole), measured with the font.
std::vector<Line> wrap_lines(ImFont* font, const std::string& text, float w, float scale = 1.0f);

// Notes, when `geometry` is not null, that `text` starts at `at` (screen
// pixels) in `font` drawn `size` pixels high.
void probe_ink(Geometry* geometry, const ImFont* font, float size, ImVec2 at,
               const std::string& text);

// Text centred in a box of width `w` at the cursor; wrapped lines are each
// centred too.
void centred_text(const std::string& text, float w, ImFont* font, const Theme& theme);

}  // namespace jiayi::ui
