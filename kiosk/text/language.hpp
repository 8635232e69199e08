#pragma once
// The two languages of the kiosk's catalogs.

#include <optional>
#include <string_view>

namespace jiayi::text {

enum class Language { ZhCN, En };

inline std::string_view code(Language language) {
    return language == Language::ZhCN ? "zh-CN" : "en";
}

inline std::optional<Language> language_from_code(std::string_view code) {
    if (code == "zh-CN") {
        return Language::ZhCN;
    }
    if (code == "en") {
        return Language::En;
    }
    return std::nullopt;
}

}  // namespace jiayi::text
