// jiayi-kiosk — the fullscreen kiosk (DESIGN.md, "Programs").
//
//   jiayi-kiosk [--config FILE]              the kiosk, full screen, on its store
//                                            (default $JIAYI_CONFIG, else
//                                            /etc/jiayi/kiosk.toml)
//   jiayi-kiosk --demo [--windowed]          made-up teams and a panel of
//                                            simulated cards, in a scratch store
//   jiayi-kiosk --config FILE --demo [--windowed]
//                                            the same panel, signing against
//                                            the hub FILE names on this machine
//                                            (scripts/hub-local --demo writes it)
//   jiayi-kiosk --headless --screenshot DIR --script FILE
//                                            a scripted session, a PNG per screen
//   jiayi-kiosk --headless --screenshot DIR --screen NAME
//                                            one screen (reached by the tour)
//   common: [--size WxH] [--lang zh-CN|en] [--large] [--assets DIR]
//           (default: common/assets_dir.hpp finds them beside the program)
//           [--before-first-pull]  (no teams, as before the first pull)
//
// Headless runs and the demo use a scratch store in a temporary folder with
// made-up teams and a made-up center; nothing of theirs outlives the run
// (with --keep-store they use the configured store instead: a kiosk killed
// mid-signing and started again, as the restart tests do).
// A demo whose configuration names a hub on this machine ([hub] center and
// an http://127.0.0.1 URL, as scripts/hub-local --demo writes) is the kiosk
// half of a pair instead: the configured store (its records stay, as the
// hub keeps what it was sent; `jiayi sync status` reads the same store),
// the sync, teams pulled from the hub and booking at the hub — with the
// demo's simulated devices, printer and nurse. With --headless it plays the
// script against the hub, waiting for the sync's news as a kiosk would, and
// ends once the records are on the hub.
//
// The composition root: it reads the options and the configuration, opens
// the store, the window and the devices, and hands them to the libraries
// (ui/app: the frame loop, scripted runs, the demo's devices). Nothing here is
// logic a test needs.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "common/assets_dir.hpp"
#include "common/log.hpp"
#include "common/service/notify.hpp"
#include "common/service/watchdog.hpp"
#include "drivers/qr/grey.hpp"
#include "kiosk/demo/demo_hub.hpp"
#include "kiosk/devices/devices.hpp"
#include "kiosk/devices/printer.hpp"
#include "kiosk/sync/booking.hpp"
#include "kiosk_sync.hpp"
#include "simulated_printer.hpp"
#include "ui/app/demo_devices.hpp"
#include "ui/app/kiosk_app.hpp"
#include "ui/app/out_of_service.hpp"
#include "ui/app/script_runner.hpp"
#include "ui/voice/voice.hpp"

