// Every screen of the kiosk rendered for real, headless (SDL dummy driver,
// software renderer, Noto Sans CJK), by walking the tour script through the
// real flow and store, in every size, language and text size the kiosk
// supports; the items' rectangles are checked, not the pixels.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "kiosk/demo/demo.hpp"
#include "kiosk/demo/demo_hub.hpp"
#include "support/kiosk_fixture.hpp"
#include "ui/app/kiosk_app.hpp"
#include "ui/app/script_runner.hpp"

#include <imgui.h>
#include <imgui_internal.h>

using namespace jiayi;

namespace {

bool overlap(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh) {
    return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

std::vector<flow::ScriptStep> tour() {
    std::ifstream in(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/scripts/tour.script");
    std::stringstream text;
    text << in.rdbuf();
    auto steps = flow::parse_script(text.str());
    REQUIRE(steps.ok());
    return std::move(steps).value();
}

// The checks every drawn screen must pass.
void check_screen(const ui::Geometry& g, const ui::Theme& theme, int width, int height) {
    const auto w = static_cast<float>(width);
    const auto h = static_cast<float>(height);
    int primaries = 0;
    for (const ui::ItemRect& item : g.items) {
        CAPTURE(item.label);
        CHECK(item.w >= ui::kMinTarget);
        CHECK(item.h >= ui::kMinTarget);
        CHECK(item.x >= 0);
        CHECK(item.y >= 0);
        CHECK(item.x + item.w <= w);
        CHECK(item.y + item.h <= h);
        CHECK(item.label_w + theme.gap() <= item.w);  // the label is not clipped
        CHECK(item.label_h <= item.h);
        // Every button carries its picture: an icon, or one the screen
        // draws (the feedback faces, the signature pad); only a keypad's
        // keys (a digit, a letter) are their own picture.
        if (item.label.size() != 1) {
            CHECK(item.icon != ui::icon::kNone);
        }
        if (item.primary) {
            ++primaries;
            CHECK(item.h >= 96.0f);
        }
    }
    CHECK(primaries <= 1);  // one primary action per screen
    for (std::size_t i = 0; i < g.items.size(); ++i) {
        for (std::size_t j = i + 1; j < g.items.size(); ++j) {
            const auto& a = g.items[i];
            const auto& b = g.items[j];
            CAPTURE(a.label);
            CAPTURE(b.label);
            CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
        }
    }
    for (std::size_t i = 0; i < g.texts.size(); ++i) {
        for (std::size_t j = i + 1; j < g.texts.size(); ++j) {
            const auto& a = g.texts[i];
            const auto& b = g.texts[j];
            CAPTURE(a.text);
            CAPTURE(b.text);
            CHECK_FALSE(overlap(a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h));
        }
    }
    for (const ui::TextRect& t : g.texts) {
        CAPTURE(t.text);
        CHECK(t.x >= 0);
        CHECK(t.y >= 0);
        CHECK(t.x + t.w <= w);
        CHECK(t.y + t.h <= h);
        for (const ui::ItemRect& item : g.items) {
            CAPTURE(item.label);
            CHECK_FALSE(overlap(t.x, t.y, t.w, t.h, item.x, item.y, item.w, item.h));
        }
    }
}

bool han(unsigned c) {
    return c >= 0x4E00 && c <= 0x9FFF;
}

// Letters and digits whose ink reaches the cap height (0.73 em in Noto Sans CJK's Latin).
bool tall_latin(unsigned c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == 'b' || c == 'd' || c == 'h' ||
           c == 'k' || c == 'l';
}

// The type a resident sees, measured in the frame: the ink of the first
// characters of each text drawn, in rows that differ clearly from the
// background around them. Dear ImGui sizes a font by its line height, not its
// em: asked for 32 px, Noto Sans CJK draws a 22 px character. Here a Chinese
// character's ink must be at least 0.80 em of the theme's size for its style
// (Noto's ideographs fill about 0.9 em), a Latin capital's or digit's at least
// 0.68 em (their cap height is 0.73 em).
void check_ink(ui::Platform& platform, const ui::Geometry& g, const ui::Theme& theme) {
    int measured = 0;
    for (const ui::InkProbe& probe : g.ink) {
        CAPTURE(probe.start);
        std::vector<unsigned> chars;
        const char* p = probe.start.c_str();
        const char* end = p + probe.start.size();
        while (p < end) {
            unsigned c = 0;
            const int n = ImTextCharFromUtf8(&c, p, end);
            REQUIRE(n > 0);
            p += n;
            chars.push_back(c);
        }
        const bool any_han = std::any_of(chars.begin(), chars.end(), han);
        const bool any_tall = std::any_of(chars.begin(), chars.end(), tall_latin);
        if (!any_han && !any_tall) {
            continue;  // nothing here whose height is known ("…", "·", lower case)
        }
        const float em = probe.title ? theme.title_px() : theme.body_px();
        const float start_w = probe.w;
        const int x0 = static_cast<int>(std::floor(probe.x));
        const int y0 = static_cast<int>(std::floor(probe.y));
        const int w =
            std::min(static_cast<int>(std::ceil(start_w)), static_cast<int>(theme.width) - x0);
        const int h =
            std::min(static_cast<int>(std::ceil(probe.size)), static_cast<int>(theme.height) - y0);
        CAPTURE(probe.x);
        CAPTURE(probe.y);
        CAPTURE(start_w);
        CAPTURE(probe.size);
        REQUIRE(w > 0);
        REQUIRE(h > 0);
        auto pixels = platform.read_pixels(x0, y0, w, h);
        REQUIRE(pixels.ok());
        const std::vector<std::uint8_t>& px = *pixels;
        // The background is the colour most of the box's top row has.
        std::map<std::uint32_t, int> top_row;
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* q = &px[static_cast<std::size_t>(x) * 4];
            ++top_row[static_cast<std::uint32_t>(q[0] << 16 | q[1] << 8 | q[2])];
        }
        const std::uint32_t bg =
            std::max_element(top_row.begin(), top_row.end(), [](const auto& a, const auto& b) {
                return a.second < b.second;
            })->first;
        int first_row = -1;
        int last_row = -1;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const std::uint8_t* q =
                    &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                         static_cast<std::size_t>(x)) *
                        4];
                const int diff = std::max({std::abs(q[0] - static_cast<int>(bg >> 16 & 0xFF)),
                                           std::abs(q[1] - static_cast<int>(bg >> 8 & 0xFF)),
                                           std::abs(q[2] - static_cast<int>(bg & 0xFF))});
                if (diff > 96) {
                    first_row = first_row < 0 ? y : first_row;
                    last_row = y;
                    break;
                }
            }
        }
        const float ink = first_row < 0 ? 0.0f : static_cast<float>(last_row - first_row + 1);
        CAPTURE(ink);
        CAPTURE(em);
        CHECK(ink >= (any_han ? 0.80f : 0.68f) * em);
        ++measured;
    }
    CHECK(measured > 0);  // every screen has words whose height is known
}

}  // namespace

