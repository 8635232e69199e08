#pragma once
// What every screen's draw function shares: the view it draws, the words,
// fonts and sizes, where its items went (for the geometry test), the intent a
// touch produced, and the UI's own drawing state (a stroke being drawn).
// Layout helpers: the header with the step, the footer with the actions.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/instant.hpp"
#include "kiosk/flow/view_model.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

// State that belongs to the UI, not the flow: the stroke under the finger.
// The receipt as the printer will print it (drivers/printer renders it):
// a texture for the receipt's preview, made off the UI thread.
struct PaperImage {
    void* texture = nullptr;  // ImTextureID
    int width = 0;
    int height = 0;
    std::string receipt_id;
};

// What the QR camera sees, shown while the kiosk asks for a card or a code.
struct CameraImage {
    void* texture = nullptr;  // ImTextureID
    int width = 0;
    int height = 0;
};

// What the band at the top of every screen shows beside the view: the
// health center's name and the kiosk's clock, set by the app before each
// frame (a scripted run's clock is the script's, so screenshots repeat).
struct Masthead {
    std::string center_zh;
    std::string center_en;  // empty: the Chinese name in both languages
    Instant now;
    int utc_offset_minutes = 480;
};

struct UiState {
    Masthead masthead;
    std::vector<image::Point> stroke;  // pad units
    bool drawing = false;
    // Where the pointer went since the last frame (content pixels, from the
    // platform's events): a stroke is drawn through every one of them.
    std::vector<std::array<float, 2>> pointer_trail;
    PaperImage paper;
    CameraImage camera;
    // While set, every catalog text and data name a frame draws is added
    // here: the words of the first screen, for its glyph atlas.
    std::string* words = nullptr;
};

struct Ctx {
    const flow::View& view;
    const text::Catalog& catalog;
    const FontSet& fonts;
    const Theme& theme;
    Geometry* geometry;
    UiState& state;
    flow::Intent intent;

    const std::string& t(const std::string& key) const {
        return heard(catalog.text(view.language, key));
    }
    std::string f(const std::string& key, const std::vector<std::string>& args) const;
    // A bilingual pair from data (package, hospital names).
    const std::string& pick(const std::string& zh, const std::string& en) const {
        return heard(view.language == flow::Language::ZhCN || en.empty() ? zh : en);
    }
    // A text the frame draws, noted when the words are being gathered.
    const std::string& heard(const std::string& text) const {
        if (state.words != nullptr) {
            *state.words += text;
        }
        return text;
    }
    void emit(flow::IntentKind kind, std::string arg = {}, int value = 0) {
        intent = {kind, std::move(arg), value, {}};
    }
    bool button(const std::string& label, float x, float y, float w, float h, bool primary,
                Icon icon, ImFont* font = nullptr);
};

// The content area left between the header and the footer.
struct Area {
    float x, y, w, h;
};

// The band at the very top of every screen: the health center's name at the
// left, the date and time at the right, on a pale panel. Returns its bottom.
float masthead(Ctx& c);
// Where a screen's own content may start: below the band, with a gap.
float masthead_bottom(const Ctx& c);

// Draws the screen's title and its step as a bar of numbered circles, the
// current one filled, with its words beside ("Step 2 of 5"); returns what
// is left below it, down to the footer's top edge.
Area header(Ctx& c, const std::string& title_key, float footer_top);

// The "Listen again" button's width: the header's, and home's (at its foot).
float listen_again_width(const Ctx& c);

// The usual screen: its title and step above, its actions below; what is
// left between them.
Area content_area(Ctx& c);

// Draws the view's actions along the bottom (primary rightmost, or on its
// own row in portrait when they do not fit); returns the footer's top edge.
float footer(Ctx& c);
// The footer's top edge without drawing it, to lay out the content first.
float footer_top(const Ctx& c);
// In a footer of one row, the room between its secondary buttons and its
// primary one (words may stand there); none when the footer has more rows.
std::optional<Area> footer_free(const Ctx& c);

// Wrapped body text at the cursor, `w` wide; returns its height.
// Recorded as text (not touchable) in `geometry`, to check it stays on screen
// and clear of every button. Its lines `step` apart (0: the font's line and
// ImGui's item spacing; a table's rows pass line_step()).
float paragraph(const std::string& text, float x, float y, float w, ImFont* font,
                const Theme& theme, Geometry* geometry, float scale = 1.0f, float step = 0.0f);
// The height paragraph() would return, without drawing.
float paragraph_height(const std::string& text, float w, ImFont* font, float scale = 1.0f);

// A filled, rounded panel behind content.
void panel(float x, float y, float w, float h, Colour colour, const Theme& theme);

// A panel as tall as what is drawn on it: open it, draw the content, then
// close it with the content's bottom edge. (ImGui draws the content on a
// second channel and the panel under it once its height is known.)
class PanelBehind {
  public:
    PanelBehind();
    void close(float x, float y, float w, float bottom, Colour colour, const Theme& theme);
    ~PanelBehind();
    PanelBehind(const PanelBehind&) = delete;
    PanelBehind& operator=(const PanelBehind&) = delete;

  private:
    bool open_ = true;
};

// Lays `count` cards of height `card_h` in `columns` over the area, leaving a
// row for the page buttons when they do not all fit (or putting the buttons
// in the footer's row beside Back: when not even one row of cards and the
// buttons fit, or when the footer has no primary action and the cards gain
// a row); draws those buttons and returns the first and one-past-last index
// on the shown page.
std::pair<int, int> page_of(Ctx& c, const Area& a, int count, float card_h, int columns);
// The height of page_of's buttons for `count` items in `a`: a secondary
// button's, or more where their words break into lines.
float pager_height(const Ctx& c, const Area& a, int count);

// A label and its value on one line (wrapping the value if it must).
// `label_w`: the label column's width (0: a share of `w`).
float field(Ctx& c, const std::string& label, const std::string& value, float x, float y, float w,
            float label_w = 0);
// Label–value rows drawn by field(): in one column, or in two side by side
// (the rows split in half) on a wide screen when one column would be taller
// than `room`. The label column a share of the width, or with `fit_labels`
// as wide as each column's widest label (at most near half). Returns their
// height.
using Fields = std::vector<std::pair<std::string, std::string>>;
float field_rows(Ctx& c, const Fields& rows, float x, float y, float w, float room,
                 bool fit_labels = false);

// The center's indicator for staff (view.sync): reachable or not, what
// waits and since when, the failure's sentence, the refused count. Words,
// never colour alone; nothing when the kiosk has no sync. Returns its height.
float sync_indicator(Ctx& c, float x, float y, float w);

}  // namespace jiayi::ui