namespace {

using namespace jiayi;

// --config, else $JIAYI_CONFIG, else the installed place.
std::string default_config() {
    const char* env = std::getenv("JIAYI_CONFIG");
    return env != nullptr && *env != '\0' ? env : "/etc/jiayi/kiosk.toml";
}

struct Options {
    std::string config = default_config();
    bool headless = false;
    bool demo = false;
    std::string screenshot_dir;
    std::string screen;
    std::string script;
    std::string size;
    std::string language;
    bool large = false;
    bool windowed = false;
    std::string assets = assets_dir().string();
    std::string geometry_out;
    std::string receipts;
    std::string camera_image;
    bool before_first_pull = false;
    bool keep_store = false;
    bool speak = false;
};

Instant wall_clock() {
    return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

// What the devices, the printer and the booking say: problems staff may
// have to look at, at the journal's warning level.
void to_stderr(const std::string& line) {
    log::warning(line);
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

// The teams' names: the first glyph atlas holds them, so that the teams
// screen never waits for a glyph.
std::string team_text(const std::vector<domain::Team>& teams) {
    std::string text;
    for (const auto& t : teams) {
        text += t.name + t.leader + t.center_id;
        for (const auto& s : t.specialties) {
            text += s;
        }
        for (const auto& s : t.villages) {
            text += s;
        }
    }
    return text;
}

// A headless run's exit status when the kiosk could only show that it is out
// of service (its store could not be updated).
constexpr int kOutOfService = 4;

// What a watched loop owes systemd's watchdog (WatchdogSec= in the unit;
// nothing when there is none): the frame loop wakes every beat period and
// may miss one beat; the sync and the booking threads may spend a whole
// pass or question on a slow network (each request bounded by the hub
// client's connect and transfer timeouts).
LoopBeat watched(service::Watchdog* watchdog, std::string name, bool network) {
    if (watchdog == nullptr) {
        return {};
    }
    const auto period = watchdog->beat_period();
    const auto allowance =
        network ? std::max<std::chrono::milliseconds>(std::chrono::minutes(15), 2 * period)
                : 2 * period;
    return {[heartbeat = watchdog->watch(std::move(name), allowance)] { heartbeat.beat(); },
            period};
}

// How long a headless run beside a hub waits for the sync's news.
constexpr std::chrono::seconds kSyncPatience{60};

// A headless run: the script (default: the tour), a PNG per screen, or one
// screen. Beside a hub (`syncing`), the center's words are the hub's.
int run_headless(ui::KioskApp& app, store::Store& store, const Options& options,
                 app::KioskSync* syncing) {
    const std::filesystem::path tour =
        std::filesystem::path(options.assets) / "scripts/tour.script";
    auto steps =
        ui::load_script(options.script.empty() ? tour : std::filesystem::path(options.script));
    if (!steps) {
        log::error("jiayi-kiosk: " + steps.error());
        return 1;
    }
    if (syncing != nullptr) {
        app.follow_sync(kSyncPatience);
    }
    ui::ScriptRunner runner(
        app, syncing != nullptr ? demo::ScriptCenter::hub() : demo::ScriptCenter::made_up(&store));
    if (!options.screen.empty()) {
        auto screen = ui::screen_named(options.screen);
        if (!screen) {
            log::error("jiayi-kiosk: " + screen.error());
            return 2;
        }
        auto file = runner.render_screen(*steps, *screen, options.screenshot_dir);
        if (!file) {
            log::error("jiayi-kiosk: " + file.error());
            return 1;
        }
        std::cout << std::filesystem::absolute(*file).string() << "\n";
        return 0;
    }
    auto files = runner.run(*steps, options.screenshot_dir);
    if (!files) {
        log::error("jiayi-kiosk: " + files.error());
        return 1;
    }
    for (const auto& f : *files) {
        std::cout << std::filesystem::absolute(f).string() << "\n";
    }
    if (syncing != nullptr && !syncing->drain(kSyncPatience)) {
        log::error("jiayi-kiosk: records are still queued for the hub (jiayi sync status)");
        return 1;
    }
    return 0;
}

// An update that could not migrate the store put it back: the kiosk stays
// up, out of service, saying so (no restart loop in its session). Up and
// saying so is what systemd waits for; the watchdog watches this loop as it
// would the frame loop. Headless: its picture, and kOutOfService.
int show_out_of_service(const Options& options, const config::KioskConfig& config,
                        const text::Catalog& catalog, int width, int height,
                        const std::string& why) {
    auto platform = ui::Platform::create(
        {options.headless, !options.headless && !options.windowed && config.screen.fullscreen,
         width, height});
    if (!platform) {
        std::cerr << "jiayi-kiosk: " << platform.error() << "\n";
        return 1;
    }
    const std::filesystem::path shot =
        options.headless ? std::filesystem::path(options.screenshot_dir) / "out-of-service.png"
                         : std::filesystem::path();
    const auto watchdog = service::Watchdog::from_environment();
    const int shown = ui::run_out_of_service(
        *platform.value(), catalog, {why, config.screen.large_text}, shot,
        watched(watchdog.get(), "out-of-service screen", false), [&watchdog] {
            service::ready();
            service::status("out of service: the store could not be updated");
            if (watchdog) {
                watchdog->start();
            }
        });
    if (options.headless && shown == 0) {
        std::cout << std::filesystem::absolute(shot).string() << "\n";
        return kOutOfService;
    }
    return shown;
}

// The receipt printer: the configured one, or in a demo or headless run a
// simulated one, made when a receipt first needs it.
struct Printers {
    std::unique_ptr<app::SimulatedPrinter> simulated;
    std::unique_ptr<devices::KioskPrinter> configured;
    flow::ReceiptPrinter* printer = nullptr;
};

Result<Printers, std::string> make_printers(const Options& options,
                                            const config::KioskConfig& config,
                                            const text::Catalog& catalog, bool simulated_kiosk,
                                            const std::filesystem::path& scratch) {
    Printers out;
    if (simulated_kiosk && config.devices.printer.empty()) {
        std::filesystem::path receipts = options.receipts;
        if (receipts.empty()) {
            receipts = options.headless ? std::filesystem::path(options.screenshot_dir) / "receipts"
                       : !scratch.empty() ? scratch / "receipts"
                                          : config.paths.database.parent_path() / "receipts";
        }
        out.simulated = std::make_unique<app::SimulatedPrinter>(config, options.assets, catalog,
                                                                receipts, to_stderr);
        out.printer = out.simulated.get();
        return out;
    }
    auto made = devices::KioskPrinter::create(config, options.assets, catalog, to_stderr);
    if (!made) {
        return fail(made.error());
    }
    out.configured = std::move(made).value();
    out.printer = out.configured.get();
    return out;
}

// The voice (issue 13, "Spoken guidance"; ui/app/guidance.hpp). A headless
// run is silent unless SDL's disk audio driver is asked for (the tests read
// its file) or --speak (each sentence then plays to its end before the next
// step). Without an audio device: one line for staff, and the kiosk runs on.
std::unique_ptr<voice::Voice> make_voice(const Options& options,
                                         const config::KioskConfig& config) {
    const char* audio_driver = std::getenv("SDL_AUDIODRIVER");
    const bool disk_audio = audio_driver != nullptr && std::string_view(audio_driver) == "disk";
    if (!config.voice.enabled || (options.headless && !disk_audio && !options.speak)) {
        return nullptr;
    }
    voice::Options spoken;
    spoken.prompts = config.voice.prompts;
    spoken.cache = config.voice.cache;
    spoken.volume = config.voice.volume;
    spoken.report = [](const std::string& line) { to_stderr("jiayi-kiosk: " + line); };
    return std::make_unique<voice::Voice>(std::move(spoken));
}

// A still image as the camera's view (the demo has no camera).
Result<void, std::string> show_still_camera(ui::KioskApp& app, const std::string& file) {
    auto still = drivers::qr::load_grey(file);
    if (!still) {
        return fail(still.error());
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
    return Ok{};
}

// Booking asks the district's center. A demo or headless run asks a
// made-up one answering at once; the tour's first booking meets "another
// kiosk was faster". A production kiosk asks the hub through kiosk/sync's
// HubBooking: its own thread and HubClient, its answers on the app's event
// queue; made after the app, so its destructor stops it (the request in
// flight cancelled, the thread joined) before the app goes.
struct Center {
    std::unique_ptr<demo::DemoHub> made_up;
    std::unique_ptr<sync::HubBooking> hub;
};

Center connect_center(ui::KioskApp& app, const config::KioskConfig& config, bool headless,
                      bool made_up_center, service::Watchdog* watchdog) {
    Center center;
    if (made_up_center) {
        center.made_up = std::make_unique<demo::DemoHub>(
            app.events(), [&app] { return app.now(); }, config.kiosk.utc_offset_minutes,
            config.rules.booking);
        if (headless) {
            center.made_up->race_next_booking();
        }
        app.set_hub(center.made_up.get());
        return center;
    }
    center.hub = std::make_unique<sync::HubBooking>(
        sync::booking_settings_from(config), app.events(), wall_clock,
        [](const std::string& line) { to_stderr("jiayi-kiosk: " + line); });
    center.hub->watch(watched(watchdog, "booking", true));
    center.hub->start();
    app.set_hub(center.hub.get());
    return center;
}

// A production kiosk without teams to offer says why, for staff.
void say_why_no_teams(store::Store& store, const config::KioskConfig& config) {
    if (config.hub.center.empty()) {
        to_stderr("jiayi-kiosk: [hub] center is not set: no teams are pulled from the hub");
    }
    if (auto pulled = store.pulled("teams"); pulled && !pulled.value()) {
        to_stderr(
            "jiayi-kiosk: no teams pulled from the hub yet: residents who would sign "
            "are sent to the desk until the first pull ([hub] center, jiayi sync now)");
    }
}

// A demo or headless run: simulated devices and the demo's nurse; with a
// made-up center in a scratch store (or, --keep-store, the configured one),
// unless a demo's hub is on this machine.
struct RunKind {
    bool simulated_kiosk = false;
    bool hub_demo = false;
    bool made_up_center = false;
    bool scratch = false;
};

RunKind kind_of(const Options& options, const config::KioskConfig& config) {
    RunKind kind;
    kind.simulated_kiosk = options.demo || options.headless;
    kind.hub_demo = options.demo && app::demo_uses_hub(config);
    kind.made_up_center = kind.simulated_kiosk && !kind.hub_demo;
    kind.scratch = kind.made_up_center && !options.keep_store;
    return kind;
}

// The demo's nurse, and a key for a demo's own store beside its hub (or a
// kept one) on its first run; false when the key cannot be made.
bool prepare_demo(const Options& options, const RunKind& kind, config::KioskConfig& config) {
    if (options.demo && !kind.hub_demo && !config.hub.center.empty()) {
        to_stderr("jiayi-kiosk: the demo sends no made-up resident to the hub at " +
                  config.hub.url + " (only to one on this machine): it runs on its own");
    }
    if (kind.simulated_kiosk && config.staff.members.empty()) {
        config.staff.members.push_back(demo::nurse());
    }
    if ((kind.hub_demo || (kind.made_up_center && options.keep_store)) &&
        !std::filesystem::exists(config.paths.key_file)) {
        if (auto made = store::KeyRing::generate(config.paths.key_file); !made) {
            log::error("jiayi-kiosk: " + made.error().message);
            return false;
        }
    }
    return true;
}

// The configuration with the options' language and text size; its
// problems logged, and nullopt.
std::optional<config::KioskConfig> load_kiosk_config(const Options& options) {
    auto loaded = config::load_config(options.config);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            log::error(e.to_string());
        }
        return std::nullopt;
    }
    config::KioskConfig config = std::move(loaded).value();
    // --lang was checked to be a language code when the options were read.
    if (auto language = text::language_from_code(options.language)) {
        config.screen.language = *language;
    }
    if (options.large) {
        config.screen.large_text = true;
    }
    return config;
}

// The screen's size in pixels: --size, or the configured orientation's;
// nullopt when --size is not WIDTHxHEIGHT of at least 640x480.
std::optional<std::pair<int, int>> screen_size(const Options& options,
                                               const config::KioskConfig& config) {
    const std::string size = !options.size.empty() ? options.size
                             : config.screen.orientation == config::Orientation::Portrait
                                 ? "1080x1920"
                                 : "1920x1080";
    int width = 0;
    int height = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 640 || height < 480) {
        return std::nullopt;
    }
    return std::make_pair(width, height);
}

int run(const Options& options) {
    auto loaded = load_kiosk_config(options);
    if (!loaded) {
        return 1;
    }
    config::KioskConfig config = std::move(*loaded);
    const RunKind kind = kind_of(options, config);
    if (!prepare_demo(options, kind, config)) {
        return 1;
    }

    auto catalog = text::Catalog::load(std::filesystem::path(options.assets) / "strings");
    if (!catalog) {
        std::cerr << "jiayi-kiosk: " << catalog.error() << "\n";
        return 1;
    }
    const auto size = screen_size(options, config);
    if (!size) {
        std::cerr << "jiayi-kiosk: --size must be WIDTHxHEIGHT, at least 640x480\n";
        return 2;
    }
    const auto [width, height] = *size;
    // The store: the kiosk's own, or a scratch one with made-up teams and
    // the demo's nurse PIN, under a key held in memory, never synced to disk
    // (store::Durability): it is removed with its folder at the end.
    ScratchDir dir;
    if (kind.scratch) {
        if (dir.path().empty()) {
            log::error("jiayi-kiosk: cannot make a scratch folder");
            return 1;
        }
        config.paths.database = dir.path() / "kiosk.db";
        config.paths.key_file.clear();
    }
    auto keys =
        kind.scratch ? store::KeyRing::ephemeral() : store::KeyRing::load(config.paths.key_file);
    if (!keys) {
        log::error("jiayi-kiosk: " + keys.error().message);
        return 1;
    }
    auto opened =
        store::Store::open(config.paths.database, *keys, wall_clock(), true,
                           kind.scratch ? store::Durability::Scratch : store::Durability::Synced);
    if (!opened) {
        log::error("jiayi-kiosk: " + opened.error().message);
        // An update that could not migrate the store put it back: the kiosk
        // stays up, out of service, saying so (no restart loop in its session).
        if (opened.error().kind != store::StoreErrorKind::MigrationFailed) {
            return 1;
        }
        return show_out_of_service(options, config, *catalog, width, height,
                                   opened.error().message);
    }
    store::Store& store = *opened.value();
    if (kind.made_up_center && !options.before_first_pull) {
        (void)store.cache_teams(demo::teams(), wall_clock());
    }

    const bool fullscreen = !options.headless && !options.windowed && config.screen.fullscreen;
    const bool demo_panel = options.demo && !options.headless;
    const int strip = demo_panel ? ui::DemoDevices::kStrip : 0;
    auto platform =
        ui::Platform::create({options.headless, fullscreen && strip == 0, width + strip, height});
    if (!platform) {
        log::error("jiayi-kiosk: " + platform.error());
        return 1;
    }

    auto printers = make_printers(options, config, *catalog, kind.simulated_kiosk,
                                  kind.scratch ? dir.path() : std::filesystem::path());
    if (!printers) {
        log::error("jiayi-kiosk: " + printers.error());
        return 1;
    }
    auto& simulated = printers.value().simulated;
    auto& configured = printers.value().configured;
    // Made before the app, so it outlives it.
    const std::unique_ptr<voice::Voice> voice = make_voice(options, config);
    ui::KioskApp app(config, store, *platform.value(), *catalog, wall_clock,
                     printers.value().printer);
    app.set_voice(voice && voice->audible() ? voice.get() : nullptr);
    app.pace_voice(options.headless && options.speak);
    // systemd's watchdog, when the unit asks for one: pings only while the
    // frame loop (and the sync and booking threads, when there are) beat.
    // Ready, and the pings begin, once the first frame is shown.
    const auto watchdog = service::Watchdog::from_environment();
    app.watch(watched(watchdog.get(), "frame loop", false), [pings = watchdog.get()] {
        log::notice("jiayi-kiosk: ready: the first screen is shown");
        service::ready();
        service::status("showing the home screen");
        if (pings != nullptr) {
            pings->start();
        }
    });
    // The teams as last pulled. Teams the sync pulls while the kiosk runs
    // reach the atlas when a screen first shows them: the teams screen's
    // words (ui::view_text) start a glyph build on the worker
    // (GlyphCache::follow), installed between frames.
    app.expect_text(team_text(store.teams().value_or({})));
    if (!kind.made_up_center) {
        say_why_no_teams(store, config);
    }
    if (configured) {
        configured->start(app.events(), store, wall_clock());
    }
    if (simulated) {
        simulated->attach(app.events(), store, wall_clock);
    }
    const Center center =
        connect_center(app, config, options.headless, kind.made_up_center, watchdog.get());
    // The sync thread (kiosk/sync, kiosk_sync.hpp): a production kiosk, or
    // a demo beside its hub, sends its outbox to the hub every `[hub]
    // sync_period_seconds`, after each record, and after a failure at the
    // backoff's time, on a store connection of its own. A scratch run has
    // no hub: its records stay on it.
    std::unique_ptr<app::KioskSync> syncing;
    if (!kind.made_up_center) {
        syncing = std::make_unique<app::KioskSync>(config, *keys, store, app.events(), wall_clock,
                                                   watched(watchdog.get(), "sync", true));
    }
    // A headless run ends when its script does; its receipts get a moment to print.
    struct Drain {
        app::SimulatedPrinter* printer;
        ~Drain() {
            if (printer != nullptr) {
                printer->drain(std::chrono::seconds(20));
            }
        }
    } drain{options.headless ? simulated.get() : nullptr};

    // A still image as the camera's view (the demo has no camera).
    if (kind.simulated_kiosk && !options.camera_image.empty()) {
        if (auto shown = show_still_camera(app, options.camera_image); !shown) {
            log::error("jiayi-kiosk: " + shown.error());
            return 2;
        }
    }
    if (options.headless) {
        return run_headless(app, store, options, syncing.get());
    }

    // The demo's simulated devices, beside the kiosk's screen.
    std::optional<ui::DemoDevices> demo;
    if (demo_panel) {
        ui::DemoDevices::PrinterControl control;
        if (simulated) {
            control = [sim = simulated.get()](const std::string& action) { sim->control(action); };
        }
        demo.emplace(demo::cards(domain::local_date(wall_clock(), config.kiosk.utc_offset_minutes)),
                     std::move(control));
        app.show_demo(*demo);
    }
    if (!options.geometry_out.empty()) {
        app.publish_geometry(options.geometry_out);
    }
    // The devices post to the app's queue from their own threads; they stop
    // (and join) before the app goes.
    const auto reader = devices::start_idcard_reader(config, app.events(), to_stderr);
    const auto qr = devices::start_qr_scanners(config, app.events(), to_stderr);
    if (qr.camera) {
        app.set_camera_preview([camera = qr.camera.get()](std::uint64_t& seen, image::Grey& into) {
            drivers::qr::GreyImage frame;
            if (!camera->preview(seen, frame)) {
                return false;
            }
            into = image::Grey(frame.width, frame.height, std::move(frame.pixels));
            return true;
        });
    }
    const int status = app.run();
    service::stopping();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"jiayi-kiosk: the family-doctor signing kiosk"};
    app.add_option("--config", options.config, "the kiosk's configuration (TOML)");
    app.add_flag("--demo", options.demo,
                 "simulated cards and printer: made-up teams in a scratch store, or the "
                 "configuration's hub on this machine and its teams");
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
    app.add_flag("--keep-store", options.keep_store,
                 "demo and headless runs on the made-up center: the configuration's store "
                 "(its key made on the first run) instead of a scratch one, so what they "
                 "record outlives the run (the restart tests)");
    app.add_flag("--speak", options.speak,
                 "with --headless: speak through the default audio device, each screen's "
                 "sentence to its end before the next step (scripts/demo)");
    app.add_flag("--before-first-pull", options.before_first_pull,
                 "demo and headless runs: no teams, as a production kiosk before its first pull "
                 "from the hub (for screenshots)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (options.headless && options.screenshot_dir.empty()) {
        log::error("jiayi-kiosk: --headless needs --screenshot DIR");
        return 2;
    }
    if (!options.headless && (!options.screen.empty() || !options.script.empty())) {
        log::error("jiayi-kiosk: --screen and --script need --headless");
        return 2;
    }
    return run(options);
}
