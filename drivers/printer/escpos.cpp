#include "drivers/printer/escpos.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <stdexcept>
#include <string>

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

Encoder& Encoder::command(Op op, std::initializer_list<std::uint8_t> header) {
    const Command& c = printer::command(op);
    if (header.size() != c.header) {
        // A programming error: the printer would read what follows as the rest.
        throw std::logic_error("ESC/POS " + std::string(c.name) + " takes " +
                               std::to_string(c.header) + " parameter bytes");
    }
    const std::span<const std::uint8_t> prefix = c.prefix.view();
    bytes_.insert(bytes_.end(), prefix.begin(), prefix.end());
    bytes_.insert(bytes_.end(), header);
    return *this;
}

Encoder& Encoder::init() {
    command(Op::Initialise);
    return chinese(true);
}

Encoder& Encoder::chinese(bool on) {
    return command(on ? Op::ChineseOn : Op::ChineseOff);
}

Encoder& Encoder::align(Align a) {
    return command(Op::Align, {static_cast<std::uint8_t>(a)});
}

Encoder& Encoder::size(int width, int height) {
    const int w = std::clamp(width, 1, 8) - 1;
    const int h = std::clamp(height, 1, 8) - 1;
    return command(Op::Size, {static_cast<std::uint8_t>((w << 4) | h)});
}

Encoder& Encoder::bold(bool on) {
    return command(Op::Bold, {static_cast<std::uint8_t>(on ? 1 : 0)});
}

Encoder& Encoder::text(std::u32string_view text) {
    const std::string gb = to_gb18030(text);
    bytes_.insert(bytes_.end(), gb.begin(), gb.end());
    return *this;
}

Encoder& Encoder::newline() {
    return command(Op::LineFeed);
}

Encoder& Encoder::feed(int lines) {
    return command(Op::Feed, {static_cast<std::uint8_t>(std::clamp(lines, 0, 255))});
}

void Encoder::qr_function(QrFunction fn, std::initializer_list<std::uint8_t> parameters,
                          std::string_view data) {
    const std::size_t k = 2 + parameters.size() + data.size();
    command(Op::Qr, {low(k), high(k)});
    bytes_.insert(bytes_.end(), {kQrSymbol, static_cast<std::uint8_t>(fn)});
    bytes_.insert(bytes_.end(), parameters);
    bytes_.insert(bytes_.end(), data.begin(), data.end());
}

bool Encoder::qr(std::string_view data, int module, QrLevel level) {
    const bool ascii = std::all_of(data.begin(), data.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    });
    if (!ascii || data.empty() || data.size() > 1000) {
        return false;
    }
    const auto m = static_cast<std::uint8_t>(std::clamp(module, 1, 16));
    qr_function(QrFunction::Model, {0x32, 0x00});  // model 2
    qr_function(QrFunction::ModuleSize, {m});
    qr_function(QrFunction::Level, {static_cast<std::uint8_t>(level)});
    qr_function(QrFunction::Store, {0x30}, data);
    qr_function(QrFunction::Print, {0x30});
    return true;
}

Encoder& Encoder::raster(const image::Grey& image, std::uint8_t threshold) {
    const auto width_bytes = static_cast<std::size_t>((image.width() + 7) / 8);
    const auto height = static_cast<std::size_t>(image.height());
    command(Op::Raster, {0x00, low(width_bytes), high(width_bytes), low(height), high(height)});
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
            return command(Op::FeedAndCutPartial, {0x00});
        case Cut::Full:
            return command(Op::Cut, {0x00});
        case Cut::None:
            break;
    }
    return *this;
}

Encoder& Encoder::real_time_status(std::uint8_t n) {
    return command(Op::RealTimeStatus, {n});
}

Encoder& Encoder::transmit_status() {
    return command(Op::TransmitStatus, {0x01});
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
