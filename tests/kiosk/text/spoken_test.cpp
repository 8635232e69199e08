// The shipped catalogs' spoken sentences (issue 13): each zh-CN one has
// pinyin that fits it and that espeak-ng's cmn-latn-pinyin voice reads as
// Mandarin; all are short, and none carries a value.

#include <doctest/doctest.h>

#include <regex>

#include "kiosk/text/catalog.hpp"
#include "kiosk/text/pinyin.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;

namespace {

text::Catalog shipped() {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error()));
    return std::move(catalog).value();
}

int total(const std::vector<int>& clauses) {
    int n = 0;
    for (int c : clauses) {
        n += c;
    }
    return n;
}

}  // namespace

TEST_CASE("every spoken zh-CN sentence has pinyin of its length in syllables") {
    const auto catalog = shipped();
    const auto keys = catalog.keys("say.");
    REQUIRE(keys.size() > 100);
    for (const auto& key : keys) {
        CAPTURE(key);
        const std::string& zh = catalog.text(text::Language::ZhCN, key);
        const std::string pinyin = catalog.pinyin(key);
        REQUIRE_FALSE(pinyin.empty());
        auto characters = text::sentence_clauses(zh);
        auto syllables = text::pinyin_clauses(pinyin);
        REQUIRE(characters.ok());
        REQUIRE(syllables.ok());
        CHECK(total(*characters) == total(*syllables));
        CHECK(*characters == *syllables);
    }
}

TEST_CASE("spoken sentences are short, and carry no value that could be personal") {
    const auto catalog = shipped();
    for (const auto& key : catalog.keys("say.")) {
        CAPTURE(key);
        const std::string& zh = catalog.text(text::Language::ZhCN, key);
        const std::string& en = catalog.text(text::Language::En, key);
        CHECK(zh.find('{') == std::string::npos);
        CHECK(en.find('{') == std::string::npos);
        // Neither digits nor Latin letters in the Mandarin: no number is read out.
        CHECK(std::none_of(zh.begin(), zh.end(), [](char c) { return c >= '0' && c <= '9'; }));
        auto characters = text::sentence_clauses(zh);
        REQUIRE(characters.ok());
        CHECK(total(*characters) <= 22);  // about five seconds at an unhurried pace
        CHECK(en.size() <= 90);
        CHECK_FALSE(en.empty());
        CHECK(en != zh);
    }
}

// espeak-ng -x prints each syllable it speaks as phonemes ending "_|", with
// the tone's contour as digits (ni3 hao3: "n'i35_| X'Au214_|"). A syllable
// it cannot read as pinyin comes out without a tone, spelled out, or in
// another voice ("(en)"), as two syllables in one, and a stray digit as an
// extra number word.
TEST_CASE("espeak-ng's cmn-latn-pinyin voice reads every spoken pinyin as Mandarin syllables") {
    const auto catalog = shipped();
    test::TempDir dir;
    const std::regex tone("[0-9]+");
    for (const auto& key : catalog.keys("say.")) {
        CAPTURE(key);
        const std::string pinyin = catalog.pinyin(key);
        const auto out = dir / (key + ".out");
        test::ChildProcess espeak({JIAYI_ESPEAK_NG, "-v", "cmn-latn-pinyin", "-q", "-x", pinyin},
                                  out, dir / "err");
        const auto end = espeak.wait(std::chrono::seconds(30));
        REQUIRE(end);
        REQUIRE(end->exited);
        REQUIRE(end->code == 0);
        const std::string phonemes = test::slurp(out);
        CAPTURE(phonemes);
        CHECK(phonemes.find("(en)") == std::string::npos);
        std::vector<std::string> syllables;
        std::string current;
        for (std::size_t i = 0; i < phonemes.size(); ++i) {
            if (phonemes.compare(i, 2, "_|") == 0) {
                syllables.push_back(current);
                current.clear();
                ++i;
            } else if (phonemes[i] != ' ' && phonemes[i] != '\n') {
                current += phonemes[i];
            }
        }
        auto expected = text::pinyin_clauses(pinyin);
        REQUIRE(expected.ok());
        CHECK(static_cast<int>(syllables.size()) == total(*expected));
        // One tone contour per syllable: "si[55'o51" is "sio4" read as two.
        for (const auto& s : syllables) {
            const auto contours = std::distance(std::sregex_iterator(s.begin(), s.end(), tone),
                                                std::sregex_iterator());
            CHECK_MESSAGE(contours == 1, s);
        }
    }
}