TEST_CASE("every screen of the tour: targets large enough, on screen, apart, text clear of them") {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    const auto steps = tour();
    const std::pair<int, int> sizes[] = {{1920, 1080}, {1080, 1920}, {1280, 800}};
    for (auto [width, height] : sizes) {
        auto platform = ui::Platform::create({true, false, width, height});
        REQUIRE(platform.ok());
        for (const text::Language language : {text::Language::ZhCN, text::Language::En}) {
            for (bool large : {false, true}) {
                CAPTURE(width);
                CAPTURE(height);
                CAPTURE(text::code(language));
                CAPTURE(large);
                test::StoreFixture f;
                REQUIRE(f.store->cache_teams(demo::teams(), test::kStoreNow).ok());
                config::KioskConfig config = test::kiosk_config();
                config.screen.language = language;
                config.screen.large_text = large;
                config.staff.members = {demo::nurse()};
                ui::KioskApp app(config, *f.store, *platform.value(), *catalog,
                                 [] { return test::kStoreNow; });
                // The demo's center: the tour books a specialist (and meets
                // "another kiosk was faster" first).
                demo::DemoHub hub(
                    app.events(), [&app] { return app.now(); }, config.kiosk.utc_offset_minutes,
                    config.rules.booking);
                hub.race_next_booking();
                app.set_hub(&hub);
                // A QR camera: the identify screen shows what it sees.
                int camera_asked = 0;
                app.set_camera_preview([&](std::uint64_t& seen_frame, image::Grey& into) {
                    ++camera_asked;
                    if (seen_frame > 0) {
                        return false;
                    }
                    seen_frame = 1;
                    into = image::Grey(320, 180, 128);
                    return true;
                });
                ui::ScriptRunner runner(app);
                REQUIRE(runner.start().ok());
                std::set<flow::Screen> seen;
                std::string last;
                ui::Geometry geometry;
                for (std::size_t i = 0; i <= steps.size(); ++i) {
                    if (i > 0) {
                        REQUIRE(runner.step(steps[i - 1]).ok());
                    }
                    const flow::View& v = app.flow().view();
                    const std::string now = std::string(flow::screen_name(v.screen)) +
                                            (v.message ? v.message->code : "") +
                                            (v.countdown ? "countdown" : "") +
                                            (v.asking_knows ? "knows" : "");
                    if (now == last) {
                        continue;
                    }
                    last = now;
                    seen.insert(v.screen);
                    CAPTURE(now);
                    // Every word the view names is in the catalogs.
                    CHECK(catalog->has(v.title));
                    for (const auto& a : v.actions) {
                        CHECK(catalog->has(a.label));
                    }
                    if (v.message) {
                        CHECK(catalog->has("message." + v.message->code));
                    }
                    app.draw(&geometry);
                    check_screen(geometry, app.theme(), width, height);
                    const auto has_text = [&geometry](const std::string& text) {
                        for (const ui::TextRect& t : geometry.texts) {
                            if (t.text.rfind(text, 0) == 0) {
                                return true;
                            }
                        }
                        return false;
                    };
                    if (!v.message && !v.countdown && !v.booking.waiting) {
                        // The header: the center's name and the clock, above
                        // everything (check_screen keeps items off them).
                        CHECK(has_text(v.language == text::Language::ZhCN
                                           ? config.kiosk.center_name_zh
                                           : config.kiosk.center_name_en));
                        float top = 1e9f;
                        for (const ui::ItemRect& item : geometry.items) {
                            top = std::min(top, item.y);
                        }
                        for (const ui::TextRect& t : geometry.texts) {
                            if (t.text == config.kiosk.center_name_zh ||
                                t.text == config.kiosk.center_name_en) {
                                CHECK(t.y + t.h <= top);
                            }
                        }
                        // A journey's step: the bar and its words.
                        if (v.progress.step > 0) {
                            CHECK(has_text(text::format(
                                catalog->text(v.language, "progress.step"),
                                {std::to_string(v.progress.step), std::to_string(v.progress.of)})));
                        }
                    }
                    check_ink(*platform.value(), geometry, app.theme());
                }
                // The tour reaches every screen.
                CHECK(seen.size() == static_cast<std::size_t>(flow::kLastScreen) + 1);
                CHECK(camera_asked > 0);
            }
        }
    }
}

