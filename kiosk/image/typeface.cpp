#include "kiosk/image/typeface.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

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

namespace jiayi::image {

struct Typeface::Impl {
    int fd = -1;
    void* data = nullptr;
    std::size_t size = 0;
    stbtt_fontinfo font{};

    ~Impl() {
        if (data != nullptr) {
            ::munmap(data, size);
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }
    float scale(float em) const { return stbtt_ScaleForMappingEmToPixels(&font, em); }
};

Typeface::Typeface(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Typeface::~Typeface() = default;

Result<std::shared_ptr<const Typeface>, std::string> Typeface::open(
    const std::filesystem::path& file, int face) {
    auto impl = std::make_unique<Impl>();
    impl->fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (impl->fd < 0 || ::fstat(impl->fd, &info) != 0 || info.st_size <= 0) {
        return fail("cannot read the font " + file.string() + ": " + std::strerror(errno) +
                    " (install fonts-noto-cjk)");
    }
    impl->size = static_cast<std::size_t>(info.st_size);
    void* data = ::mmap(nullptr, impl->size, PROT_READ, MAP_PRIVATE, impl->fd, 0);
    if (data == MAP_FAILED) {
        return fail("cannot map the font " + file.string() + ": " + std::strerror(errno));
    }
    impl->data = data;
    const auto* bytes = static_cast<const unsigned char*>(data);
    const int offset = stbtt_GetFontOffsetForIndex(bytes, face);
    if (offset < 0 || stbtt_InitFont(&impl->font, bytes, offset) == 0) {
        return fail("the font " + file.string() + " has no face " + std::to_string(face));
    }
    return std::shared_ptr<const Typeface>(new Typeface(std::move(impl)));
}

bool Typeface::has_glyph(char32_t cp) const {
    return stbtt_FindGlyphIndex(&impl_->font, static_cast<int>(cp)) != 0;
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
