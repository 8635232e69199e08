#include "drivers/qr/decoder.hpp"

// ZXing 1.4 returns text as std::wstring unless told the coming std::string.
#define ZX_USE_UTF8 1
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <exception>

namespace jiayi::drivers::qr {

std::vector<Code> decode(const GreyView& image, const DecodeOptions& options) {
    if (image.pixels == nullptr || image.width <= 0 || image.height <= 0) {
        return {};
    }
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
