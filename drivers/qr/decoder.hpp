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

// What one call to decode() tries. The defaults are the camera's fast pass,
// measured by bench/qr_bench.cpp on 1280×720 frames (bench/README.md,
// "qr_bench"): ZXing's "try harder" (every row scanned for finder patterns)
// read one frame more in 320 and cost 40 % more CPU on noisy, low-contrast
// and phone-screen frames, past the 10 ms budget; so it is off here, and the
// camera runs it only on some frames where this pass found nothing
// (scanner.hpp, CameraEffort). Downscaling stays on: without it a quarter of
// the noisy frames went unread. A still image has no budget: kStillImage.
struct DecodeOptions {
    bool qr_only = true;        // false: every format ZXing reads
    bool try_harder = false;    // true: every row, not every few
    bool try_rotate = false;    // only matters for linear codes
    bool try_downscale = true;  // also look at a smaller copy
    // ZXing 1.4 reads dark codes on light ground only (its tryInvert came in
    // 2.0); true: when nothing was found, the image's negative is read too (a
    // light code on a dark phone screen), a second pass on misses only.
    bool try_invert = false;
    // true: when still nothing was found, copies of the image are read too:
    // box-averaged at 1/2 and 1/3 the size (a photograph's noise, halftone or
    // JPEG blocks smoothed into modules), and, for an image up to 1024 pixels,
    // doubled (modules of a pixel or two). Each is a pass more, on misses only;
    // corners come back in the image's own pixels.
    bool try_rescale = false;
    int max_codes = 4;  // at most this many per image
};

// Full effort, for a still image (`jiayi qr decode`, a file, anything that is
// not a live stream, so no frame budget): everything ZXing 1.4 offers
// (try-harder, rotation, downscaling), then the negative, then rescaled
// copies. On the photographs of ZXing's own sample set this reads every code
// ZXing's ReadBarcode with tryHarder reads, and more (bench/README.md, "real
// photographs").
inline constexpr DecodeOptions kStillImage{.try_harder = true,
                                           .try_rotate = true,
                                           .try_downscale = true,
                                           .try_invert = true,
                                           .try_rescale = true};

std::vector<Code> decode(const GreyView& image, const DecodeOptions& options = {});

// A QR code of `text` drawn as a grey image `size` pixels square with a quiet
// zone of `margin` modules (tests, the benchmark, a nurse badge to print).
// Empty when `text` does not fit a QR code.
GreyImage encode_qr(const std::string& text, int size, int margin = 4);

}  // namespace jiayi::drivers::qr
