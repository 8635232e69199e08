#include "kiosk/printing/receipt_layout.hpp"

#include "common/utf8.hpp"

namespace jiayi::printing {

using drivers::printer::Align;
using drivers::printer::Bytes;
using drivers::printer::Page;

Bytes layout_receipt(const receipt::Receipt& receipt, const text::Catalog& catalog,
                     text::Language language, const drivers::printer::Profile& profile,
                     const image::Typeface& face, drivers::printer::PageStats* stats) {
    Page page(profile, face);
    const std::vector<std::string> texts = receipt::render_text(receipt, catalog, language);
    for (std::size_t i = 0; i < receipt.lines.size() && i < texts.size(); ++i) {
        const receipt::Line& l = receipt.lines[i];
        const std::u32string t = text::decode_utf8(texts[i]);
        switch (l.style) {
            case receipt::Style::Title: {
                // Double width too when the title fits the paper that way.
                const int wide = drivers::printer::columns_of(t) * 2 <= profile.columns ? 2 : 1;
                page.out().align(Align::Centre).bold(true).size(wide, 2);
                page.paragraph(t, Align::Centre, 2, profile.columns / wide);
                page.out().size(1, 1).bold(false).align(Align::Left).newline();
                break;
            }
            case receipt::Style::Heading:
                page.out().bold(true);
                page.paragraph(t, Align::Left, 1, profile.columns);
                page.out().bold(false);
                break;
            case receipt::Style::Body:
            case receipt::Style::Small:
                page.paragraph(t, Align::Left, 1, profile.columns);
                break;
            case receipt::Style::Rule:
                page.rule();
                break;
        }
    }
    page.out().newline();
    page.qr(receipt.qr);
    Bytes bytes = page.finish();
    if (stats != nullptr) {
        *stats = page.stats();
    }
    return bytes;
}

}  // namespace jiayi::printing
