// The pinyin beside a spoken Mandarin sentence (kiosk/text/pinyin.hpp): its
// form, and its fit to the sentence syllable for character.

#include "kiosk/text/pinyin.hpp"

#include <doctest/doctest.h>

using namespace jiayi;

TEST_CASE("pinyin that fits its sentence is accepted") {
    struct Case {
        const char* sentence;
        const char* pinyin;
    };
    const Case cases[] = {
        {"你好。", "ni3 hao3."},
        {"您还在吗？要继续，请点“我还在，继续”。",
         "nin2 hai2 zai4 ma5? yao4 ji4 xu4, qing3 dian3 wo3 hai2 zai4, ji4 xu4."},
        {"绿色、女儿", "lv4 se4, nv3 er2"},
        {"要签约，请点“签约”；不签约。",
         "yao4 qian1 yue1, qing3 dian3 qian1 yue1; bu4 qian1 yue1."},
        {"请把身份证放在读卡处", "qing3 ba3 shen1 fen4 zheng4 fang4 zai4 du2 ka3 chu4"},
        {"略", "lve4"},
        {"用", "yong4"},
        {"二维码", "er4 wei2 ma3"},
    };
    for (const auto& c : cases) {
        const std::string sentence = c.sentence;
        CAPTURE(sentence);
        auto checked = text::check_pinyin(c.sentence, c.pinyin);
        CHECK_MESSAGE(checked.ok(), (checked.ok() ? "" : checked.error()));
    }
}

TEST_CASE("a syllable that is not tone-numbered pinyin is refused, and named") {
    struct Case {
        const char* pinyin;
        const char* named;
    };
    const Case cases[] = {
        {"ni3 hao", "\"hao\""},      // no tone
        {"ni3 hao6", "\"hao6\""},    // no sixth tone
        {"ni3 hao0", "\"hao0\""},    // the neutral tone is 5 here
        {"Ni3 hao3", "\"Ni3"},       // upper case
        {"ni3 hǎo", "\"h"},          // a tone mark, not a number
        {"nü3", "\"n"},              // ü is written v
        {"lu:4", "\"lu:4\""},        // nor u:
        {"xx3 hao3", "\"xx3\""},     // not a syllable
        {"ni3hao3", "\"ni3hao3\""},  // syllables run together
        {"bv4", "\"bv4\""},          // ü after b is no syllable
        {"jv3", "\"jv3\""},          // after j, q, x, ü is written u (ju3)
        {"er4 i3", "\"i3\""},        // i alone is written yi
        {"ni3 , hao3 2", "\"2\""},   // a digit alone
    };
    for (const auto& c : cases) {
        const std::string pinyin = c.pinyin;
        CAPTURE(pinyin);
        auto clauses = text::pinyin_clauses(c.pinyin);
        REQUIRE_FALSE(clauses.ok());
        CHECK(clauses.error().find(c.named) != std::string::npos);
    }
}

TEST_CASE("a spoken sentence holds Han characters and punctuation only") {
    for (const std::string sentence :
         {"还有 3 天", "请点 OK", "还有{0}次", "请扫QR码", "第 2 步"}) {
        CAPTURE(sentence);
        auto clauses = text::sentence_clauses(sentence);
        REQUIRE_FALSE(clauses.ok());
        CHECK(clauses.error().find("write numbers and letters out") != std::string::npos);
    }
    auto clauses = text::sentence_clauses("请点“好的”，还有三天。");
    REQUIRE(clauses.ok());
    CHECK(*clauses == std::vector<int>{4, 4});
}

TEST_CASE("pinyin one syllable short or long is refused with both counts") {
    auto short_one = text::check_pinyin("请刷身份证。", "qing3 shen1 fen4 zheng4.");
    REQUIRE_FALSE(short_one.ok());
    CHECK(short_one.error() == "the sentence has 5 characters, its pinyin 4 syllables");
    auto long_one = text::check_pinyin("请刷卡", "qing3 shua1 ka3 ka3");
    REQUIRE_FALSE(long_one.ok());
    CHECK(long_one.error() == "the sentence has 3 characters, its pinyin 4 syllables");
}

TEST_CASE("pinyin whose pauses are not where the sentence's are is refused") {
    // Same count, but espeak-ng would pause after the wrong syllable.
    auto moved = text::check_pinyin("您好，请刷卡。", "nin2 hao3 qing3, shua1 ka3.");
    REQUIRE_FALSE(moved.ok());
    CHECK(moved.error().find("pauses") != std::string::npos);
    auto missing = text::check_pinyin("您好，请刷卡。", "nin2 hao3 qing3 shua1 ka3.");
    CHECK_FALSE(missing.ok());
}
