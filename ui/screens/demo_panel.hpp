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
#include "ui/widgets.hpp"

namespace jiayi::ui {

struct DemoPanelChoice {
    std::optional<std::size_t> card;     // index into the labels
    std::optional<std::string> qr;       // a code's text, as a scanner reads it
    std::optional<std::string> printer;  // paper-out, paper-in, cover-open, cover-shut
};

// `printer`: offer the simulated printer's paper and cover.
DemoPanelChoice draw_demo_panel(const std::vector<std::string>& card_labels,
                                const text::Catalog& catalog, text::Language language,
                                const FontSet& fonts, float left, bool printer, Geometry* geometry);

}  // namespace jiayi::ui
