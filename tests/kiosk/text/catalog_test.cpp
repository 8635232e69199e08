// The catalogs' rules for spoken sentences (kiosk/text/catalog.hpp): pinyin
// beside each zh-CN one and nowhere in en, no values spoken, clear errors.

#include "kiosk/text/catalog.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "support/temp_dir.hpp"

using namespace jiayi;

namespace {

// A catalog folder holding these two files.
struct Strings {
    test::TempDir dir;
    Strings(const std::string& zh, const std::string& en) {
        std::ofstream(dir / "zh-CN.toml") << zh;
        std::ofstream(dir / "en.toml") << en;
    }
    Result<text::Catalog, std::string> load() const { return text::Catalog::load(dir.path()); }
};

const std::string kZh =
    "[title]\nhome = \"家庭医生签约\"\n"
    "[say.screen]\nhome = \"请刷身份证。\"\nhome_pinyin = \"qing3 shua1 shen1 fen4 zheng4.\"\n";
const std::string kEn =
    "[title]\nhome = \"Family doctor signing\"\n"
    "[say.screen]\nhome = \"Please tap your ID card.\"\n";

}  // namespace

TEST_CASE("a spoken sentence's pinyin is read beside it, for zh-CN only") {
    Strings strings(kZh, kEn);
    auto catalog = strings.load();
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error()));
    CHECK(catalog->text(text::Language::ZhCN, "say.screen.home") == "请刷身份证。");
    CHECK(catalog->text(text::Language::En, "say.screen.home") == "Please tap your ID card.");
    CHECK(catalog->pinyin("say.screen.home") == "qing3 shua1 shen1 fen4 zheng4.");
    CHECK(catalog->pinyin("title.home").empty());
    // The pinyin is no key of its own: not shown, not drawn into the atlas.
    CHECK_FALSE(catalog->has("say.screen.home_pinyin"));
    CHECK(catalog->keys("say.") == std::vector<std::string>{"say.screen.home"});
    CHECK(catalog->all_text().find("qing3") == std::string::npos);
}

TEST_CASE("a spoken zh-CN sentence without its pinyin is refused, naming the key") {
    Strings strings("[say.screen]\nhome = \"请刷身份证。\"\n",
                    "[say.screen]\nhome = \"Please tap your ID card.\"\n");
    auto catalog = strings.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error() ==
          "zh-CN.toml lacks \"say.screen.home_pinyin\": espeak-ng reads a spoken Mandarin "
          "sentence from its pinyin only");
}

TEST_CASE("pinyin in en.toml is refused") {
    Strings strings(kZh, kEn + "home_pinyin = \"qing3\"\n");
    auto catalog = strings.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error().find("en.toml holds \"say.screen.home_pinyin\"") == 0);
}

TEST_CASE("pinyin without its sentence is refused") {
    Strings strings(kZh + "hmoe_pinyin = \"qing3\"\n", kEn);
    auto catalog = strings.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error() ==
          "zh-CN.toml holds \"say.screen.hmoe_pinyin\" but no sentence \"say.screen.hmoe\" for it");
}

TEST_CASE("pinyin that does not fit its sentence is refused with the reason") {
    Strings strings("[say.screen]\nhome = \"请刷身份证。\"\nhome_pinyin = \"qing3 shua1.\"\n",
                    kEn.substr(kEn.find("[say")));
    auto catalog = strings.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error() ==
          "zh-CN.toml: \"say.screen.home_pinyin\" does not fit its sentence: the sentence has 5 "
          "characters, its pinyin 2 syllables");
}

TEST_CASE("a spoken sentence with a value in it is refused, in either language") {
    Strings zh(kZh + "count = \"还有{0}次\"\ncount_pinyin = \"hai2 you3 ci4\"\n",
               kEn + "count = \"Tries left\"\n");
    auto catalog = zh.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error().find("\"say.screen.count\" is spoken, so it holds no \"{0}\"") !=
          std::string::npos);

    Strings en(kZh + "count = \"还有几次\"\ncount_pinyin = \"hai2 you3 ji3 ci4\"\n",
               kEn + "count = \"{0} tries left\"\n");
    auto en_catalog = en.load();
    REQUIRE_FALSE(en_catalog.ok());
    CHECK(en_catalog.error().find("en.toml: \"say.screen.count\"") == 0);
}

TEST_CASE("a spoken sentence in one language only is refused as any other key") {
    Strings strings(kZh + "help = \"请找护士。\"\nhelp_pinyin = \"qing3 zhao3 hu4 shi4.\"\n", kEn);
    auto catalog = strings.load();
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error() == "en.toml lacks \"say.screen.help\", which zh-CN.toml has");
}

TEST_CASE("the shipped catalogs load") {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error()));
}
