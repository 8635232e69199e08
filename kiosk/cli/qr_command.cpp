// jiayi qr decode IMAGE… — each image's codes and what each is to the kiosk.
// A file is a still image, with no frame budget: it is read with ZXing's full
// effort (kStillImage), not the camera's fast pass, so a code the camera
// would need a second look at is read here at once. An e-health card is
// shown masked: it identifies a resident.

#include <iostream>

#include "drivers/qr/decoder.hpp"
#include "drivers/qr/grey.hpp"
#include "drivers/qr/payload.hpp"
#include "kiosk/cli/commands.hpp"

namespace jiayi::cli {

namespace {

std::string shown(const drivers::qr::Payload& payload, const std::string& text) {
    if (payload.kind != drivers::qr::PayloadKind::EHealthCard) {
        return text;
    }
    return text.substr(0, 4) + "…" + text.substr(text.size() - 4);
}

}  // namespace

int qr_decode(const std::vector<std::string>& files) {
    namespace qr = drivers::qr;
    int status = 0;
    for (const auto& file : files) {
        auto image = qr::load_grey(file);
        if (!image) {
            std::cerr << "jiayi: " << image.error() << "\n";
            status = 2;
            continue;
        }
        const auto codes = qr::decode(image->view(), qr::kStillImage);
        std::cout << file << ": " << codes.size() << (codes.size() == 1 ? " code" : " codes")
                  << "\n";
        if (codes.empty() && status == 0) {
            status = 1;
        }
        for (const auto& code : codes) {
            const auto payload = qr::classify(code.text);
            std::cout << "  " << qr::code(payload.kind) << "  " << code.format << "  "
                      << shown(payload, code.text) << "\n";
        }
    }
    return status;
}

}  // namespace jiayi::cli