TEST_CASE(
    "the first atlas holds the home screen's glyphs — every screen's join when the view changes") {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    auto platform = ui::Platform::create({true, false, 1920, 1080});
    REQUIRE(platform.ok());
    // Whether both fonts (body, title) hold every non-ASCII character of `text`.
    auto holds = [](const std::string& text) {
        const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
        REQUIRE(atlas.Fonts.Size == 2);
        const char* p = text.c_str();
        const char* end = p + text.size();
        while (p < end) {
            unsigned int c = 0;
            const int n = ImTextCharFromUtf8(&c, p, end);
            REQUIRE(n > 0);
            p += n;
            for (const ImFont* font : atlas.Fonts) {
                if (c >= 0x80 && font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
                    return false;
                }
            }
        }
        return true;
    };
    for (const text::Language language : {text::Language::ZhCN, text::Language::En}) {
        CAPTURE(text::code(language));
        test::StoreFixture f;
        config::KioskConfig config = test::kiosk_config();
        config.screen.language = language;
        ui::KioskApp app(config, *f.store, *platform.value(), *catalog,
                         [] { return test::kStoreNow; });
        REQUIRE(app.prepare().ok());
        const auto lang = app.flow().view().language;
        for (const char* key :
             {"home.title", "home.prompt", "home.sign", "home.book", "home.my_doctor", "home.help",
              "home.language", "home.large_text"}) {
            CAPTURE(key);
            CHECK(holds(catalog->text(lang, key)));
        }
        // Only those: the other screens' words are not built before the first frame.
        CHECK_FALSE(holds(catalog->all_text()));
        app.flow().handle({flow::IntentKind::CallNurse, "", 0, {}}, test::kStoreNow);
        REQUIRE(app.settle_fonts().ok());
        CHECK(holds(catalog->all_text()));
    }
}

