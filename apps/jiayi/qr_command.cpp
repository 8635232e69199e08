// jiayi qr decode IMAGE… — each image's codes and what each is to the kiosk.
// A file is a still image, with no frame budget: it is read with ZXing's full
// effort (kStillImage), not the camera's fast pass, so a code the camera
// would need a second look at is read here at once. An e-health card is
// shown masked: it identifies a resident.

#include <iostream>

#include "apps/jiayi/commands.hpp"
#include "common/qr_payload.hpp"
#include "drivers/qr/decoder.hpp"
#include "drivers/qr/grey.hpp"

namespace jiayi::cli {

namespace {

std::string shown(const qr_payload::Payload& payload, const std::string& text) {
    if (payload.kind != qr_payload::PayloadKind::EHealthCard) {
        return text;
    }
    return text.substr(0, 4) + "…" + text.substr(text.size() - 4);
}

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
            const auto payload = qr_payload::classify(code.text);
            std::cout << "  " << qr_payload::code(payload.kind) << "  " << code.format << "  "
                      << shown(payload, code.text) << "\n";
        }
    }
    return status;
}

}  // namespace

void add_qr_commands(CLI::App& app, Context& context) {
    auto images = std::make_shared<std::vector<std::string>>();
    auto* qr = app.add_subcommand("qr", "QR codes")->require_subcommand(1);
    auto* decode = qr->add_subcommand("decode", "each image's codes and what each is to us");
    decode->add_option("IMAGE", *images, "image files (PNG, JPEG, …)")->required();
    decode->callback([images, &context] { context.status = qr_decode(*images); });
}

}  // namespace jiayi::cli
