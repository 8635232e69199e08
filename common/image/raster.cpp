#include "common/image/raster.hpp"

#include <algorithm>
#include <cmath>

#include <stb_image_write.h>

namespace jiayi::image {

Grey::Grey(int width, int height, std::uint8_t fill)
    : width_(std::max(width, 1)),
      height_(std::max(height, 1)),
      pixels_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), fill) {}

Grey::Grey(int width, int height, std::vector<std::uint8_t> pixels) : Grey(width, height) {
    if (pixels.size() == pixels_.size()) {
        pixels_ = std::move(pixels);
    }
}

std::uint8_t Grey::at(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) {
        return 255;
    }
    return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                   static_cast<std::size_t>(x)];
}

void Grey::darken(int x, int y, std::uint8_t value) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) {
        return;
    }
    auto& px = pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                       static_cast<std::size_t>(x)];
    px = std::min(px, value);
}

void Grey::fill_rect(int x, int y, int width, int height, std::uint8_t value) {
    for (int row = std::max(0, y); row < std::min(height_, y + height); ++row) {
        for (int col = std::max(0, x); col < std::min(width_, x + width); ++col) {
            pixels_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) +
                    static_cast<std::size_t>(col)] = value;
        }
    }
}

void Grey::paste(const Grey& other, int x, int y) {
    for (int row = 0; row < other.height(); ++row) {
        for (int col = 0; col < other.width(); ++col) {
            darken(x + col, y + row, other.at(col, row));
        }
    }
}

void Grey::resize_height(int height, std::uint8_t fill) {
    height_ = std::max(height, 1);
    pixels_.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), fill);
}

void Grey::dab(float cx, float cy, float radius, std::uint8_t ink) {
    const int x0 = std::max(0, static_cast<int>(std::floor(cx - radius - 1)));
    const int x1 = std::min(width_ - 1, static_cast<int>(std::ceil(cx + radius + 1)));
    const int y0 = std::max(0, static_cast<int>(std::floor(cy - radius - 1)));
    const int y1 = std::min(height_ - 1, static_cast<int>(std::ceil(cy + radius + 1)));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const float dx = static_cast<float>(x) + 0.5f - cx;
            const float dy = static_cast<float>(y) + 0.5f - cy;
            // Coverage: 1 inside the radius, fading to 0 over one pixel.
            const float coverage =
                std::clamp(radius + 0.5f - std::sqrt(dx * dx + dy * dy), 0.0f, 1.0f);
            if (coverage <= 0) {
                continue;
            }
            auto& px = pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                               static_cast<std::size_t>(x)];
            const float blended =
                static_cast<float>(px) * (1 - coverage) + static_cast<float>(ink) * coverage;
            px = std::min(px, static_cast<std::uint8_t>(std::lround(blended)));
        }
    }
}

void Grey::line(Point a, Point b, float thickness, std::uint8_t ink) {
    const float radius = std::max(thickness / 2, 0.5f);
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    // Dabs a third of the radius apart give an even edge.
    const int steps = std::max(1, static_cast<int>(std::ceil(length / (radius / 3))));
    for (int i = 0; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        dab(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, radius, ink);
    }
}

std::vector<Point> smooth(const std::vector<Point>& points, float step) {
    if (points.size() < 3) {
        return points;
    }
    std::vector<Point> out{points.front()};
    auto mid = [](Point a, Point b) { return Point{(a.x + b.x) / 2, (a.y + b.y) / 2}; };
    Point from = points.front();
    for (std::size_t i = 1; i + 1 < points.size(); ++i) {
        const Point control = points[i];
        const Point to = mid(points[i], points[i + 1]);
        // The curve moves at most 2 × its longer leg per unit of t: that many
        // steps keep every sample within `step` of the last.
        const float legs = std::max(std::hypot(control.x - from.x, control.y - from.y),
                                    std::hypot(to.x - control.x, to.y - control.y));
        const int n = std::max(1, static_cast<int>(std::ceil(2 * legs / std::max(step, 0.5f))));
        for (int k = 1; k <= n; ++k) {
            const float t = static_cast<float>(k) / static_cast<float>(n);
            const float u = 1 - t;
            out.push_back({u * u * from.x + 2 * u * t * control.x + t * t * to.x,
                           u * u * from.y + 2 * u * t * control.y + t * t * to.y});
        }
        from = to;
    }
    // The last half segment, straight.
    const Point last = points.back();
    const int n =
        std::max(1, static_cast<int>(std::ceil(std::hypot(last.x - from.x, last.y - from.y) /
                                               std::max(step, 0.5f))));
    for (int k = 1; k <= n; ++k) {
        const float t = static_cast<float>(k) / static_cast<float>(n);
        out.push_back({from.x + (last.x - from.x) * t, from.y + (last.y - from.y) * t});
    }
    return out;
}

namespace {

void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<std::uint8_t> encode_png(const Grey& image) {
    std::vector<std::uint8_t> out;
    if (stbi_write_png_to_func(append, &out, image.width(), image.height(), 1,
                               image.pixels().data(), image.width()) == 0) {
        out.clear();
    }
    return out;
}

std::vector<std::uint8_t> encode_png_rgba(const std::uint8_t* rgba, int width, int height) {
    std::vector<std::uint8_t> out;
    if (stbi_write_png_to_func(append, &out, width, height, 4, rgba, width * 4) == 0) {
        out.clear();
    }
    return out;
}

}  // namespace jiayi::image
