#include "drivers/printer/test_page.hpp"

#include "common/utf8.hpp"
#include "drivers/printer/page.hpp"

namespace jiayi::drivers::printer {

Bytes test_page(const Profile& profile, const image::Typeface& face, const std::string& when) {
    Page page(profile, face);
    page.out().align(Align::Centre).bold(true).size(1, 2);
    page.line(U"打印测试 Printer test", Align::Centre, 2);
    page.out().size(1, 1).bold(false).align(Align::Left).newline();
    page.paragraph(text::decode_utf8(profile.name), Align::Left, 1, profile.columns);
    page.paragraph(text::decode_utf8(std::to_string(profile.dots) + " dots, " +
                                     std::to_string(profile.columns) + " columns, font " +
                                     std::string(code(profile.font)) + ", cut " +
                                     std::string(code(profile.cut))),
                   Align::Left, 1, profile.columns);
    page.paragraph(text::decode_utf8(when), Align::Left, 1, profile.columns);
    page.rule();
    std::u32string ruler;
    for (int c = 0; c < profile.columns; ++c) {
        ruler.push_back(U'0' + static_cast<char32_t>((c + 1) % 10));
    }
    page.line(ruler, Align::Left);
    page.paragraph(U"家庭医生签约服务：中文文字打印正常。", Align::Left, 1, profile.columns);
    page.paragraph(U"生僻字用图像打印：䶮 𠮷 ¥", Align::Left, 1, profile.columns);
    page.rule();
    page.qr("jiayi:printer-test");
    return page.finish();
}

}  // namespace jiayi::drivers::printer
