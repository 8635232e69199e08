#pragma once
// The glyph atlas (DESIGN.md, "Performance budget"): built only from the
// glyphs the screens need — the first screen's, then every catalog string,
// plus the text of the resident on screen (ui/app/glyph_cache.hpp) — out of
// the mapped Noto Sans CJK file, which is then
// released: ImGui copies a font's bytes while it builds, so the whole
// collection is held only for the build, never between frames.

#include <filesystem>
#include <string>

#include "common/font_file.hpp"
#include "common/result.hpp"
#include "ui/text/icons.hpp"

struct ImFont;
struct ImFontAtlas;

namespace jiayi::ui {

struct FontSet {
    ImFont* body = nullptr;
    ImFont* title = nullptr;
    // Both fonts carry the icons (ui/text/icons.hpp), merged in at their
    // sizes; false when the icon font is missing: words only.
    bool icons = false;
};

struct FontRequest {
    std::filesystem::path file = kFontFile;
    int face = kFontFaceSimplifiedChinese;
    // The em in pixels — a Chinese character's square — not ImGui's line
    // height: the atlas is built at the line height that gives this em.
    float body_px = 32;
    float title_px = 48;
    std::string text;                                 // every character that must render
    std::filesystem::path icon_file = kIconFontFile;  // empty: no icons
};

// A built glyph atlas and its two fonts, not yet ImGui's current one. Built
// on any thread (it touches no ImGui context); installed on the UI thread
// between frames (Platform::install_fonts), so that a resident's rare
// character joins the atlas without stopping the frame loop.
class Atlas {
  public:
    Atlas() = default;
    ~Atlas();
    Atlas(Atlas&& other) noexcept;
    Atlas& operator=(Atlas&& other) noexcept;
    Atlas(const Atlas&) = delete;
    Atlas& operator=(const Atlas&) = delete;

    const FontSet& fonts() const { return fonts_; }
    ImFontAtlas* release();

  private:
    friend Result<Atlas, std::string> build_atlas(const FontRequest& request);
    ImFontAtlas* atlas_ = nullptr;
    FontSet fonts_;
};

Result<Atlas, std::string> build_atlas(const FontRequest& request);

// Whether every non-ASCII character of `want` is among those of `have`.
bool covers(const std::string& have, const std::string& want);

}  // namespace jiayi::ui
