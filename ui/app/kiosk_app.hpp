#pragma once
// The kiosk's frame loop around the flow: it sleeps until an event or the
// flow's next deadline, hands the devices' news and the screen's intents to
// the flow, and draws the view only when something changed. What it shows
// beyond the view lives beside it: the glyph atlas (glyph_cache.hpp), the
// receipt's paper (paper_preview.hpp), the camera (camera_preview.hpp) and,
// in the demo, the simulated devices (demo_devices.hpp). Scripted headless
// runs drive it through script_runner.hpp.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/loop_beat.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/pin_worker.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/app/camera_preview.hpp"
#include "ui/app/demo_devices.hpp"
#include "ui/app/dimmer.hpp"
#include "ui/app/glyph_cache.hpp"
#include "ui/app/guidance.hpp"
#include "ui/app/paper_preview.hpp"
#include "ui/frame.hpp"
#include "ui/platform/sdl_platform.hpp"

namespace jiayi::ui {

using Clock = std::function<Instant()>;

class KioskApp {
  public:
    // `printer` (may be null: receipts only on screen) takes the receipts.
    // The flow reads and writes `store`; the app never touches it.
    KioskApp(const config::KioskConfig& config, store::Store& store, Platform& platform,
             const text::Catalog& catalog, Clock clock, flow::ReceiptPrinter* printer = nullptr);
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // What the QR camera sees, for the screen that asks for a card or a code.
    void set_camera_preview(CameraPreview::Source source) { camera_.set_source(std::move(source)); }
    // The demo's simulated devices, drawn in a strip right of the kiosk's
    // screen (the platform is that much wider). Before prepare().
    void show_demo(const DemoDevices& demo) { demo_ = &demo; }
    // Where booking asks the center (kiosk/flow/hub_requests.hpp); its
    // answers are posted to events(). Must outlive the sessions it answers.
    void set_hub(flow::HubRequests* hub) { flow_.set_hub(hub); }
    // Text some screen may show that neither the catalogs nor the
    // configuration hold (the cached teams' names): the first atlas holds
    // it, so that no screen waits for a glyph. Before prepare().
    void expect_text(std::string text) { expected_text_ += text; }
    // With run(): after every settled frame, write where the touchable items
    // are to `file` (geometry_file.hpp; tests that drive the real window).
    void publish_geometry(std::string file) { geometry_out_ = std::move(file); }
    // Scripted runs: each sentence plays to its end before the script goes
    // on (a spoken tour: `jiayi-kiosk --headless --speak`).
    void pace_voice(bool paced) { pace_voice_ = paced; }
    // The kiosk's voice (guidance.hpp): each settled view's sentence, the
    // devices' chimes. Null (the default): silent. Before run().
    void set_voice(voice::Voice* voice) {
        guidance_.reset();
        if (voice != nullptr) {
            guidance_.emplace(*voice, config_.voice, config_.kiosk.utc_offset_minutes);
        }
    }

    // The program's watchdog (common/loop_beat.hpp): a beat after every
    // frame drawn, and the idle loop wakes at least every `beat.every` to
    // beat. `shown` runs once, when the first frame is on the screen (or,
    // headless, rendered): the program is ready. Before run() or a script.
    void watch(LoopBeat beat, std::function<void()> shown) {
        beat_ = std::move(beat);
        shown_ = std::move(shown);
    }

    // The interactive loop; returns the exit code when the window closes.
    int run();

    flow::Flow& flow() { return flow_; }
    // Where device threads post their events; drained by run().
    flow::EventQueue& events() { return events_; }
    const Theme& theme() const { return theme_; }
    Instant now() const { return clock_(); }
    int utc_offset_minutes() const { return config_.kiosk.utc_offset_minutes; }
    // The kiosk's screen, without the demo's strip.
    int kiosk_width() const;
    int kiosk_height() const { return platform_.height(); }
    Result<void, std::string> save_png(const std::filesystem::path& file) {
        return platform_.save_png(file);
    }

    // The theme and the first atlas: the first screen's glyphs only; the
    // rest join after the first frame (run()) or when the view first changes.
    Result<void, std::string> prepare();
    // Scripted runs (script_runner.hpp): time is the script's, and every
    // worker's result is waited for, so each frame is complete. Prepares.
    Result<void, std::string> start_scripted(Clock clock);
    // Scripted runs beside a real sync (a demo on a hub): the sync's news is
    // waited for too — before the first screen until its first pass is
    // heard (the teams pulled, the center online or not), and while a
    // signing awaits the center's word. Silence for `limit` is an error.
    void follow_sync(std::chrono::seconds limit) { sync_limit_ = limit; }
    // Draws the current view until it settles; returns the frames drawn.
    int draw(Geometry* geometry = nullptr);
    // A device's event to the flow now, the voice chiming for it first
    // (run() does this for every event drained; tests and benches too).
    void deliver(const flow::DeviceEvent& event, Instant now);
    // One frame of the current view, its intent not applied (benchmarks).
    void frame();
    // Whether a glyph build for the view is still running on the worker.
    bool fonts_pending() const { return glyphs_.pending(); }
    // Builds and installs glyphs the current view needs (scripted: waits).
    Result<void, std::string> settle_fonts();
    // Fonts, the receipt's paper and (scripted) the camera, for the next frame.
    Result<void, std::string> settle();

  private:
    const config::KioskConfig& config_;
    Platform& platform_;
    const text::Catalog& catalog_;
    Clock clock_;
    flow::Flow flow_;
    flow::EventQueue events_{Platform::wake};
    // Nurses' PINs are checked here, off the frame loop; the flow holds a
    // pointer from its construction, used only once a PIN is typed. Declared
    // after events_, so it stops before the queue goes.
    flow::PinWorker pins_{events_};
    UiState ui_state_;
    const DemoDevices* demo_ = nullptr;
    std::string expected_text_;

    Theme theme_;
    bool theme_large_ = false;
    std::uint64_t first_version_ = 0;  // the flow's version on the first screen
    // Declared after ui_state_: they free its textures first.
    GlyphCache glyphs_{platform_};
    PaperPreview paper_;
    CameraPreview camera_{platform_, ui_state_.camera};
    bool scripted_ = false;
    std::optional<std::chrono::seconds> sync_limit_;  // follow_sync()
    bool sync_heard_ = false;
    std::string geometry_out_;
    LoopBeat beat_;
    std::function<void()> shown_;  // cleared once run
    Dimmer dimmer_{config_.screen.dim_after_seconds};

    std::optional<Guidance> guidance_;
    bool voice_prepared_ = false;
    bool pace_voice_ = false;

    // On the home screen with nothing over it: where the kiosk may dim.
    bool at_rest() const;
    // The header's clock, read before a frame is drawn.
    void tell_time();
    std::int64_t shown_minute_ = -1;  // the minute the header last showed
    // The voice follows the view (a new sentence, or "Listen again").
    void speak();
};

}  // namespace jiayi::ui
