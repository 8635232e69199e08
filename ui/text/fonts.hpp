#pragma once
// The glyph atlas (DESIGN.md, "Performance budget"): built only from the
// glyphs the screens need — every catalog string, plus the text of the
// resident on screen — out of the mapped Noto Sans CJK file, which is then
// released: ImGui copies a font's bytes while it builds, so the whole
// collection is held only for the build, never between frames.

#include <filesystem>
#include <string>

#include "kiosk/common/result.hpp"

struct ImFont;

namespace jiayi::ui {

struct FontSet {
    ImFont* body = nullptr;
    ImFont* title = nullptr;
};

struct FontRequest {
    std::filesystem::path file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    int face = 2;  // in the collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
    float body_px = 32;
    float title_px = 56;
    std::string text;  // every character that must render
};

// Rebuilds ImGui's current atlas for the request. The caller recreates the
// renderer's font texture afterwards.
Result<FontSet, std::string> build_fonts(const FontRequest& request);

}  // namespace jiayi::ui
