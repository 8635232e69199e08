// Receipts on paper (kiosk/printing): every template on every shipped
// printer profile, laid out, rendered by our renderer and its QR read back;
// characters outside a printer's font; golden bytes per template.

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/qr_payload.hpp"
#include "drivers/printer/gb18030.hpp"
#include "drivers/printer/render.hpp"
#include "kiosk/printing/receipt_layout.hpp"
#include "support/paper.hpp"
#include "support/printing.hpp"
#include "support/receipts.hpp"

namespace {

using namespace jiayi;
using namespace jiayi::drivers::printer;
using jiayi::printing::layout_receipt;

const std::filesystem::path kSource = JIAYI_SOURCE_DIR;

std::shared_ptr<const image::Typeface> face() {
    return test::printer_face();
}
const std::vector<Profile>& profiles() {
    return test::shipped_profiles();
}
const Profile& profile(std::string_view id) {
    return test::shipped_profile(id);
}
const text::Catalog& catalog() {
    return test::shipped_catalog();
}

std::string hex(const Bytes& bytes) {
    std::ostringstream out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        static const char* digits = "0123456789abcdef";
        out << digits[bytes[i] >> 4] << digits[bytes[i] & 15] << ((i + 1) % 32 == 0 ? "\n" : "");
    }
    return out.str();
}

std::vector<Sheet> render(const Bytes& bytes, const Profile& p, Renderer** keep = nullptr) {
    static std::unique_ptr<Renderer> last;
    last = std::make_unique<Renderer>(p.dots, p.font, face());
    last->feed(bytes);
    if (keep != nullptr) {
        *keep = last.get();
    }
    return last->finish();
}

}  // namespace

TEST_CASE("receipts: every template on every profile renders clean, with its QR readable") {
    for (const Profile& p : profiles()) {
        for (const auto language : {text::Language::ZhCN, text::Language::En}) {
            auto all = test::sample_receipts();
            all.push_back(test::sample_voucher());
            for (const receipt::Receipt& r : all) {
                CAPTURE(p.id);
                CAPTURE(r.id);
                PageStats stats;
                const Bytes bytes = layout_receipt(r, catalog(), language, p, *face(), &stats);
                Renderer* renderer = nullptr;
                const auto sheets = render(bytes, p, &renderer);
                CHECK(renderer->problems().empty());
                REQUIRE(sheets.size() == 1);
                CHECK(sheets[0].cut == (p.cut != Cut::None));
                CHECK(stats.qr_by_printer == p.qr);
                CHECK(test::read_codes(sheets[0].image) == std::vector<std::string>{r.qr});
                // The code is the record's, in the form the kiosk reads back.
                const qr_payload::Payload code = qr_payload::classify(r.qr);
                CHECK(code.kind ==
                      (r.kind == receipt::Kind::Notice    ? qr_payload::PayloadKind::OptOut
                       : r.kind == receipt::Kind::Voucher ? qr_payload::PayloadKind::Booking
                                                          : qr_payload::PayloadKind::Contract));
                CHECK(code.id == r.record_id);
                if (p.qr) {
                    CHECK(sheets[0].qr_codes == std::vector<std::string>{r.qr});
                }
                CHECK(stats.text_lines > 8);
            }
        }
    }
}

TEST_CASE("receipts: a name with characters outside the printer's font prints as a picture") {
    CHECK(face()->has_glyph(0x20BB7));
    const receipt::Receipt r = test::sample_receipts("𠮷*")[0];
    for (const std::string id : {"xprinter-58", "gprinter-80"}) {
        CAPTURE(id);
        PageStats stats;
        const Bytes bytes =
            layout_receipt(r, catalog(), text::Language::ZhCN, profile(id), *face(), &stats);
        CHECK(stats.raster_lines == 1);
        // The four GB18030 bytes of 𠮷 are never sent as text.
        const std::string four = *gb18030(0x20BB7);
        const Bytes gb(four.begin(), four.end());  // as bytes: char is signed here
        CHECK(std::search(bytes.begin(), bytes.end(), gb.begin(), gb.end()) == bytes.end());
        Renderer* renderer = nullptr;
        render(bytes, profile(id), &renderer);
        CHECK(renderer->problems().empty());
        CHECK(renderer->raster_images() == 1 + (profile(id).qr ? 0 : 1));
    }
}

TEST_CASE("receipts: an English receipt's yuan sign prints as the font's full-width one, as text") {
    for (const std::string id : {"xprinter-58", "gprinter-80"}) {
        CAPTURE(id);
        PageStats stats;
        const Bytes bytes = layout_receipt(test::sample_receipts()[0], catalog(),
                                           text::Language::En, profile(id), *face(), &stats);
        CHECK(stats.raster_lines == 0);
        const std::string gb = *gb18030(U'￥');  // A3 A4
        const Bytes full_width(gb.begin(), gb.end());
        CHECK(std::search(bytes.begin(), bytes.end(), full_width.begin(), full_width.end()) !=
              bytes.end());
        Renderer* renderer = nullptr;
        render(bytes, profile(id), &renderer);
        CHECK(renderer->problems().empty());
    }
}

// Golden bytes: a change to a template, the encoder or the wrapping shows up
// here. Regenerate with JIAYI_UPDATE_GOLDEN=1 after checking the PNGs.
TEST_CASE("receipts: golden bytes per template") {
    const std::filesystem::path dir = kSource / "tests/kiosk/printing/golden";
    const bool update = std::getenv("JIAYI_UPDATE_GOLDEN") != nullptr;
    const char* names[] = {"signing", "renewal", "switch", "notice", "voucher"};
    auto receipts = test::sample_receipts();
    receipts.push_back(test::sample_voucher());
    for (std::size_t i = 0; i < receipts.size(); ++i) {
        for (const std::string id : {"gprinter-58", "epson-tm-t88v"}) {
            const std::string stem = names[i] + ("-" + id);
            CAPTURE(stem);
            const Bytes bytes =
                layout_receipt(receipts[i], catalog(), text::Language::ZhCN, profile(id), *face());
            const std::filesystem::path file = dir / (stem + ".hex");
            if (update) {
                std::filesystem::create_directories(dir);
                std::ofstream(file) << hex(bytes);
                const auto png = image::encode_png(stack(render(bytes, profile(id))));
                std::ofstream(dir / (stem + ".png"), std::ios::binary)
                    .write(reinterpret_cast<const char*>(png.data()),
                           static_cast<std::streamsize>(png.size()));
            }
            std::ifstream in(file);
            REQUIRE_MESSAGE(in.good(), "no golden file " << file);
            std::stringstream expected;
            expected << in.rdbuf();
            CHECK(hex(bytes) == expected.str());
        }
    }
}
