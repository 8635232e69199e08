#pragma once
// ESC/POS commands as bytes (../shared/protocols/escpos.md, "Commands"): the
// subset our receipts use, nothing else. Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/printer/profile.hpp"
#include "common/image/raster.hpp"

namespace jiayi::drivers::printer {

using Bytes = std::vector<std::uint8_t>;

enum class Align : std::uint8_t { Left = 0, Centre = 1, Right = 2 };
enum class QrLevel : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };

class Encoder {
  public:
    // ESC @ then FS & (Chinese mode on): every job starts here.
    Encoder& init();
    Encoder& chinese(bool on);
    Encoder& align(Align a);
    // GS ! n with n = (width-1)<<4 | (height-1); each 1–8.
    Encoder& size(int width, int height);
    Encoder& bold(bool on);
    // Text the printer's font holds (the caller checked printable()), as GB18030.
    Encoder& text(std::u32string_view text);
    Encoder& newline();
    Encoder& feed(int lines);
    // GS ( k: model 2, module size, error correction, store, print. The data
    // must be ASCII (escpos.md): anything else is refused with false.
    bool qr(std::string_view data, int module, QrLevel level = QrLevel::M);
    // GS v 0: the image as 1-bit rows, a pixel darker than `threshold` is ink.
    Encoder& raster(const image::Grey& image, std::uint8_t threshold = 128);
    Encoder& cut(Cut style);
    Encoder& raw(std::initializer_list<std::uint8_t> bytes);

    const Bytes& bytes() const { return bytes_; }
    Bytes take() { return std::move(bytes_); }

  private:
    Bytes bytes_;
};

// A QR code drawn by us (ZXing-C++'s writer) for printers that cannot: black
// modules `module` dots square with a quiet zone of four modules.
image::Grey draw_qr(std::string_view data, int module, QrLevel level = QrLevel::M);

// Real-time status requests and what they ask.
inline constexpr std::uint8_t kDle = 0x10;
inline constexpr std::uint8_t kEot = 0x04;

}  // namespace jiayi::drivers::printer
