#pragma once
// Grey images as the QR code decoder sees them: a non-owning view (a camera
// buffer, a row-padded frame) and an owning image, and image files read into
// one (PNG, JPEG, … through stb_image).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace jiayi::drivers::qr {

// Grey pixels (0 black … 255 white), `stride` bytes from one row to the next.
struct GreyView {
    const std::uint8_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0;  // 0: width
};

struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width × height, no padding

    bool empty() const { return pixels.empty(); }
    GreyView view() const { return {pixels.data(), width, height, width}; }
};

// An image file's pixels as grey (colour is weighted as luma).
Result<GreyImage, std::string> load_grey(const std::filesystem::path& file);
// The same from bytes in memory: a JPEG from an MJPEG camera, a PNG.
Result<GreyImage, std::string> decode_grey(std::span<const std::uint8_t> bytes);

// A smaller copy for a preview: each pixel the mean of a step × step box, so
// that a code's modules do not alias into stripes.
GreyImage downscale(const GreyView& image, int step);

}  // namespace jiayi::drivers::qr
