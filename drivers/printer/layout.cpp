#include "drivers/printer/layout.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace jiayi::drivers::printer {

namespace {

constexpr int kFontHeight = 24;  // font A: 12×24 dots, Chinese 24×24
constexpr int kLineSpacing = 6;  // the default 30-dot line pitch

bool closing_mark(char32_t cp) {
    static constexpr std::u32string_view kClosing = U"，。、：；！？）》」』”’,.:;!?)";
    return kClosing.find(cp) != std::u32string_view::npos;
}

int width_of(std::u32string_view text) {
    int w = 0;
    for (char32_t cp : text) {
        w += columns_of(cp);
    }
    return w;
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

struct Writer {
    const Profile& profile;
    const image::Typeface& face;
    Encoder out;
    LayoutStats stats;

    bool all_printable(std::u32string_view line) const {
        return std::all_of(line.begin(), line.end(),
                           [&](char32_t cp) { return printable(cp, profile.font); });
    }

    // One line, as text when the font has every character, else as raster.
    void line(std::u32string_view text, Align align, int height = 1) {
        if (all_printable(text)) {
            out.text(text).newline();
            ++stats.text_lines;
            return;
        }
        const int glyph = kFontHeight * height;
        image::Grey picture(profile.dots, glyph + kLineSpacing);
        const int width = std::min(face.measure(text, static_cast<float>(glyph)), profile.dots);
        int x = 0;
        if (align == Align::Centre) {
            x = (profile.dots - width) / 2;
        } else if (align == Align::Right) {
            x = profile.dots - width;
        }
        face.draw(picture, x, 0, text, static_cast<float>(glyph));
        // The raster is the full width, so the printer's alignment must not
        // move it; alignment is back to what the text uses afterwards.
        out.align(Align::Left).raster(picture).align(align);
        ++stats.raster_lines;
    }

    void paragraph(std::u32string_view text, Align align, int height, int columns) {
        for (const std::u32string& l : wrap(printer_forms(text, profile.font), columns)) {
            line(l, align, height);
        }
    }

    void rule() {
        out.text(std::u32string(static_cast<std::size_t>(profile.columns), U'-')).newline();
        ++stats.text_lines;
    }

    void qr(const std::string& data) {
        if (data.empty()) {
            return;
        }
        out.align(Align::Centre);
        if (profile.qr && out.qr(data, profile.qr_module, QrLevel::M)) {
            out.newline();
            stats.qr_by_printer = true;
        } else {
            const image::Grey code = draw_qr(data, profile.qr_module);
            image::Grey picture(profile.dots, code.height());
            picture.paste(code, std::max(0, (profile.dots - code.width()) / 2), 0);
            out.align(Align::Left).raster(picture);
        }
        out.align(Align::Left);
    }

    void finish() {
        out.feed(profile.feed_before_cut);
        out.cut(profile.cut);
    }
};

}  // namespace

int columns_of(char32_t cp) {
    return cp < 0x80 ? 1 : 2;
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
        const int unit_width = width_of(trim(unit));
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
            width += width_of(unit);
        }
        i = end;
    }
    if (!trim(current).empty() || lines.empty()) {
        lines.push_back(trim(current));
    }
    return lines;
}

Bytes layout_receipt(const receipt::Receipt& receipt, const text::Catalog& catalog,
                     text::Language language, const Profile& profile, const image::Typeface& face,
                     LayoutStats* stats) {
    Writer w{profile, face, {}, {}};
    w.out.init();
    const std::vector<std::string> texts = receipt::render_text(receipt, catalog, language);
    for (std::size_t i = 0; i < receipt.lines.size() && i < texts.size(); ++i) {
        const receipt::Line& l = receipt.lines[i];
        const std::u32string t = text::decode_utf8(texts[i]);
        switch (l.style) {
            case receipt::Style::Title: {
                // Double width too when the title fits the paper that way.
                const int wide = width_of(t) * 2 <= profile.columns ? 2 : 1;
                w.out.align(Align::Centre).bold(true).size(wide, 2);
                w.paragraph(t, Align::Centre, 2, profile.columns / wide);
                w.out.size(1, 1).bold(false).align(Align::Left).newline();
                break;
            }
            case receipt::Style::Heading:
                w.out.bold(true);
                w.paragraph(t, Align::Left, 1, profile.columns);
                w.out.bold(false);
                break;
            case receipt::Style::Body:
            case receipt::Style::Small:
                w.paragraph(t, Align::Left, 1, profile.columns);
                break;
            case receipt::Style::Rule:
                w.rule();
                break;
        }
    }
    w.out.newline();
    w.qr(receipt.qr);
    w.finish();
    if (stats != nullptr) {
        *stats = w.stats;
    }
    return w.out.take();
}

Bytes test_page(const Profile& profile, const image::Typeface& face, const std::string& when) {
    Writer w{profile, face, {}, {}};
    w.out.init().align(Align::Centre).bold(true).size(1, 2);
    w.line(U"打印测试 Printer test", Align::Centre, 2);
    w.out.size(1, 1).bold(false).align(Align::Left).newline();
    w.paragraph(text::decode_utf8(profile.name), Align::Left, 1, profile.columns);
    w.paragraph(text::decode_utf8(std::to_string(profile.dots) + " dots, " +
                                  std::to_string(profile.columns) + " columns, font " +
                                  std::string(code(profile.font)) + ", cut " +
                                  std::string(code(profile.cut))),
                Align::Left, 1, profile.columns);
    w.paragraph(text::decode_utf8(when), Align::Left, 1, profile.columns);
    w.rule();
    std::u32string ruler;
    for (int c = 0; c < profile.columns; ++c) {
        ruler.push_back(U'0' + static_cast<char32_t>((c + 1) % 10));
    }
    w.line(ruler, Align::Left);
    w.paragraph(U"家庭医生签约服务：中文文字打印正常。", Align::Left, 1, profile.columns);
    w.paragraph(U"生僻字用图像打印：䶮 𠮷 ¥", Align::Left, 1, profile.columns);
    w.rule();
    w.qr("jiayi:printer-test");
    w.finish();
    return w.out.take();
}

}  // namespace jiayi::drivers::printer
