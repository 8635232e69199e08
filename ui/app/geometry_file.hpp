#pragma once
// Where every touchable item is, for tests that touch the real window
// (--geometry-out): "version N" (the flow's, which grows with every touch it
// takes), "screen NAME", "message CODE" if one shows, "dimmed" while the
// kiosk is dimmed (dimmer.hpp), then one line per item,
// "x y w h label", in the window's pixels (the window may show the kiosk
// scaled down: Platform::scale). The file is replaced atomically, so a reader
// never sees half of it.

#include <cstdint>
#include <string>

#include "kiosk/flow/view_model.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

void write_geometry_file(const std::string& file, std::uint64_t version, const flow::View& view,
                         const Geometry& geometry, float scale, bool dimmed = false);

}  // namespace jiayi::ui
