// The home screen rendered for real, headless (SDL dummy driver, software
// renderer, Noto Sans CJK), in every size, language and text size the kiosk
// supports; its items' rectangles are checked, not its pixels.

#include <doctest/doctest.h>

#include <string>

#include "ui/frame.hpp"
#include "ui/platform/sdl_platform.hpp"

using namespace jiayi;

namespace {

bool overlap(const ui::ItemRect& a, const ui::ItemRect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

}  // namespace

TEST_CASE("home: every target is large enough, inside the screen, apart, and its label fits") {
    auto catalog = ui::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    const std::pair<int, int> sizes[] = {{1920, 1080}, {1080, 1920}, {1280, 800}};
    for (auto [width, height] : sizes) {
        auto platform = ui::Platform::create({true, false, width, height});
        REQUIRE(platform.ok());
        for (auto language : {flow::Language::ZhCN, flow::Language::En}) {
            for (bool large : {false, true}) {
                CAPTURE(width);
                CAPTURE(height);
                CAPTURE(language == flow::Language::En);
                CAPTURE(large);
                const ui::Theme theme = ui::make_theme(width, height, large);
                ui::FontRequest request;
                request.body_px = theme.body_px();
                request.title_px = theme.title_px();
                request.text = catalog->all_text();
                auto fonts = platform.value()->load_fonts(request);
                REQUIRE(fonts.ok());
                flow::HomeView view{language, large};
                ui::Geometry geometry;
                for (int frame = 0; frame < 2; ++frame) {
                    geometry.items.clear();
                    platform.value()->begin_frame();
                    ui::draw_frame(view, *catalog, *fonts, theme, &geometry);
                    platform.value()->end_frame();
                }
                REQUIRE(geometry.items.size() == 6);
                int primaries = 0;
                for (const ui::ItemRect& item : geometry.items) {
                    CAPTURE(item.label);
                    CHECK(item.w >= ui::kMinTarget);
                    CHECK(item.h >= ui::kMinTarget);
                    CHECK(item.x >= 0);
                    CHECK(item.y >= 0);
                    CHECK(item.x + item.w <= static_cast<float>(width));
                    CHECK(item.y + item.h <= static_cast<float>(height));
                    CHECK(item.label_w <= item.w - 2 * theme.gap());  // not clipped
                    CHECK(item.label_h <= item.h);
                    if (item.primary) {
                        ++primaries;
                        CHECK(item.h >= 96.0f);
                    }
                }
                CHECK(primaries == 1);  // one primary action per screen
                for (std::size_t i = 0; i < geometry.items.size(); ++i) {
                    for (std::size_t j = i + 1; j < geometry.items.size(); ++j) {
                        CAPTURE(geometry.items[i].label);
                        CAPTURE(geometry.items[j].label);
                        CHECK_FALSE(overlap(geometry.items[i], geometry.items[j]));
                    }
                }
            }
        }
    }
}

TEST_CASE("type and colours meet the elderly-friendly numbers") {
    const ui::Theme normal = ui::make_theme(1920, 1080, false);
    CHECK(normal.body_px() >= 32.0f);
    CHECK(ui::make_theme(1920, 1080, true).body_px() == doctest::Approx(48.0f));
    CHECK(ui::make_theme(1080, 1920, false).body_px() >= 32.0f);
    CHECK(ui::contrast_ratio(normal.text, normal.background) >= 7.0);
    CHECK(ui::contrast_ratio(normal.on_primary, normal.primary) >= 7.0);
    CHECK(ui::contrast_ratio(normal.text, normal.secondary) >= 7.0);
    CHECK(ui::contrast_ratio(normal.text, normal.muted_panel) >= 7.0);
    CHECK(ui::contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
}

TEST_CASE("the catalogs hold the same keys in both languages") {
    auto catalog = ui::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    CHECK(catalog->text(flow::Language::ZhCN, "home.sign") == "签约 / 续约");
    CHECK(catalog->text(flow::Language::En, "home.sign") == "Sign or renew");
    CHECK(catalog->text(flow::Language::En, "home.nope") == "home.nope");
}
