#include "ui/platform/png_writer.hpp"

#include <zlib.h>

#include <cstddef>
#include <string_view>

namespace jiayi::ui {

namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 24));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

// A chunk: length, type, data, and the CRC of type and data (PNG spec, 5.3).
void chunk(std::vector<std::uint8_t>& out, std::string_view type, const std::uint8_t* data,
           std::size_t size) {
    put32(out, static_cast<std::uint32_t>(size));
    const std::size_t start = out.size();
    out.insert(out.end(), type.begin(), type.end());
    out.insert(out.end(), data, data + size);
    const uLong crc = crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
    put32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

std::vector<std::uint8_t> encode_png_fast(const std::uint8_t* rgba, int width, int height) {
    if (rgba == nullptr || width <= 0 || height <= 0) {
        return {};
    }
    const auto w = static_cast<std::size_t>(width);
    const auto h = static_cast<std::size_t>(height);
    const std::size_t row = w * 4;
    // Each row: its filter type (1, Sub), then each byte minus the byte
    // four before it (the same channel of the pixel to the left).
    std::vector<std::uint8_t> filtered(h * (row + 1));
    for (std::size_t y = 0; y < h; ++y) {
        const std::uint8_t* in = rgba + y * row;
        std::uint8_t* out = filtered.data() + y * (row + 1);
        out[0] = 1;
        for (std::size_t i = 0; i < row; ++i) {
            out[1 + i] = static_cast<std::uint8_t>(in[i] - (i >= 4 ? in[i - 4] : 0));
        }
    }
    uLongf packed_size = compressBound(static_cast<uLong>(filtered.size()));
    std::vector<std::uint8_t> packed(packed_size);
    if (compress2(packed.data(), &packed_size, filtered.data(), static_cast<uLong>(filtered.size()),
                  Z_BEST_SPEED) != Z_OK) {
        return {};
    }
    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> header;
    put32(header, static_cast<std::uint32_t>(width));
    put32(header, static_cast<std::uint32_t>(height));
    // 8 bits a channel, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
    header.insert(header.end(), {8, 6, 0, 0, 0});
    chunk(png, "IHDR", header.data(), header.size());
    chunk(png, "IDAT", packed.data(), packed_size);
    chunk(png, "IEND", nullptr, 0);
    return png;
}

}  // namespace jiayi::ui
