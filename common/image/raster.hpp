#pragma once
// A grey image in memory (0 black … 255 white), thick strokes drawn into it,
// and PNG encoding. Used for signatures: the pad's strokes become the PNG that
// the store keeps beside the strokes themselves.

#include <cstdint>
#include <vector>

namespace jiayi::image {

struct Point {
    float x = 0;
    float y = 0;
};

class Grey {
  public:
    Grey(int width, int height, std::uint8_t fill = 255);
    // Takes `pixels` (width × height, row by row); a wrong size is filled white.
    Grey(int width, int height, std::vector<std::uint8_t> pixels);

    int width() const { return width_; }
    int height() const { return height_; }
    std::uint8_t at(int x, int y) const;
    // Makes (x, y) at least as dark as `value`; outside the image, nothing.
    void darken(int x, int y, std::uint8_t value);
    void fill_rect(int x, int y, int width, int height, std::uint8_t value);
    // Copies `other` with its top-left at (x, y), darkening only.
    void paste(const Grey& other, int x, int y);
    // Grows (or shrinks) downwards to `height` rows, new rows filled with `fill`.
    void resize_height(int height, std::uint8_t fill = 255);
    const std::vector<std::uint8_t>& pixels() const { return pixels_; }

    // A round-capped line `thickness` pixels wide, darkening what it covers,
    // with a one-pixel soft edge so that the PNG reads smoothly.
    void line(Point a, Point b, float thickness, std::uint8_t ink = 0);

  private:
    void dab(float cx, float cy, float radius, std::uint8_t ink);

    int width_;
    int height_;
    std::vector<std::uint8_t> pixels_;
};

// A stroke as a finger drew it, smoothed: each corner between sampled points
// becomes a quadratic curve through the midpoints of its two segments, sampled
// every `step` units. The first and last points stay where they were.
std::vector<Point> smooth(const std::vector<Point>& points, float step = 2.0f);

// PNG bytes of a grey or an RGBA image; empty only if the encoder fails.
std::vector<std::uint8_t> encode_png(const Grey& image);
std::vector<std::uint8_t> encode_png_rgba(const std::uint8_t* rgba, int width, int height);

}  // namespace jiayi::image
