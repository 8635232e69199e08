#pragma once
// Screenshots as PNG, fast: zlib at its fastest level over rows filtered with
// "Sub" (each byte minus the one a pixel to its left), which suits a screen of
// flat panels and text. stb's writer tries five filters on every row and
// compresses hard: ~10× slower on a 1920×1080 frame, for files ~20% smaller,
// and a headless run is waiting for the file.

#include <cstdint>
#include <vector>

namespace jiayi::ui {

// RGBA pixels, `width * 4` bytes a row; empty on failure.
std::vector<std::uint8_t> encode_png_fast(const std::uint8_t* rgba, int width, int height);

}  // namespace jiayi::ui
