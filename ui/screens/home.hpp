#pragma once
// Home (DESIGN.md, journey step 1): "tap your ID card or scan your code",
// large; sign / renew as the one primary action; booking, my doctor and
// help; language and large-text toggles.

#include "kiosk/flow/view_model.hpp"
#include "ui/text/catalog.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

flow::Intent draw_home(const flow::HomeView& view, const Catalog& catalog, const FontSet& fonts,
                       const Theme& theme, Geometry* geometry = nullptr);

}  // namespace jiayi::ui
