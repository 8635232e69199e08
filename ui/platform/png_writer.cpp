#include "ui/platform/png_writer.hpp"

#include <cstddef>
#include <cstring>
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

PngWriter::PngWriter(int width, int height)
    : width_(width),
      height_(height),
      row_(width > 0 ? static_cast<std::size_t>(width) * 4 + 1 : 0) {
    // Run-length matches only: after the Sub filter a flat panel is a run of
    // zeros, which is most of a screen; searching for longer matches found
    // little more (files within ±8% of level 1's, made faster).
    ok_ = width > 0 && height > 0 &&
          deflateInit2(&zs_, Z_BEST_SPEED, Z_DEFLATED, 15, 8, Z_RLE) == Z_OK;
}

PngWriter::~PngWriter() {
    deflateEnd(&zs_);
}

bool PngWriter::deflate_some(int flush) {
    std::uint8_t out[64 * 1024];
    int result = Z_OK;
    do {
        zs_.next_out = out;
        zs_.avail_out = sizeof out;
        result = deflate(&zs_, flush);
        if (result == Z_STREAM_ERROR) {
            return false;
        }
        idat_.insert(idat_.end(), out, out + (sizeof out - zs_.avail_out));
    } while (zs_.avail_out == 0 || (flush == Z_FINISH && result != Z_STREAM_END));
    return true;
}

bool PngWriter::add_rows(const std::uint8_t* rgba, int rows) {
    const std::size_t bytes = row_.size() - 1;
    for (int r = 0; ok_ && r < rows && rows_ < height_; ++r, ++rows_) {
        // Filter type 1 (Sub): each byte minus the same channel of the pixel
        // to its left; the first pixel as it is. (Without a branch in the
        // loop, the compiler vectorises it.)
        const std::uint8_t* in = rgba + static_cast<std::size_t>(r) * bytes;
        std::uint8_t* out = row_.data() + 1;
        row_[0] = 1;
        std::memcpy(out, in, 4);
        for (std::size_t i = 4; i < bytes; ++i) {
            out[i] = static_cast<std::uint8_t>(in[i] - in[i - 4]);
        }
        zs_.next_in = row_.data();
        zs_.avail_in = static_cast<uInt>(row_.size());
        ok_ = deflate_some(Z_NO_FLUSH);
    }
    return ok_;
}

std::vector<std::uint8_t> PngWriter::finish() {
    if (!ok_ || rows_ != height_) {
        return {};
    }
    zs_.next_in = nullptr;
    zs_.avail_in = 0;
    if (!deflate_some(Z_FINISH)) {
        return {};
    }
    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> header;
    put32(header, static_cast<std::uint32_t>(width_));
    put32(header, static_cast<std::uint32_t>(height_));
    // 8 bits a channel, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
    header.insert(header.end(), {8, 6, 0, 0, 0});
    png.reserve(idat_.size() + 64);
    chunk(png, "IHDR", header.data(), header.size());
    chunk(png, "IDAT", idat_.data(), idat_.size());
    chunk(png, "IEND", nullptr, 0);
    return png;
}

std::vector<std::uint8_t> encode_png_fast(const std::uint8_t* rgba, int width, int height) {
    PngWriter writer(width, height);
    if (rgba == nullptr || !writer.add_rows(rgba, height)) {
        return {};
    }
    return writer.finish();
}

}  // namespace jiayi::ui
