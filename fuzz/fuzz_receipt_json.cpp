// receipt::from_json on any text (a saved receipt, as the store keeps it for
// reprints): it never throws; a receipt that loads saves again to JSON that
// loads to the same receipt, and saving that gives the same bytes (one
// canonical form); and a loaded receipt renders in both languages with the
// real catalogs (assets/strings), as the nurse's reprint preview does.

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/receipt/receipt.hpp"
#include "kiosk/text/catalog.hpp"

using namespace jiayi;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool same_line(const receipt::Line& a, const receipt::Line& b) {
    return a.key == b.key && a.args == b.args && a.style == b.style;
}

bool same(const receipt::Receipt& a, const receipt::Receipt& b) {
    if (a.id != b.id || a.kind != b.kind || a.record_id != b.record_id || a.qr != b.qr ||
        a.lines.size() != b.lines.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        if (!same_line(a.lines[i], b.lines[i])) {
            return false;
        }
    }
    return true;
}

std::optional<text::Catalog> catalog;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    auto loaded = text::Catalog::load(JIAYI_SOURCE_DIR "/assets/strings");
    if (!loaded) {
        std::abort();
    }
    catalog = std::move(loaded).value();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    auto loaded = receipt::from_json(json);
    if (!loaded) {
        check(loaded.error().starts_with("receipt: "));
        return 0;
    }
    const std::string saved = receipt::to_json(*loaded);
    auto again = receipt::from_json(saved);
    check(again.ok());
    check(same(*loaded, *again));
    check(receipt::to_json(*again) == saved);

    for (const auto language : {text::Language::ZhCN, text::Language::En}) {
        const auto lines = receipt::render_text(*loaded, *catalog, language);
        check(lines.size() == loaded->lines.size());
    }
    return 0;
}
