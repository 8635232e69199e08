#pragma once
// The demo's simulated devices (`jiayi-kiosk --demo`): a small panel to "tap"
// made-up residents' cards or "scan" a code, for trying the kiosk on a
// desktop. It is a developer's tool window in a strip right of the kiosk's
// screen (from `left`); it never appears on a real kiosk.

#include <optional>
#include <string>
#include <vector>

#include "kiosk/text/catalog.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

// The panel's colours: dark text on a pale amber, so that it reads as a tool
// beside the kiosk, not as part of it. ImGui's own text colour is white (its
// dark style), which left the first line white on beige; every background
// here is checked against `text` for contrast.
struct DemoPanelColours {
    Colour text{0x2B, 0x21, 0x0A};
    Colour background{0xFA, 0xF6, 0xDC};
    Colour title{0xE8, 0xC8, 0x6A};
    Colour button{0xEE, 0xDD, 0xA8};
    Colour button_hovered{0xE2, 0xCB, 0x84};
    Colour button_pressed{0xD4, 0xB5, 0x62};
};
inline constexpr DemoPanelColours kDemoPanelColours{};

struct DemoPanelChoice {
    std::optional<std::size_t> card;     // index into the labels
    std::optional<std::string> qr;       // a code's text, as a scanner reads it
    std::optional<std::string> printer;  // paper-out, paper-in, cover-open, cover-shut
};

// In the strip from `left`, `width` wide (its type shrinks to fit);
// `printer`: offer the simulated printer's paper and cover.
DemoPanelChoice draw_demo_panel(const std::vector<std::string>& card_labels,
                                const text::Catalog& catalog, text::Language language,
                                const FontSet& fonts, float left, float width, bool printer,
                                Geometry* geometry);

}  // namespace jiayi::ui
