#pragma once
// One frame of the kiosk: a full-screen, undecorated window holding the
// view's screen, and a message or the countdown over it. No way out to the
// desktop is drawn.

#include "kiosk/flow/view_model.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/screens/kit.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

// Draws the view between the platform's begin and end; returns what was touched.
flow::Intent draw_frame(const flow::View& view, const text::Catalog& catalog, const FontSet& fonts,
                        const Theme& theme, UiState& state, Geometry* geometry = nullptr);

}  // namespace jiayi::ui
