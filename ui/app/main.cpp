// jiayi-kiosk — the fullscreen kiosk (DESIGN.md, "Programs").
//
//   jiayi-kiosk [--config FILE]                       the kiosk, on the display
//   jiayi-kiosk --headless --screenshot DIR [--screen home] [--size WxH]
//               [--lang zh-CN|en] [--large]           renders a screen to a PNG
//
// Today it draws the home screen; the journey's flow comes next (see the
// kiosk issue). The frame loop waits for events and draws only on change.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "ui/frame.hpp"
#include "ui/platform/sdl_platform.hpp"

#ifndef JIAYI_ASSETS_DIR
#define JIAYI_ASSETS_DIR "/usr/share/jiayi/assets"
#endif

namespace {

using namespace jiayi;

struct Options {
    bool headless = false;
    std::string screenshot_dir;
    std::string screen = "home";
    std::string size = "1920x1080";
    std::string language = "zh-CN";
    bool large = false;
    bool windowed = false;
    std::string assets = JIAYI_ASSETS_DIR;
};

ui::FontRequest font_request(const ui::Catalog& catalog, const ui::Theme& theme) {
    ui::FontRequest request;
    request.body_px = theme.body_px();
    request.title_px = theme.title_px();
    request.text = catalog.all_text();
    return request;
}

int run(const Options& options) {
    int width = 1920;
    int height = 1080;
    if (std::sscanf(options.size.c_str(), "%dx%d", &width, &height) != 2 || width < 640 ||
        height < 480) {
        std::cerr << "jiayi-kiosk: --size must be WIDTHxHEIGHT, at least 640x480\n";
        return 2;
    }
    if (options.screen != "home") {
        std::cerr << "jiayi-kiosk: unknown screen \"" << options.screen << "\" (have: home)\n";
        return 2;
    }
    auto catalog = ui::Catalog::load(std::filesystem::path(options.assets) / "strings");
    if (!catalog) {
        std::cerr << "jiayi-kiosk: " << catalog.error() << "\n";
        return 1;
    }
    auto platform = ui::Platform::create({options.headless, !options.windowed, width, height});
    if (!platform) {
        std::cerr << "jiayi-kiosk: " << platform.error() << "\n";
        return 1;
    }
    ui::Platform& p = *platform.value();
    flow::HomeView view;
    view.language = options.language == "en" ? flow::Language::En : flow::Language::ZhCN;
    view.large_text = options.large;
    ui::Theme theme = ui::make_theme(p.width(), p.height(), view.large_text);
    auto fonts = p.load_fonts(font_request(*catalog, theme));
    if (!fonts) {
        std::cerr << "jiayi-kiosk: " << fonts.error() << "\n";
        return 1;
    }

    if (options.headless) {
        // Two frames: ImGui lays a window out on the first.
        for (int frame = 0; frame < 2; ++frame) {
            p.begin_frame();
            ui::draw_frame(view, *catalog, *fonts, theme);
            p.end_frame();
        }
        std::filesystem::create_directories(options.screenshot_dir);
        const auto file = std::filesystem::path(options.screenshot_dir) /
                          (options.screen + "-" + options.size + "-" + options.language + "-" +
                           (options.large ? "large" : "normal") + ".png");
        if (auto saved = p.save_png(file); !saved) {
            std::cerr << "jiayi-kiosk: " << saved.error() << "\n";
            return 1;
        }
        std::cout << std::filesystem::absolute(file).string() << "\n";
        return 0;
    }

    // On demand: draw after input, then sleep until the next event.
    bool dirty = true;
    for (;;) {
        bool had_event = false;
        if (!p.wait_and_handle_events(dirty ? 0 : 1000, had_event)) {
            return 0;
        }
        if (!had_event && !dirty) {
            continue;
        }
        // ImGui settles a touch over a couple of frames.
        for (int frame = 0; frame < 2; ++frame) {
            p.begin_frame();
            const flow::Intent intent = ui::draw_frame(view, *catalog, *fonts, theme);
            p.end_frame();
            p.present();
            if (intent == flow::Intent::ToggleLanguage) {
                view.language = view.language == flow::Language::ZhCN ? flow::Language::En
                                                                      : flow::Language::ZhCN;
            } else if (intent == flow::Intent::ToggleLargeText) {
                view.large_text = !view.large_text;
                theme = ui::make_theme(p.width(), p.height(), view.large_text);
                fonts = p.load_fonts(font_request(*catalog, theme));
                if (!fonts) {
                    std::cerr << "jiayi-kiosk: " << fonts.error() << "\n";
                    return 1;
                }
                break;  // the atlas changed: start a fresh frame
            }
        }
        dirty = had_event;
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"jiayi-kiosk: the family-doctor signing kiosk"};
    app.add_flag("--headless", options.headless, "render without a display (SDL dummy driver)");
    app.add_option("--screenshot", options.screenshot_dir, "with --headless: write a PNG here");
    app.add_option("--screen", options.screen, "the screen to render (home)");
    app.add_option("--size", options.size, "WIDTHxHEIGHT (default 1920x1080)");
    app.add_option("--lang", options.language, "zh-CN or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    app.add_flag("--large", options.large, "large text (×1.5)");
    app.add_flag("--windowed", options.windowed, "a window instead of full screen (development)");
    app.add_option("--assets", options.assets, "the assets folder (catalogs)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (options.headless && options.screenshot_dir.empty()) {
        std::cerr << "jiayi-kiosk: --headless needs --screenshot DIR\n";
        return 2;
    }
    return run(options);
}
