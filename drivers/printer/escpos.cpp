#include "drivers/printer/escpos.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>

namespace jiayi::drivers::printer {

namespace {

std::uint8_t low(std::size_t n) {
    return static_cast<std::uint8_t>(n & 0xFF);
}
std::uint8_t high(std::size_t n) {
    return static_cast<std::uint8_t>((n >> 8) & 0xFF);
}

// ZXing-C++ 1.4's writer takes the QR level as 0–8 (L=1, M=3? see below):
// it maps eccLevel to L/M/Q/H by ranges of two; we pass the midpoint.
int zxing_level(QrLevel level) {
    switch (level) {
        case QrLevel::L:
            return 1;
        case QrLevel::M:
            return 3;
        case QrLevel::Q:
            return 5;
        case QrLevel::H:
            break;
    }
    return 7;
}

}  // namespace

Encoder& Encoder::init() {
    bytes_.insert(bytes_.end(), {0x1B, 0x40});
    return chinese(true);
}

Encoder& Encoder::chinese(bool on) {
    bytes_.insert(bytes_.end(), {0x1C, static_cast<std::uint8_t>(on ? 0x26 : 0x2E)});
    return *this;
}

Encoder& Encoder::align(Align a) {
    bytes_.insert(bytes_.end(), {0x1B, 0x61, static_cast<std::uint8_t>(a)});
    return *this;
}

Encoder& Encoder::size(int width, int height) {
    const int w = std::clamp(width, 1, 8) - 1;
    const int h = std::clamp(height, 1, 8) - 1;
    bytes_.insert(bytes_.end(), {0x1D, 0x21, static_cast<std::uint8_t>((w << 4) | h)});
    return *this;
}

Encoder& Encoder::bold(bool on) {
    bytes_.insert(bytes_.end(), {0x1B, 0x45, static_cast<std::uint8_t>(on ? 1 : 0)});
    return *this;
}

Encoder& Encoder::text(std::u32string_view text) {
    const std::string gb = to_gb18030(text);
    bytes_.insert(bytes_.end(), gb.begin(), gb.end());
    return *this;
}

Encoder& Encoder::newline() {
    bytes_.push_back(0x0A);
    return *this;
}

Encoder& Encoder::feed(int lines) {
    bytes_.insert(bytes_.end(), {0x1B, 0x64, static_cast<std::uint8_t>(std::clamp(lines, 0, 255))});
    return *this;
}

bool Encoder::qr(std::string_view data, int module, QrLevel level) {
    const bool ascii = std::all_of(data.begin(), data.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    });
    if (!ascii || data.empty() || data.size() > 1000) {
        return false;
    }
    const auto m = static_cast<std::uint8_t>(std::clamp(module, 1, 16));
    bytes_.insert(bytes_.end(), {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});
    bytes_.insert(bytes_.end(), {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, m});
    bytes_.insert(bytes_.end(),
                  {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, static_cast<std::uint8_t>(level)});
    const std::size_t k = data.size() + 3;
    bytes_.insert(bytes_.end(), {0x1D, 0x28, 0x6B, low(k), high(k), 0x31, 0x50, 0x30});
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    bytes_.insert(bytes_.end(), {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});
    return true;
}

Encoder& Encoder::raster(const image::Grey& image, std::uint8_t threshold) {
    const auto width_bytes = static_cast<std::size_t>((image.width() + 7) / 8);
    const auto height = static_cast<std::size_t>(image.height());
    bytes_.insert(bytes_.end(), {0x1D, 0x76, 0x30, 0x00, low(width_bytes), high(width_bytes),
                                 low(height), high(height)});
    for (int y = 0; y < image.height(); ++y) {
        for (std::size_t xb = 0; xb < width_bytes; ++xb) {
            std::uint8_t packed = 0;
            for (int bit = 0; bit < 8; ++bit) {
                const int x = static_cast<int>(xb) * 8 + bit;
                if (x < image.width() && image.at(x, y) < threshold) {
                    packed = static_cast<std::uint8_t>(packed | (0x80 >> bit));
                }
            }
            bytes_.push_back(packed);
        }
    }
    return *this;
}

Encoder& Encoder::cut(Cut style) {
    switch (style) {
        case Cut::Partial:
            bytes_.insert(bytes_.end(), {0x1D, 0x56, 0x42, 0x00});
            break;
        case Cut::Full:
            bytes_.insert(bytes_.end(), {0x1D, 0x56, 0x00});
            break;
        case Cut::None:
            break;
    }
    return *this;
}

Encoder& Encoder::raw(std::initializer_list<std::uint8_t> bytes) {
    bytes_.insert(bytes_.end(), bytes);
    return *this;
}

image::Grey draw_qr(std::string_view data, int module, QrLevel level) {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setMargin(0).setEccLevel(zxing_level(level));
    const ZXing::BitMatrix matrix = writer.encode(std::string(data), 0, 0);
    const int quiet = 4 * module;
    image::Grey out(matrix.width() * module + 2 * quiet, matrix.height() * module + 2 * quiet);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            if (matrix.get(x, y)) {
                out.fill_rect(quiet + x * module, quiet + y * module, module, module, 0);
            }
        }
    }
    return out;
}

}  // namespace jiayi::drivers::printer
