#pragma once
// Text drawn into a grey image without ImGui: for the printer's raster lines
// (a name with a character the printer's font lacks) and for the printer
// simulator, which renders receipts as the paper would show them.
// The font file is mapped, not read: only the glyph pages touched count.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/font_file.hpp"
#include "common/image/raster.hpp"
#include "common/result.hpp"

namespace jiayi::image {

inline constexpr const char* kDefaultFont = kFontFile;
inline constexpr int kDefaultFace = kFontFaceSimplifiedChinese;

class Typeface {
  public:
    static Result<std::shared_ptr<const Typeface>, std::string> open(
        const std::filesystem::path& file = kDefaultFont, int face = kDefaultFace);
    ~Typeface();
    Typeface(const Typeface&) = delete;
    Typeface& operator=(const Typeface&) = delete;

    bool has_glyph(char32_t cp) const;
    // The line height (ascent minus descent, from the font's hhea table) of
    // type whose em is `em` pixels. Dear ImGui sizes a font by this line
    // height; Noto Sans CJK's is about 1.45 em.
    float line_height(float em) const;
    // Sizes are the em in pixels: a Chinese character fills an em square, as
    // in a printer's 24×24 font.
    // The advance of `text` in pixels.
    int measure(std::u32string_view text, float em) const;
    // Draws `text` in the em-high box whose top-left is (x, y), darkening
    // what is there; returns the advance. `bold` draws each glyph twice, one
    // pixel apart, as printers do.
    int draw(Grey& into, int x, int y, std::u32string_view text, float em, bool bold = false) const;

  private:
    struct Impl;
    explicit Typeface(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace jiayi::image
