// jiayi-kiosk — the fullscreen kiosk (DESIGN.md, "Programs").
//
//   jiayi-kiosk [--config FILE]              the kiosk, full screen, on its store
//   jiayi-kiosk --demo [--windowed]          made-up teams and a panel of
//                                            simulated cards, in a scratch store
//   jiayi-kiosk --headless --screenshot DIR --script FILE
//                                            a scripted session, a PNG per screen
//   jiayi-kiosk --headless --screenshot DIR --screen NAME
//                                            one screen (reached by the tour)
//   common: [--size WxH] [--lang zh-CN|en] [--large] [--assets DIR]
//
// Headless runs and the demo use a scratch store in a temporary folder with
// made-up teams; nothing of theirs outlives the run.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "drivers/printer/simulator.hpp"
#include "drivers/qr/grey.hpp"
#include "kiosk/devices/devices.hpp"
#include "kiosk/devices/printer.hpp"
#include "ui/app/kiosk_app.hpp"

#ifndef JIAYI_ASSETS_DIR
#define JIAYI_ASSETS_DIR "/usr/share/jiayi/assets"
#endif
#ifndef JIAYI_CONFIG_FILE
#define JIAYI_CONFIG_FILE "/etc/jiayi/kiosk.toml"
#endif

namespace {

using namespace jiayi;

struct Options {
    std::string config = JIAYI_CONFIG_FILE;
    bool headless = false;
    bool demo = false;
    std::string screenshot_dir;
    std::string screen;
    std::string script;
    std::string size;
    std::string language;
    bool large = false;
    bool windowed = false;
    std::string assets = JIAYI_ASSETS_DIR;
    std::string geometry_out;
    std::string receipts;
    std::string camera_image;
};

Instant wall_clock() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

// A folder for a scratch store, removed at the end of the run.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "jiayi-kiosk-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) {
            path_ = pattern;
        }
    }
    ~ScratchDir() {
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

Result<std::string, std::string> read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return fail("cannot read " + file.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<std::vector<flow::ScriptStep>, std::string> load_script(const std::filesystem::path& file) {
    auto text = read_file(file);
    if (!text) {
        return fail(text.error());
    }
    auto steps = flow::parse_script(*text);
    if (!steps) {
        std::string all;
        for (const auto& e : steps.error()) {
            all += "\n  " + file.string() + ": " + e;
        }
        return fail("the script has errors:" + all);
    }
    return std::move(steps).value();
}

int run(Options options) {
    const bool scratch = options.demo || options.headless;
    auto loaded = config::load_config(options.config);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            std::cerr << e.to_string() << "\n";
        }
        return 1;
    }
    config::KioskConfig config = std::move(loaded).value();
    if (!options.language.empty()) {
        config.screen.language = options.language;
    }
    if (options.large) {
        config.screen.large_text = true;
    }

    // The store: the kiosk's own, or a scratch one with made-up teams.
    ScratchDir dir;
    if (scratch) {
        if (dir.path().empty()) {
            std::cerr << "jiayi-kiosk: cannot make a scratch folder\n";
            return 1;
        }
        config.paths.database = dir.path() / "kiosk.db";
        config.paths.key_file = dir.path() / "kiosk.key";
        if (auto made = store::KeyRing::generate(config.paths.key_file); !made) {
            std::cerr << "jiayi-kiosk: " << made.error().message << "\n";
            return 1;
        }
        if (config.staff.members.empty()) {
            config.staff.members.push_back(demo::nurse());
        }
    }
    auto keys = store::KeyRing::load(config.paths.key_file);
    if (!keys) {
        std::cerr << "jiayi-kiosk: " << keys.error().message << "\n";
        return 1;
    }
    auto opened = store::Store::open(config.paths.database, *keys, wall_clock());
    if (!opened) {
        std::cerr << "jiayi-kiosk: " << opened.error().message << "\n";
        return 1;
    }
    store::Store& store = *opened.value();
    if (scratch) {
        (void)store.cache_teams(demo::teams(), wall_clock());
    }

    auto catalog = text::Catalog::load(std::filesystem::path(options.assets) / "strings");
    if (!catalog) {
        std::cerr << "jiayi-kiosk: " << catalog.error() << "\n";
        return 1;
    }
    // The size: asked for, or the configured orientation's.
    const bool portrait = config.screen.orientation == "portrait";
    if (options.size.empty()) {
        options.size = portrait ? "1080x1920" : "1920x1080";
    }
    int width = 0;
    int height = 0;
    if (std::sscanf(options.size.c_str(), "%dx%d", &width, &height) != 2 || width < 640 ||
        height < 480) {
        std::cerr << "jiayi-kiosk: --size must be WIDTHxHEIGHT, at least 640x480\n";
        return 2;
    }
    const bool fullscreen = !options.headless && !options.windowed && config.screen.fullscreen;
    const int strip = options.demo && !options.headless ? ui::KioskApp::kDemoStrip : 0;
    auto platform =
        ui::Platform::create({options.headless, fullscreen && strip == 0, width + strip, height});
    if (!platform) {
        std::cerr << "jiayi-kiosk: " << platform.error() << "\n";
        return 1;
    }
    // The receipt printer. A demo or headless run without one prints to a
    // simulated printer that speaks ESC/POS over TCP like a network printer
    // and writes what it printed as PNG.
    std::unique_ptr<drivers::printer::PrinterSimulator> simulated_printer;
    if (scratch && config.devices.printer.empty()) {
        std::filesystem::path out = options.receipts;
        if (out.empty()) {
            out = options.headless && !options.screenshot_dir.empty()
                      ? std::filesystem::path(options.screenshot_dir) / "receipts"
                      : dir.path() / "receipts";
        }
        std::error_code made;
        std::filesystem::create_directories(out, made);
        auto face = image::Typeface::open();
        auto sim = face ? drivers::printer::PrinterSimulator::create(
                              drivers::printer::PrinterSimulator::Port::Tcp, 576,
                              drivers::printer::FontSet::Gb18030, face.value())
                        : Result<std::unique_ptr<drivers::printer::PrinterSimulator>, std::string>(
                              fail(face.error()));
        if (sim) {
            simulated_printer = std::move(sim).value();
            simulated_printer->save_to(out);
            config.devices.printer = simulated_printer->address();
            config.devices.printer_profile = "gprinter-80";
            std::cerr << "jiayi-kiosk: simulated printer: receipts go to "
                      << std::filesystem::absolute(out).string() << "\n";
        } else {
            std::cerr << "jiayi-kiosk: no simulated printer: " << sim.error() << "\n";
        }
    }
    auto printer =
        devices::KioskPrinter::create(config, options.assets, *catalog,
                                      [](const std::string& line) { std::cerr << line << "\n"; });
    if (!printer) {
        std::cerr << "jiayi-kiosk: " << printer.error() << "\n";
        return 1;
    }
    ui::KioskApp app(config, store, *platform.value(), *catalog, wall_clock, options.demo,
                     printer.value().get());
    if (*printer) {
        (*printer)->start(app.events(), store, wall_clock());
    }
    if (simulated_printer && options.demo) {
        app.set_demo_printer([sim = simulated_printer.get()](const std::string& action) {
            if (action == "paper-out" || action == "paper-in") {
                sim->set_paper(action == "paper-out" ? drivers::printer::Paper::Out
                                                     : drivers::printer::Paper::Ok);
            } else {
                sim->set_cover_open(action == "cover-open");
            }
        });
    }
    // A still image as the camera's view (the demo has no camera).
    if (scratch && !options.camera_image.empty()) {
        auto still = drivers::qr::load_grey(options.camera_image);
        if (!still) {
            std::cerr << "jiayi-kiosk: " << still.error() << "\n";
            return 2;
        }
        app.set_camera_preview(
            [frame = std::move(still).value()](std::uint64_t& seen, image::Grey& into) {
                if (seen > 0) {
                    return false;
                }
                seen = 1;
                into = image::Grey(frame.width, frame.height, frame.pixels);
                return true;
            });
    }
    // A headless run ends when its script does; its receipts get a moment to print.
    struct DrainPrinter {
        devices::KioskPrinter* printer;
        bool headless;
        ~DrainPrinter() {
            if (printer != nullptr && headless && !printer->wait_idle(std::chrono::seconds(20))) {
                std::cerr << "jiayi-kiosk: " << printer->waiting()
                          << " receipt(s) were still printing at exit (kept in the store)\n";
            }
        }
    } drain{printer.value().get(), options.headless};

    if (!options.headless) {
        if (!options.geometry_out.empty()) {
            app.publish_geometry(options.geometry_out);
        }
        // The devices post to the app's queue from their own threads; they
        // stop (and join) before the app goes.
        const auto reader = devices::start_idcard_reader(
            config, app.events(), [](const std::string& line) { std::cerr << line << "\n"; });
        const auto qr = devices::start_qr_scanners(
            config, app.events(), [](const std::string& line) { std::cerr << line << "\n"; });
        if (qr.camera) {
            app.set_camera_preview(
                [camera = qr.camera.get()](std::uint64_t& seen, image::Grey& into) {
                    drivers::qr::GreyImage frame;
                    if (!camera->preview(seen, frame)) {
                        return false;
                    }
                    into = image::Grey(frame.width, frame.height, std::move(frame.pixels));
                    return true;
                });
        }
        return app.run();
    }
    const std::filesystem::path tour =
        std::filesystem::path(options.assets) / "scripts/tour.script";
    auto steps = load_script(options.script.empty() ? tour : std::filesystem::path(options.script));
    if (!steps) {
        std::cerr << "jiayi-kiosk: " << steps.error() << "\n";
        return 1;
    }
    if (!options.screen.empty()) {
        std::optional<flow::Screen> screen;
        std::string names;
        for (int i = 0; i <= static_cast<int>(flow::Screen::Reprint); ++i) {
            const auto s = static_cast<flow::Screen>(i);
            names += std::string(names.empty() ? "" : ", ") + flow::screen_name(s);
            if (options.screen == flow::screen_name(s)) {
                screen = s;
            }
        }
        if (!screen) {
            std::cerr << "jiayi-kiosk: unknown screen \"" << options.screen << "\" (have: " << names
                      << ")\n";
            return 2;
        }
        auto file = app.render_screen(*steps, *screen, options.screenshot_dir);
        if (!file) {
            std::cerr << "jiayi-kiosk: " << file.error() << "\n";
            return 1;
        }
        std::cout << std::filesystem::absolute(*file).string() << "\n";
        return 0;
    }
    auto files = app.run_script(*steps, options.screenshot_dir);
    if (!files) {
        std::cerr << "jiayi-kiosk: " << files.error() << "\n";
        return 1;
    }
    for (const auto& f : *files) {
        std::cout << std::filesystem::absolute(f).string() << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"jiayi-kiosk: the family-doctor signing kiosk"};
    app.add_option("--config", options.config, "the kiosk's configuration (TOML)");
    app.add_flag("--demo", options.demo, "made-up teams and simulated cards, in a scratch store");
    app.add_flag("--headless", options.headless, "render without a display (SDL dummy driver)");
    app.add_option("--screenshot", options.screenshot_dir, "with --headless: write PNGs here");
    app.add_option("--screen", options.screen, "with --headless: render this one screen");
    app.add_option("--script", options.script, "with --headless: run this scripted session");
    app.add_option("--size", options.size, "WIDTHxHEIGHT (default from the orientation)");
    app.add_option("--lang", options.language, "zh-CN or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    app.add_flag("--large", options.large, "large text (×1.5)");
    app.add_flag("--windowed", options.windowed, "a window instead of full screen (development)");
    app.add_option("--assets", options.assets, "the assets folder (catalogs, tour script)");
    app.add_option(
        "--receipts", options.receipts,
        "demo and headless runs without a configured printer: the simulated "
        "printer writes each receipt here as PNG (headless default: SCREENSHOT/receipts)");
    app.add_option("--camera-image", options.camera_image,
                   "demo and headless runs: this image file as the QR camera's view");
    app.add_option("--geometry-out", options.geometry_out,
                   "write where the touchable items are after each frame (for tests)");
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
    if (!options.headless && (!options.screen.empty() || !options.script.empty())) {
        std::cerr << "jiayi-kiosk: --screen and --script need --headless\n";
        return 2;
    }
    return run(options);
}
