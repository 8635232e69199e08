#pragma once
// What the receipt-printer tests read off paper our renderer drew: the QR
// codes ZXing finds on it. Include only from a test that links ZXing.

#define ZX_USE_UTF8 1  // text() as UTF-8 std::string (ZXing-C++ 1.4)
#include <ZXing/ReadBarcode.h>

#include <string>
#include <vector>

#include "common/image/raster.hpp"

namespace jiayi::test {

inline std::vector<std::string> read_codes(const image::Grey& sheet) {
    ZXing::ImageView view(sheet.pixels().data(), sheet.width(), sheet.height(),
                          ZXing::ImageFormat::Lum);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    std::vector<std::string> out;
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        out.push_back(r.text());
    }
    return out;
}

}  // namespace jiayi::test
