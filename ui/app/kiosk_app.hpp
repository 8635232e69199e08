#pragma once
// The kiosk program around the flow: the frame loop that sleeps until an
// event or the flow's next deadline, the glyph atlas that follows the view
// (rare characters are built on a worker and swapped in between frames),
// the demo's simulated devices, and the headless runs that write PNGs.

#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/config/config.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/script.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/frame.hpp"
#include "ui/platform/sdl_platform.hpp"

namespace jiayi::ui {

using Clock = std::function<Instant()>;

class KioskApp {
  public:
    // `printer` (may be null: receipts only on screen) takes the receipts.
    KioskApp(const config::KioskConfig& config, store::Store& store, Platform& platform,
             const text::Catalog& catalog, Clock clock, bool demo,
             flow::ReceiptPrinter* printer = nullptr);
    ~KioskApp();
    // What the QR camera sees, for the screen that asks for a card or a code:
    // fills `into` and returns true when a frame newer than `seen` is there.
    using CameraPreview = std::function<bool(std::uint64_t& seen, image::Grey& into)>;
    void set_camera_preview(CameraPreview source) { camera_preview_ = std::move(source); }
    // The demo's simulated printer, driven from the demo panel.
    void set_demo_printer(std::function<void(const std::string&)> control) {
        demo_printer_ = std::move(control);
    }
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // The interactive loop; returns the exit code when the window closes.
    int run();

    // Runs the steps; writes a PNG whenever the screen, its message or the
    // countdown changes (and at each "shot"). Returns the files written.
    Result<std::vector<std::filesystem::path>, std::string> run_script(
        const std::vector<flow::ScriptStep>& steps, const std::filesystem::path& dir);

    // Runs the steps until `screen` shows (without a message); writes it.
    Result<std::filesystem::path, std::string> render_screen(
        const std::vector<flow::ScriptStep>& steps, flow::Screen screen,
        const std::filesystem::path& dir);

    // For tests and benchmarks: a scripted session one step at a time, on a
    // simulated clock that starts at the real one.
    Result<void, std::string> start_script();
    Result<void, std::string> step(const flow::ScriptStep& step);
    flow::Flow& flow() { return flow_; }
    // Where device threads post their events; drained by run().
    flow::EventQueue& events() { return events_; }
    const Theme& theme() const { return theme_; }
    Result<void, std::string> prepare();  // the first atlas
    // Draws the current view until it settles; returns the frames drawn.
    int draw(Geometry* geometry = nullptr);
    // One frame of the current view, its intent not applied (benchmarks).
    void frame();
    // With run(): after every settled frame, write where the touchable items
    // are to `file` (tests that drive the real window).
    void publish_geometry(std::string file) { geometry_out_ = std::move(file); }
    // Whether a glyph build for the view is still running on the worker.
    bool fonts_pending() const { return building_.has_value(); }
    // Builds and installs glyphs the current view needs, waiting for them.
    Result<void, std::string> settle_fonts();
    // Fonts and the receipt's paper image, ready for the next frame.
    Result<void, std::string> settle();
    void settle_paper();

    // The demo's simulated devices stand in a strip beside the kiosk's
    // screen, never over it.
    static constexpr int kDemoStrip = 440;

  private:
    int kiosk_width() const { return platform_.width() - (demo_ && !scripted_ ? kDemoStrip : 0); }
    Result<void, std::string> apply(const flow::ScriptStep& step);
    std::string view_text(const flow::View& view) const;
    FontRequest request(const std::string& text) const;
    void start_font_build(const std::string& text);
    Result<void, std::string> finish_font_build(bool wait);
    void write_geometry(const Geometry& geometry) const;
    std::filesystem::path shot_name(const std::filesystem::path& dir, int index) const;

    const config::KioskConfig& config_;
    store::Store& store_;
    Platform& platform_;
    const text::Catalog& catalog_;
    Clock clock_;
    bool demo_;
    std::vector<demo::DemoCard> cards_;
    flow::Flow flow_;
    flow::EventQueue events_{Platform::wake};
    UiState ui_state_;

    Theme theme_;
    FontSet fonts_;
    std::string atlas_text_;  // every character the installed atlas holds
    bool atlas_large_ = false;
    std::optional<std::future<Result<Atlas, std::string>>> building_;
    flow::ReceiptPrinter* printer_ = nullptr;
    std::function<void(const std::string&)> demo_printer_;
    CameraPreview camera_preview_;
    std::uint64_t camera_seen_ = 0;
    bool refresh_camera();  // a newer camera frame into its texture
    // The printed look of the receipt on screen, being made.
    std::optional<std::future<std::optional<image::Grey>>> paper_job_;
    std::string paper_job_for_;
    std::string building_text_;
    Instant script_now_{};
    bool scripted_ = false;
    std::string geometry_out_;
};

}  // namespace jiayi::ui
