#pragma once
// The string catalogs (used by the screens and by receipts) (assets/strings/*.toml): every
// user-visible string, in zh-CN and en. Both files must hold the same keys; a catalog that does not
// is refused at start with the key that is missing.
//
// Spoken sentences (issue 13) live under "say." in both files (assets/strings/README.md): the key
// names a recorded prompt file. Beside each one, zh-CN.toml alone holds its tone-numbered pinyin
// under the same key with "_pinyin" appended (say.screen.home_pinyin), the text espeak-ng reads.
// At load a catalog is refused when a spoken zh-CN sentence lacks its pinyin, when the pinyin is
// not well formed or does not match the sentence syllable for character (kiosk/text/pinyin.hpp),
// when en.toml holds pinyin, or when a spoken sentence holds a "{0}" placeholder (a value spoken
// aloud could be personal).

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/text/language.hpp"

namespace jiayi::text {

// Fills "{0}", "{1}"… in a catalog string with `args`; an index without an
// argument stays as written, so a missing value shows rather than crashes.
std::string format(std::string_view pattern, const std::vector<std::string>& args);

class Catalog {
  public:
    static Result<Catalog, std::string> load(const std::filesystem::path& dir);

    // The text of "section.key"; a missing key shows as itself, never crashes.
    const std::string& text(Language language, const std::string& key) const;
    // Every string of both languages, for the glyph atlas.
    std::string all_text() const;
    bool has(const std::string& key) const { return zh_.contains(key); }
    // The tone-numbered pinyin of the spoken zh-CN sentence "say.…"; empty when none.
    std::string pinyin(const std::string& key) const;
    // Every key starting with `prefix` ("say.", "message."), in order.
    std::vector<std::string> keys(std::string_view prefix) const;

  private:
    std::map<std::string, std::string> zh_;
    std::map<std::string, std::string> en_;
    std::map<std::string, std::string> pinyin_;  // keyed by the sentence's key
};

}  // namespace jiayi::text
