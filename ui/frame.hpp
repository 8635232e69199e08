#pragma once
// One frame of the kiosk: a full-screen, undecorated window holding the
// current screen. No way out to the desktop is drawn.

#include "kiosk/flow/view_model.hpp"
#include "ui/text/catalog.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

// Draws the home screen's frame between the platform's begin and end.
flow::Intent draw_frame(const flow::HomeView& view, const Catalog& catalog, const FontSet& fonts,
                        const Theme& theme, Geometry* geometry = nullptr);

}  // namespace jiayi::ui
