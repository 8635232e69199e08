#include "drivers/printer/page.hpp"

#include <algorithm>
#include <string>

#include "common/line_break.hpp"
#include "common/utf8.hpp"

namespace jiayi::drivers::printer {

namespace {

constexpr int kFontHeight = 24;  // font A: 12×24 dots, Chinese 24×24
constexpr int kLineSpacing = 6;  // the default 30-dot line pitch

// A character the printer's font lacks but holds in another form is sent in
// that form: the yen/yuan sign ¥ (U+00A5, four bytes in GB18030) as the
// full-width ￥ every Chinese font has — so "¥36.00" stays text, not raster.
std::u32string printer_forms(std::u32string_view text, FontSet font) {
    std::u32string out(text);
    for (char32_t& cp : out) {
        if (cp == U'\u00A5' && !printable(cp, font) && printable(U'\uFFE5', font)) {
            cp = U'\uFFE5';
        }
    }
    return out;
}

}  // namespace

int columns_of(char32_t cp) {
    return cp < 0x80 ? 1 : 2;
}

int columns_of(std::u32string_view text) {
    int w = 0;
    for (char32_t cp : text) {
        w += columns_of(cp);
    }
    return w;
}

// The rules are common/line_break's (shared with the screen); the printer
// measures in font cells.
std::vector<std::u32string> wrap(std::u32string_view text, int columns) {
    const std::string utf8 = text::encode_utf8(text);
    const auto measure = [](std::string_view s) {
        return static_cast<float>(columns_of(text::decode_utf8(s)));
    };
    std::vector<std::u32string> lines;
    for (const text::LineSpan& span :
         text::break_lines(utf8, static_cast<float>(columns), measure)) {
        lines.push_back(
            text::decode_utf8(std::string_view(utf8).substr(span.begin, span.end - span.begin)));
    }
    if (lines.empty()) {
        lines.emplace_back();  // an empty paragraph still takes a line
    }
    return lines;
}

Page::Page(const Profile& profile, const image::Typeface& face) : profile_(profile), face_(face) {
    out_.init();
}

void Page::line(std::u32string_view text, Align align, int height) {
    const bool all_printable = std::all_of(
        text.begin(), text.end(), [&](char32_t cp) { return printable(cp, profile_.font); });
    if (all_printable) {
        out_.text(text).newline();
        ++stats_.text_lines;
        return;
    }
    const int glyph = kFontHeight * height;
    image::Grey picture(profile_.dots, glyph + kLineSpacing);
    const int width = std::min(face_.measure(text, static_cast<float>(glyph)), profile_.dots);
    int x = 0;
    if (align == Align::Centre) {
        x = (profile_.dots - width) / 2;
    } else if (align == Align::Right) {
        x = profile_.dots - width;
    }
    face_.draw(picture, x, 0, text, static_cast<float>(glyph));
    // The raster is the full width, so the printer's alignment must not
    // move it; alignment is back to what the text uses afterwards.
    out_.align(Align::Left).raster(picture).align(align);
    ++stats_.raster_lines;
}

void Page::paragraph(std::u32string_view text, Align align, int height, int columns) {
    for (const std::u32string& l : wrap(printer_forms(text, profile_.font), columns)) {
        line(l, align, height);
    }
}

void Page::rule() {
    out_.text(std::u32string(static_cast<std::size_t>(profile_.columns), U'-')).newline();
    ++stats_.text_lines;
}

void Page::qr(const std::string& data) {
    if (data.empty()) {
        return;
    }
    out_.align(Align::Centre);
    if (profile_.qr && out_.qr(data, profile_.qr_module, QrLevel::M)) {
        out_.newline();
        stats_.qr_by_printer = true;
    } else {
        const image::Grey code = draw_qr(data, profile_.qr_module);
        image::Grey picture(profile_.dots, code.height());
        picture.paste(code, std::max(0, (profile_.dots - code.width()) / 2), 0);
        out_.align(Align::Left).raster(picture);
    }
    out_.align(Align::Left);
}

Bytes Page::finish() {
    out_.feed(profile_.feed_before_cut);
    out_.cut(profile_.cut);
    return out_.take();
}

}  // namespace jiayi::drivers::printer
