// The kiosk on an ordinary desktop (the demo, --windowed): the window fits the
// display's usable area, scaled down and never up; the demo panel is
// readable; screenshots are PNGs any reader opens; the demo's precomputed
// nurse PIN hash opens with the PIN the panel shows.

#include <doctest/doctest.h>

#include <stb_image.h>

#include <vector>

#include "kiosk/auth/pin.hpp"
#include "kiosk/demo/demo.hpp"
#include "ui/platform/png_writer.hpp"
#include "ui/platform/window_fit.hpp"
#include "ui/screens/demo_panel.hpp"

using namespace jiayi;

TEST_CASE("the demo window fits a 1920x1080 desktop: kiosk and panel, scaled down") {
    // 1920×1080 kiosk + the 440-pixel panel, on a desktop whose panel takes
    // 32 pixels at the top, with a 30-pixel title bar and 1-pixel borders.
    const ui::WindowFit fit = ui::fit_window(2360, 1080, {0, 32, 1920, 1048}, {30, 1, 1, 1});
    CHECK(fit.scale < 1.0f);
    CHECK(fit.window.x - 1 >= 0);
    CHECK(fit.window.x + fit.window.w + 1 <= 1920);
    CHECK(fit.window.y - 30 >= 32);
    CHECK(fit.window.y + fit.window.h + 1 <= 32 + 1048);
    // The whole content shows, in proportion.
    CHECK(fit.window.w == doctest::Approx(2360 * fit.scale).epsilon(0.002));
    CHECK(fit.window.h == doctest::Approx(1080 * fit.scale).epsilon(0.002));
}

TEST_CASE("a portrait kiosk with its panel fits a landscape desktop") {
    const ui::WindowFit fit = ui::fit_window(1520, 1920, {0, 0, 1920, 1080}, {});
    CHECK(fit.scale == doctest::Approx(1080.0 / 1920.0));
    CHECK(fit.window.h == 1080);
    CHECK(fit.window.x >= 0);
    CHECK(fit.window.x + fit.window.w <= 1920);
}

TEST_CASE("a window that fits is neither scaled nor moved off its display") {
    const ui::WindowFit fit = ui::fit_window(1280, 800, {1920, 0, 2560, 1440}, {30, 0, 0, 0});
    CHECK(fit.scale == 1.0f);
    CHECK(fit.window.w == 1280);
    CHECK(fit.window.h == 800);
    CHECK(fit.window.x == 1920 + (2560 - 1280) / 2);  // on the second display, centred
    CHECK(fit.window.y >= 30);
}

TEST_CASE("the demo panel's text reads on every background it sits on") {
    const ui::DemoPanelColours& c = ui::kDemoPanelColours;
    for (const ui::Colour background :
         {c.background, c.title, c.button, c.button_hovered, c.button_pressed}) {
        CAPTURE(int(background.r));
        CHECK(ui::contrast_ratio(c.text, background) >= 7.0);
    }
}

TEST_CASE("a screenshot's PNG decodes to the pixels it was made from") {
    const int w = 37;
    const int h = 11;
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w * h * 4));
    for (std::size_t i = 0; i < rgba.size(); ++i) {
        rgba[i] = static_cast<std::uint8_t>((i * 7919) >> 3);  // every byte value, no runs
    }
    const auto png = ui::encode_png_fast(rgba.data(), w, h);
    REQUIRE(!png.empty());
    int dw = 0;
    int dh = 0;
    int channels = 0;
    unsigned char* pixels =
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &dw, &dh, &channels, 4);
    REQUIRE(pixels != nullptr);
    CHECK(dw == w);
    CHECK(dh == h);
    CHECK(std::vector<std::uint8_t>(pixels, pixels + rgba.size()) == rgba);
    stbi_image_free(pixels);
    // Fed in strips of rows, as a screenshot is read, it is the same file.
    ui::PngWriter strips(w, h);
    REQUIRE(strips.add_rows(rgba.data(), 4));
    REQUIRE(strips.add_rows(rgba.data() + 4 * w * 4, 7));
    CHECK(strips.finish() == png);
    // A file missing rows is no file.
    ui::PngWriter short_of_rows(w, h);
    REQUIRE(short_of_rows.add_rows(rgba.data(), 4));
    CHECK(short_of_rows.finish().empty());
}

TEST_CASE("the demo's precomputed nurse PIN hash opens with the demo's PIN, and only with it") {
    CHECK(auth::verify_pin(demo::kNursePin, demo::kNursePinHash));
    CHECK_FALSE(auth::verify_pin("654321", demo::kNursePinHash));
}
