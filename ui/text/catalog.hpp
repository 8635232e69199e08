#pragma once
// The string catalogs (assets/strings/*.toml): every user-visible string, in
// zh-CN and en. Both files must hold the same keys; a catalog that does not is
// refused at start with the key that is missing.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "kiosk/common/result.hpp"
#include "kiosk/flow/view_model.hpp"

namespace jiayi::ui {

class Catalog {
  public:
    static Result<Catalog, std::string> load(const std::filesystem::path& dir);

    // The text of "section.key"; a missing key shows as itself, never crashes.
    const std::string& text(flow::Language language, const std::string& key) const;
    // Every string of both languages, for the glyph atlas.
    std::string all_text() const;

  private:
    std::map<std::string, std::string> zh_;
    std::map<std::string, std::string> en_;
};

}  // namespace jiayi::ui
