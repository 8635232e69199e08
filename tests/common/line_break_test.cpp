#include "common/line_break.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/utf8.hpp"

namespace {

using jiayi::text::break_lines;
using jiayi::text::closing_mark;
using jiayi::text::decode_utf8;
using jiayi::text::encode_utf8;
using jiayi::text::opening_mark;

// The printer's measure: a column for ASCII, two for anything else.
float columns(std::string_view s) {
    float w = 0;
    for (char32_t cp : decode_utf8(s)) {
        w += cp < 0x80 ? 1.0f : 2.0f;
    }
    return w;
}

std::vector<std::string> lines(std::string_view text, float width) {
    std::vector<std::string> out;
    for (const auto& span : break_lines(text, width, columns)) {
        out.emplace_back(text.substr(span.begin, span.end - span.begin));
    }
    return out;
}

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c != ' ') {
            out.push_back(c);
        }
    }
    return out;
}

// What every break must hold: nothing lost, no line wider than `width`
// (when it could be), no closing mark first, no opening mark last.
void check_rules(const std::string& text, float width) {
    CAPTURE(text);
    CAPTURE(width);
    const std::vector<std::string> got = lines(text, width);
    std::string joined;
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(got[i]);
        joined += got[i];
        CHECK(columns(got[i]) <= width);
        const std::u32string cps = decode_utf8(got[i]);
        REQUIRE_FALSE(cps.empty());
        if (i > 0) {
            CHECK_FALSE(closing_mark(cps.front()));
        }
        if (i + 1 < got.size()) {
            CHECK_FALSE(opening_mark(cps.back()));
        }
    }
    CHECK(without_spaces(joined) == without_spaces(text));
}

struct Case {
    const char* what;
    std::string text;
    float width;
    std::vector<std::string> expected;
};

}  // namespace

TEST_CASE("line breaking: the table") {
    const std::vector<Case> cases = {
        {"Chinese breaks between any two characters",
         "一二三四五六七八",
         8,
         {"一二三四", "五六七八"}},
        {"a closing mark takes the character before it down",
         "一二三四。五六",
         8,
         {"一二三", "四。五六"}},
        {"closing marks in a row stay together", "一二三四。」五", 8, {"一二三", "四。」五"}},
        {"half-width closing marks too", "一二三四,五六", 8, {"一二三", "四,五六"}},
        {"an opening mark goes down with what it opens",
         "一二三（四五六",
         8,
         {"一二三", "（四五六"}},
        {"an ellipsis is not split nor starts a line", "一二三四……", 8, {"一二三", "四……"}},
        {"a number is kept whole", "号码12345678号", 10, {"号码", "12345678号"}},
        {"a currency sign stays with its number", "费用合计¥36.00", 10, {"费用合计", "¥36.00"}},
        {"a Latin word after Chinese is kept whole",
         "请带身份证ID card",
         10,
         {"请带身份证", "ID card"}},
        {"pure ASCII breaks at spaces, which are not shown",
         "the quick brown fox",
         10,
         {"the quick", "brown fox"}},
        {"ASCII words", "ab cd ef", 5, {"ab cd", "ef"}},
        {"a word longer than a line still breaks", "abcdefghij", 4, {"abcd", "efgh", "ij"}},
        {"a mark pair wider than the line still breaks", "一。", 2, {"一", "。"}},
        {"a character wider than the line gets a line of its own", "一二", 1, {"一", "二"}},
        {"empty text has no lines", "", 10, {}},
        {"a paragraph of spaces is an empty line", "   ", 10, {""}},
        {"a newline ends a line, an empty paragraph is an empty line",
         "一二\n\n三",
         10,
         {"一二", "", "三"}},
        {"a newline at the end adds no line", "ab\n", 10, {"ab"}},
        {"indentation is kept", "  ab cd", 5, {"  ab", "cd"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(lines(c.text, c.width) == c.expected);
    }
}

TEST_CASE("line breaking: no closing mark starts a line, no opening mark ends one") {
    // GB/T 15834 points, closing and opening brackets and quotes, in both
    // widths, at every width that splits the text somewhere.
    const std::u32string closing = U"，。、；：？！）》」』】”’…·％,.;:?!)]%";
    const std::u32string opening = U"（《「『【“‘¥￥([";
    for (char32_t mark : closing) {
        CHECK(closing_mark(mark));
        for (float width = 4; width <= 14; ++width) {
            check_rules("一二三" + encode_utf8(std::u32string(1, mark)) + "四五六七", width);
        }
    }
    for (char32_t mark : opening) {
        CHECK(opening_mark(mark));
        for (float width = 4; width <= 14; ++width) {
            check_rules("一二三" + encode_utf8(std::u32string(1, mark)) + "四五六七", width);
        }
    }
    CHECK_FALSE(closing_mark(U'一'));
    CHECK_FALSE(opening_mark(U'a'));
}

TEST_CASE("line breaking: a real sentence at every width keeps the rules") {
    const std::string sentence =
        "签约后，您可以在“家医”小程序（微信）查看服务包；费用¥36.00，医保报销70%。"
        "Questions? Call 12345 or ask the nurse.";
    for (float width = 10; width <= 40; ++width) {  // from the widest piece
        check_rules(sentence, width);
    }
}

TEST_CASE("line breaking: the measure is asked about whole lines") {
    // A measure that is not the sum of its parts (a fixed margin per line,
    // as a box with padding would have) is honoured.
    const auto padded = [](std::string_view s) { return columns(s) + 2; };
    const auto spans = break_lines("一二三四五六", 8, padded);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0] == jiayi::text::LineSpan{0, 9});  // 一二三: 6 columns + 2
    CHECK(spans[1] == jiayi::text::LineSpan{9, 18});
}
