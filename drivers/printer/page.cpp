#include "drivers/printer/page.hpp"

#include <algorithm>

namespace jiayi::drivers::printer {

namespace {

constexpr int kFontHeight = 24;  // font A: 12×24 dots, Chinese 24×24
constexpr int kLineSpacing = 6;  // the default 30-dot line pitch

bool closing_mark(char32_t cp) {
    static constexpr std::u32string_view kClosing = U"，。、：；！？）》」』”’,.:;!?)";
    return kClosing.find(cp) != std::u32string_view::npos;
}

std::u32string trim(std::u32string s) {
    while (!s.empty() && s.back() == U' ') {
        s.pop_back();
    }
    std::size_t start = 0;
    while (start < s.size() && s[start] == U' ') {
        ++start;
    }
    return s.substr(start);
}

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

std::vector<std::u32string> wrap(std::u32string_view text, int columns) {
    std::vector<std::u32string> lines;
    std::u32string current;
    int width = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        // The next unit: an ASCII word (with its trailing space) or one character.
        std::size_t end = i + 1;
        if (text[i] < 0x80 && text[i] != U' ') {
            while (end < text.size() && text[end] < 0x80 && text[end] != U' ') {
                ++end;
            }
        }
        while (end < text.size() && text[end] == U' ') {
            ++end;
        }
        std::u32string unit(text.substr(i, end - i));
        const int unit_width = columns_of(trim(unit));
        if (width + unit_width > columns && !current.empty()) {
            // Closing marks stay with the character before them.
            if (closing_mark(unit.front()) && current.size() > 1) {
                const char32_t last = current.back();
                current.pop_back();
                lines.push_back(trim(current));
                current = std::u32string(1, last);
                width = columns_of(last);
            } else {
                lines.push_back(trim(current));
                current.clear();
                width = 0;
            }
        }
        if (unit_width > columns) {
            // A word longer than a line: cut it where the line ends.
            for (char32_t cp : unit) {
                if (width + columns_of(cp) > columns) {
                    lines.push_back(trim(current));
                    current.clear();
                    width = 0;
                }
                current.push_back(cp);
                width += columns_of(cp);
            }
        } else {
            current += unit;
            width += columns_of(unit);
        }
        i = end;
    }
    if (!trim(current).empty() || lines.empty()) {
        lines.push_back(trim(current));
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
