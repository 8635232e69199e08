#pragma once
// The string catalogs (used by the screens and by receipts) (assets/strings/*.toml): every
// user-visible string, in zh-CN and en. Both files must hold the same keys; a catalog that does not
// is refused at start with the key that is missing.

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

  private:
    std::map<std::string, std::string> zh_;
    std::map<std::string, std::string> en_;
};

}  // namespace jiayi::text
