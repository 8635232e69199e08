#include "drivers/qr/decoder.hpp"

// ZXing 1.4 returns text as std::wstring unless told the coming std::string.
#define ZX_USE_UTF8 1
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cstddef>
#include <exception>

namespace jiayi::drivers::qr {

namespace {

std::vector<Code> read(const GreyView& image, const DecodeOptions& options) {
    const int stride = image.stride == 0 ? image.width : image.stride;
    const ZXing::ImageView view(image.pixels, image.width, image.height, ZXing::ImageFormat::Lum,
                                stride);
    ZXing::DecodeHints hints;
    hints.setFormats(options.qr_only ? ZXing::BarcodeFormat::QRCode : ZXing::BarcodeFormat::Any);
    hints.setTryHarder(options.try_harder);
    hints.setTryRotate(options.try_rotate);
    hints.setTryDownscale(options.try_downscale);
    hints.setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(options.max_codes, 1, 255)));

    std::vector<Code> codes;
    for (const auto& result : ZXing::ReadBarcodes(view, hints)) {
        if (!result.isValid()) {
            continue;
        }
        Code code;
        code.text = result.text();
        code.format = ZXing::ToString(result.format());
        const auto& position = result.position();
        for (std::size_t i = 0; i < 4; ++i) {
            code.corners[i] = {position[i].x, position[i].y};
        }
        codes.push_back(std::move(code));
    }
    return codes;
}

GreyImage negative(const GreyView& image) {
    const int stride = image.stride == 0 ? image.width : image.stride;
    GreyImage out;
    out.width = image.width;
    out.height = image.height;
    out.pixels.resize(static_cast<std::size_t>(image.width) *
                      static_cast<std::size_t>(image.height));
    for (int y = 0; y < image.height; ++y) {
        const std::uint8_t* row = image.pixels + static_cast<std::ptrdiff_t>(y) * stride;
        std::uint8_t* to = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * image.width;
        for (int x = 0; x < image.width; ++x) {
            to[x] = static_cast<std::uint8_t>(255 - row[x]);
        }
    }
    return out;
}

// Twice the size, each pixel a 2×2 block.
GreyImage doubled(const GreyView& image) {
    const int stride = image.stride == 0 ? image.width : image.stride;
    GreyImage out;
    out.width = image.width * 2;
    out.height = image.height * 2;
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    for (int y = 0; y < out.height; ++y) {
        const std::uint8_t* row = image.pixels + static_cast<std::ptrdiff_t>(y / 2) * stride;
        std::uint8_t* to = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * out.width;
        for (int x = 0; x < out.width; ++x) {
            to[x] = row[x / 2];
        }
    }
    return out;
}

// Corners found in a copy `num`/`den` the size, back in the image's pixels.
std::vector<Code> rescaled(std::vector<Code> codes, int num, int den) {
    for (auto& code : codes) {
        for (auto& corner : code.corners) {
            corner = {corner.x * num / den, corner.y * num / den};
        }
    }
    return codes;
}

// The smallest QR code is 21 modules: a copy smaller than that cannot hold one.
constexpr int kSmallestCode = 21;
// Doubling is for small pictures whose modules are a pixel or two; a phone
// photograph (12 MP) doubled would cost seconds.
constexpr int kLargestDoubled = 1024;

}  // namespace

std::vector<Code> decode(const GreyView& image, const DecodeOptions& options) {
    if (image.pixels == nullptr || image.width <= 0 || image.height <= 0) {
        return {};
    }
    auto codes = read(image, options);
    if (codes.empty() && options.try_invert) {
        codes = read(negative(image).view(), options);
    }
    if (!codes.empty() || !options.try_rescale) {
        return codes;
    }
    // A box-averaged smaller copy smooths a photograph's noise, halftone and
    // JPEG blocks into modules; ZXing's own downscaling starts at 500 pixels.
    for (const int step : {2, 3}) {
        if (std::min(image.width, image.height) / step < kSmallestCode) {
            break;
        }
        codes = rescaled(read(downscale(image, step).view(), options), step, 1);
        if (!codes.empty()) {
            return codes;
        }
    }
    if (std::max(image.width, image.height) <= kLargestDoubled) {
        codes = rescaled(read(doubled(image).view(), options), 1, 2);
    }
    return codes;
}

GreyImage encode_qr(const std::string& text, int size, int margin) {
    try {
        const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                .setMargin(margin)
                                .setEncoding(ZXing::CharacterSet::UTF8)
                                .encode(text, size, size);
        GreyImage out;
        out.width = matrix.width();
        out.height = matrix.height();
        out.pixels.resize(static_cast<std::size_t>(out.width) *
                          static_cast<std::size_t>(out.height));
        for (int y = 0; y < out.height; ++y) {
            for (int x = 0; x < out.width; ++x) {
                out.pixels[static_cast<std::size_t>(y * out.width + x)] =
                    matrix.get(x, y) ? 0 : 255;
            }
        }
        return out;
    } catch (const std::exception&) {
        // ZXing's writer throws when the text does not fit any version.
        return {};
    }
}

}  // namespace jiayi::drivers::qr
