#pragma once
// A page for one printer profile, a line at a time: text the printer's font
// holds goes as text; a line with a character the font lacks (a rare name
// character, a symbol) is drawn by us and sent as a raster image, never as
// text the printer would garble; a QR code goes to the printer when it draws
// them, else is drawn by us. What the lines say is the caller's: the kiosk
// lays out receipts with this (kiosk/printing), `jiayi printer test` its test
// page (test_page.hpp). Pure: bytes out, no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "common/image/typeface.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/profile.hpp"

namespace jiayi::drivers::printer {

// Columns a character takes in font A: two for anything outside ASCII.
int columns_of(char32_t cp);
int columns_of(std::u32string_view text);

// `text` broken into lines of at most `columns` by the rules of Chinese
// typesetting in common/line_break.hpp: at spaces, between Chinese
// characters, never starting a line with a closing mark nor ending one with
// an opening mark, Latin words and numbers whole (a word longer than a line
// is split). Empty text is one empty line.
std::vector<std::u32string> wrap(std::u32string_view text, int columns);

struct PageStats {
    int text_lines = 0;
    int raster_lines = 0;  // lines drawn by us for characters outside the font
    bool qr_by_printer = false;
};

class Page {
  public:
    // Starts with ESC @ and Chinese mode on.
    Page(const Profile& profile, const image::Typeface& face);

    // The encoder, for the modes lines print in (bold, size, alignment).
    Encoder& out() { return out_; }
    const Profile& profile() const { return profile_; }
    const PageStats& stats() const { return stats_; }

    // One line, as text when the font has every character, else as raster;
    // `height` is the text's size (GS !) for the raster's glyphs.
    void line(std::u32string_view text, Align align, int height = 1);
    // `text` in the printer's forms (see page.cpp), wrapped to `columns`, a
    // line() each.
    void paragraph(std::u32string_view text, Align align, int height, int columns);
    // A line of dashes across the paper.
    void rule();
    // A QR code of ASCII `data`, centred; nothing for empty data.
    void qr(const std::string& data);
    // Feeds past the cutter and cuts as the profile says; the bytes.
    Bytes finish();

  private:
    const Profile& profile_;
    const image::Typeface& face_;
    Encoder out_;
    PageStats stats_;
};

}  // namespace jiayi::drivers::printer