TEST_CASE("every icon the screens use is in both fonts of the atlas, and only those") {
    auto platform = ui::Platform::create({true, false, 800, 600});
    REQUIRE(platform.ok());
    ui::FontRequest request;
    request.text = "一";
    auto fonts = platform.value()->load_fonts(request);
    REQUIRE(fonts.ok());
    REQUIRE(fonts->icons);
    for (ImFont* font : {fonts->body, fonts->title}) {
        for (ui::Icon icon : ui::all_icons()) {
            CAPTURE(icon);
            const ImFontGlyph* glyph = font->FindGlyphNoFallback(static_cast<ImWchar>(icon));
            REQUIRE(glyph != nullptr);
            CHECK(glyph->Visible);
            // An icon is at least as tall as the text's characters.
            CHECK(glyph->Y1 - glyph->Y0 >= font->FontSize * 0.5f);
        }
        // Icons the screens do not use are not rasterised.
        CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(0xe3af)) == nullptr);  // camera
    }
    // Every action a view may offer has its icon (bar a keypad's key and a stroke).
    for (int k = 0; k <= static_cast<int>(flow::IntentKind::ChooseSigner); ++k) {
        const auto kind = static_cast<flow::IntentKind>(k);
        if (kind == flow::IntentKind::None || kind == flow::IntentKind::Key ||
            kind == flow::IntentKind::Stroke) {
            continue;
        }
        CAPTURE(flow::intent_name(kind));
        CHECK(ui::icon_for(kind) != ui::icon::kNone);
    }
}

TEST_CASE("without the icon font the atlas builds with words only") {
    ui::FontRequest request;
    request.text = "一";
    request.icon_file = "/nonexistent/MaterialIcons-Regular.ttf";
    auto atlas = ui::build_atlas(request);
    REQUIRE(atlas.ok());
    CHECK_FALSE(atlas->fonts().icons);
    REQUIRE(atlas->fonts().body != nullptr);
    CHECK(atlas->fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(ui::icon::kSign)) ==
          nullptr);
    CHECK(atlas->fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(0x4E00)) != nullptr);
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

TEST_CASE("every refusal has its sentence in the catalogs") {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    for (auto refusal : domain::kAllRefusals) {
        const std::string key = "message." + std::string(domain::code(refusal));
        CAPTURE(key);
        CHECK(catalog->has(key));
    }
    for (auto population : domain::kAllPopulations) {
        CHECK(catalog->has("population." + std::string(domain::code(population))));
    }
}

TEST_CASE("the catalogs hold the same keys in both languages") {
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    CHECK(catalog->text(flow::Language::ZhCN, "home.sign") == "签约或续约");
    CHECK(catalog->text(flow::Language::En, "home.sign") == "Sign or renew");
    CHECK(catalog->text(flow::Language::En, "home.nope") == "home.nope");
}

TEST_CASE("a wrapped line never starts with closing punctuation") {
    auto platform = ui::Platform::create({true, false, 800, 600});
    REQUIRE(platform.ok());
    ui::FontRequest request;
    request.text = "一二三四五六，";
    auto fonts = platform.value()->load_fonts(request);
    REQUIRE(fonts.ok());
    ImFont* font = fonts->body;
    const std::string five = "一二三四五";
    const float w = font->CalcTextSizeA(font->FontSize, 1e9f, 0, five.c_str()).x + 1;
    const std::string text = five + "，六";
    const auto lines = ui::wrap_lines(font, text, w);
    REQUIRE(lines.size() == 2);
    CHECK(std::string(lines[0].begin, lines[0].end) == "一二三四");
    CHECK(std::string(lines[1].begin, lines[1].end) == "五，六");
    // Without such a mark the break is where ImGui puts it.
    const std::string no_mark = five + "六";  // the lines point into it
    const auto plain = ui::wrap_lines(font, no_mark, w);
    REQUIRE(plain.size() == 2);
    CHECK(std::string(plain[0].begin, plain[0].end) == five);
}

TEST_CASE("a wrapped line keeps a number whole and never ends with an opening mark") {
    auto platform = ui::Platform::create({true, false, 800, 600});
    REQUIRE(platform.ok());
    ui::FontRequest request;
    request.text = "一二三四五（";
    auto fonts = platform.value()->load_fonts(request);
    REQUIRE(fonts.ok());
    ImFont* font = fonts->body;
    const auto width = [font](const std::string& s) {
        return font->CalcTextSizeA(font->FontSize, 1e9f, 0, s.c_str()).x;
    };
    const float w = width("一二三四五") + 1;
    // The rules are the receipt's too (common/line_break); ImGui's own wrap
    // would cut the number where the line ends.
    const std::string number = "一二三12345678";
    REQUIRE(width("12345678") < w);
    REQUIRE(width(number) > w);
    const auto lines = ui::wrap_lines(font, number, w);
    REQUIRE(lines.size() == 2);
    CHECK(std::string(lines[0].begin, lines[0].end) == "一二三");
    CHECK(std::string(lines[1].begin, lines[1].end) == "12345678");
    const std::string opening = "一二三四（五";
    const auto opened = ui::wrap_lines(font, opening, w);
    REQUIRE(opened.size() == 2);
    CHECK(std::string(opened[0].begin, opened[0].end) == "一二三四");
    CHECK(std::string(opened[1].begin, opened[1].end) == "（五");
}
