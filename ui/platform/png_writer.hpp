#pragma once
// Screenshots as PNG, fast and small in memory: zlib's run-length matching
// over rows filtered with "Sub" (each byte minus the one a pixel to its
// left), which suits a screen of flat panels and text, fed a strip of rows
// at a time so that a 1920×1080 frame never needs more than a strip and the
// compressed file in memory. stb's writer tries five filters on every row,
// compresses hard and holds three copies of the frame: ~10× slower and
// ~25 MB more at its peak, for files ~20% smaller, while a headless run waits.

#include <cstdint>
#include <vector>

#include <zlib.h>

namespace jiayi::ui {

class PngWriter {
  public:
    PngWriter(int width, int height);
    ~PngWriter();
    PngWriter(const PngWriter&) = delete;
    PngWriter& operator=(const PngWriter&) = delete;

    // The next `rows` rows, RGBA, `width * 4` bytes a row; false on failure.
    bool add_rows(const std::uint8_t* rgba, int rows);
    // The whole file once every row was added; empty on failure.
    std::vector<std::uint8_t> finish();

  private:
    bool deflate_some(int flush);
    int width_;
    int height_;
    int rows_ = 0;
    bool ok_ = false;
    z_stream zs_{};
    std::vector<std::uint8_t> row_;
    std::vector<std::uint8_t> idat_;
};

// A whole frame at once.
std::vector<std::uint8_t> encode_png_fast(const std::uint8_t* rgba, int width, int height);

}  // namespace jiayi::ui
