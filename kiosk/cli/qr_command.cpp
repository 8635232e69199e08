// jiayi qr decode IMAGE… — each image's codes, as the kiosk's scanner would
// read them, and what each is to the kiosk. An e-health card is shown masked:
// it identifies a resident.

#include <iostream>

#include "drivers/qr/decoder.hpp"
#include "drivers/qr/grey.hpp"
#include "common/qr_payload.hpp"
#include "kiosk/cli/commands.hpp"

namespace jiayi::cli {

namespace {

std::string shown(const qr_payload::Payload& payload, const std::string& text) {
    if (payload.kind != qr_payload::PayloadKind::EHealthCard) {
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
        const auto codes = qr::decode(image->view());
        std::cout << file << ": " << codes.size() << (codes.size() == 1 ? " code" : " codes")
                  << "\n";
        if (codes.empty() && status == 0) {
            status = 1;
        }
        for (const auto& code : codes) {
            const auto payload = qr_payload::classify(code.text);
            std::cout << "  " << qr_payload::code(payload.kind) << "  " << code.format << "  "
                      << shown(payload, code.text) << "\n";
        }
    }
    return status;
}

}  // namespace jiayi::cli
