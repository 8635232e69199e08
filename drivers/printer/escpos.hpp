#pragma once
// ESC/POS commands as bytes (../shared/protocols/escpos.md, "Commands"): the
// subset our receipts use, nothing else, each written from the table of
// commands (commands.hpp) our renderer reads them back with. Pure: no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/image/raster.hpp"
#include "drivers/printer/commands.hpp"
#include "drivers/printer/profile.hpp"

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
    // DLE EOT n: the printer answers at once, whatever it is doing.
    Encoder& real_time_status(std::uint8_t n);
    // GS r 1: answered when the printer gets to it, after what came before.
    Encoder& transmit_status();
    // Any command of the table: its prefix, then `header` (the caller's
    // parameters, exactly as many as the table says, else std::logic_error).
    // What a Counted or Rows command carries follows with raw().
    Encoder& command(Op op, std::initializer_list<std::uint8_t> header = {});
    Encoder& raw(std::initializer_list<std::uint8_t> bytes);

    const Bytes& bytes() const { return bytes_; }
    Bytes take() { return std::move(bytes_); }

  private:
    // GS ( k pL pH 31 fn parameters… data…: pL pH counted here.
    void qr_function(QrFunction fn, std::initializer_list<std::uint8_t> parameters,
                     std::string_view data = {});

    Bytes bytes_;
};

// A QR code drawn by us (ZXing-C++'s writer) for printers that cannot: black
// modules `module` dots square with a quiet zone of four modules.
image::Grey draw_qr(std::string_view data, int module, QrLevel level = QrLevel::M);

}  // namespace jiayi::drivers::printer
