#pragma once
// The one place ZXing-C++ (1.4) is used to read codes (STYLE.md: wrap it in
// one adapter file so an upgrade touches one place): a grey image in, the
// codes found in it out. Free functions on a non-owning view; no state.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/qr/grey.hpp"

namespace jiayi::drivers::qr {

struct Corner {
    int x = 0;
    int y = 0;
    friend bool operator==(const Corner&, const Corner&) = default;
};

struct Code {
    std::string text;    // UTF-8
    std::string format;  // ZXing's name: "QRCode", "MicroQRCode", "DataMatrix", …
    // Top-left, top-right, bottom-right, bottom-left, in image pixels.
    std::array<Corner, 4> corners{};
};

// Defaults measured by bench/qr_bench.cpp on 1280×720 frames (bench/README.md,
// "qr_bench"): ZXing's "try harder" (every row scanned for finder patterns)
// read one frame more in 320 and cost 40 % more CPU on noisy, low-contrast
// and phone-screen frames, past the 10 ms budget; so it is off. Downscaling
// stays on: without it a quarter of the noisy frames went unread.
struct DecodeOptions {
    bool qr_only = true;        // false: every format ZXing reads
    bool try_harder = false;    // true: every row, not every few
    bool try_rotate = false;    // only matters for linear codes
    bool try_downscale = true;  // also look at a smaller copy
    int max_codes = 4;          // at most this many per image
};

std::vector<Code> decode(const GreyView& image, const DecodeOptions& options = {});

// A QR code of `text` drawn as a grey image `size` pixels square with a quiet
// zone of `margin` modules (tests, the benchmark, a nurse badge to print).
// Empty when `text` does not fit a QR code.
GreyImage encode_qr(const std::string& text, int size, int margin = 4);

}  // namespace jiayi::drivers::qr
