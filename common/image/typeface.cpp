#include "common/image/typeface.hpp"

#include <algorithm>
#include <cmath>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_truetype.h>
#pragma GCC diagnostic pop

#include "common/font_file.hpp"

namespace jiayi::image {

struct Typeface::Impl {
    std::unique_ptr<MappedFile> file;
    stbtt_fontinfo font{};

    float scale(float em) const { return stbtt_ScaleForMappingEmToPixels(&font, em); }
};

Typeface::Typeface(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Typeface::~Typeface() = default;

Result<std::shared_ptr<const Typeface>, std::string> Typeface::open(
    const std::filesystem::path& file, int face) {
    auto mapped = MappedFile::open(file);
    if (!mapped) {
        return fail(mapped.error());
    }
    auto impl = std::make_unique<Impl>();
    impl->file = std::move(mapped).value();
    const unsigned char* bytes = impl->file->data();
    const int offset = stbtt_GetFontOffsetForIndex(bytes, face);
    if (offset < 0 || stbtt_InitFont(&impl->font, bytes, offset) == 0) {
        return fail("the font " + file.string() + " has no face " + std::to_string(face));
    }
    return std::shared_ptr<const Typeface>(new Typeface(std::move(impl)));
}

bool Typeface::has_glyph(char32_t cp) const {
    return stbtt_FindGlyphIndex(&impl_->font, static_cast<int>(cp)) != 0;
}

float Typeface::line_height(float em) const {
    // ScaleForPixelHeight(1) is 1 / (ascent - descent), ScaleForMappingEmToPixels(1) is 1 / units
    // per em.
    return em * stbtt_ScaleForMappingEmToPixels(&impl_->font, 1.0f) /
           stbtt_ScaleForPixelHeight(&impl_->font, 1.0f);
}

int Typeface::measure(std::u32string_view text, float em) const {
    const float scale = impl_->scale(em);
    float x = 0;
    for (char32_t cp : text) {
        int advance = 0;
        int bearing = 0;
        stbtt_GetCodepointHMetrics(&impl_->font, static_cast<int>(cp), &advance, &bearing);
        x += static_cast<float>(advance) * scale;
    }
    return static_cast<int>(std::lround(x));
}

int Typeface::draw(Grey& into, int x, int y, std::u32string_view text, float em, bool bold) const {
    const float scale = impl_->scale(em);
    // CJK fonts put the ideographic em box 0.88 em above the baseline and
    // 0.12 em below it.
    const int baseline = y + static_cast<int>(std::lround(0.88f * em));
    float pen = static_cast<float>(x);
    for (char32_t cp : text) {
        const int glyph = stbtt_FindGlyphIndex(&impl_->font, static_cast<int>(cp));
        int advance = 0;
        int bearing = 0;
        stbtt_GetGlyphHMetrics(&impl_->font, glyph, &advance, &bearing);
        int w = 0;
        int h = 0;
        int xoff = 0;
        int yoff = 0;
        const float shift = pen - std::floor(pen);
        unsigned char* bitmap = stbtt_GetGlyphBitmapSubpixel(&impl_->font, scale, scale, shift, 0,
                                                             glyph, &w, &h, &xoff, &yoff);
        if (bitmap != nullptr) {
            const int left = static_cast<int>(std::floor(pen)) + xoff;
            const int top = baseline + yoff;
            for (int pass = 0; pass < (bold ? 2 : 1); ++pass) {
                for (int row = 0; row < h; ++row) {
                    for (int col = 0; col < w; ++col) {
                        const int coverage = bitmap[row * w + col];
                        if (coverage == 0) {
                            continue;
                        }
                        into.darken(left + col + pass, top + row,
                                    static_cast<std::uint8_t>(255 - coverage));
                    }
                }
            }
            stbtt_FreeBitmap(bitmap, nullptr);
        }
        pen += static_cast<float>(advance) * scale;
    }
    return static_cast<int>(std::lround(pen)) - x;
}

}  // namespace jiayi::image
