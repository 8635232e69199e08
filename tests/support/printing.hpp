#pragma once
// What the receipt-printer tests share: the kiosk's typeface, the shipped
// printer profiles and string catalogs, loaded once per test binary.

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "common/image/typeface.hpp"
#include "drivers/printer/profile.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::test {

inline std::shared_ptr<const image::Typeface> printer_face() {
    static auto face = image::Typeface::open();
    REQUIRE_MESSAGE(face.ok(), face.error());
    return face.value();
}

inline const std::vector<drivers::printer::Profile>& shipped_profiles() {
    static auto profiles = drivers::printer::load_profiles(std::filesystem::path(JIAYI_SOURCE_DIR) /
                                                           "assets/printers.toml");
    REQUIRE_MESSAGE(profiles.ok(), profiles.error());
    return profiles.value();
}

inline const drivers::printer::Profile& shipped_profile(std::string_view id) {
    const drivers::printer::Profile* p = drivers::printer::find_profile(shipped_profiles(), id);
    REQUIRE(p != nullptr);
    return *p;
}

inline const text::Catalog& shipped_catalog() {
    static auto catalog =
        text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    return catalog.value();
}

}  // namespace jiayi::test
