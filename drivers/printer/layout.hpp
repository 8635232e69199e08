#pragma once
// Receipts as ESC/POS bytes for one printer profile: the signing, renewal,
// switch and informed-notice receipts (kiosk/receipt) in the language of the
// day, wrapped to the paper's columns, with the record's QR code. A line with
// a character the printer's font lacks (a rare name character, a symbol) is
// drawn by us and sent as a raster image, never as text the printer would
// garble. Pure: bytes out, no I/O.

#include <string>
#include <vector>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/profile.hpp"
#include "common/image/typeface.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::drivers::printer {

// Columns a character takes in font A: two for anything outside ASCII.
int columns_of(char32_t cp);

// `text` broken into lines of at most `columns`: at spaces where a line has
// them, anywhere between Chinese characters, never starting a line with a
// closing mark. A word longer than a line is split.
std::vector<std::u32string> wrap(std::u32string_view text, int columns);

struct LayoutStats {
    int text_lines = 0;
    int raster_lines = 0;  // lines drawn by us for characters outside the font
    bool qr_by_printer = false;
};

Bytes layout_receipt(const receipt::Receipt& receipt, const text::Catalog& catalog,
                     text::Language language, const Profile& profile, const image::Typeface& face,
                     LayoutStats* stats = nullptr);

// The page `jiayi printer test` prints: the profile, a ruler of its columns,
// Chinese text, a rare character as raster, a QR code, the cut.
Bytes test_page(const Profile& profile, const image::Typeface& face, const std::string& when);

}  // namespace jiayi::drivers::printer
