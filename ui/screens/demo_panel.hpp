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
    std::optional<std::size_t> card;  // index into the labels
    bool qr = false;
};

DemoPanelChoice draw_demo_panel(const std::vector<std::string>& card_labels,
                                const text::Catalog& catalog, text::Language language,
                                const FontSet& fonts, float left, Geometry* geometry);

}  // namespace jiayi::ui
