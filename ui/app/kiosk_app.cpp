#include "ui/app/kiosk_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>
#include <variant>

#include "common/log.hpp"
#include "ui/app/geometry_file.hpp"

// The UI never reads the store; store.hpp must not bring SQLite's API with it.
#ifdef SQLITE_VERSION_NUMBER
#error "sqlite3.h reached ui/ (through kiosk/store/store.hpp?)"
#endif

namespace jiayi::ui {

KioskApp::KioskApp(const config::KioskConfig& config, store::Store& store, Platform& platform,
                   const text::Catalog& catalog, Clock clock, flow::ReceiptPrinter* printer)
    : config_(config),
      platform_(platform),
      catalog_(catalog),
      clock_(std::move(clock)),
      flow_(config, store, {}, printer, &pins_),
      paper_(platform, printer, ui_state_.paper) {
    ui_state_.masthead.center_zh = config.kiosk.center_name_zh;
    ui_state_.masthead.center_en = config.kiosk.center_name_en;
    ui_state_.masthead.utc_offset_minutes = config.kiosk.utc_offset_minutes;
}

void KioskApp::tell_time() {
    ui_state_.masthead.now = clock_();
    shown_minute_ = ui_state_.masthead.now.unix_seconds / 60;
}

bool KioskApp::at_rest() const {
    const flow::View& v = flow_.view();
    return v.screen == flow::Screen::Home && !v.message && !v.countdown && !v.nurse;
}

void KioskApp::deliver(const flow::DeviceEvent& event, Instant now) {
    if (guidance_) {
        guidance_->heard(event, flow_.view(), now.unix_seconds);
    }
    flow::deliver(flow_, event, now);
}

void KioskApp::speak() {
    if (guidance_ && guidance_->follow(flow_.view(), catalog_, clock_().unix_seconds) &&
        scripted_ && pace_voice_) {
        guidance_->finish(std::chrono::seconds(20));
    }
}

int KioskApp::kiosk_width() const {
    return platform_.width() - (demo_ != nullptr ? DemoDevices::kStrip : 0);
}

Result<void, std::string> KioskApp::prepare() {
    const flow::View& v = flow_.view();
    theme_ = make_theme(kiosk_width(), platform_.height(), v.large_text);
    theme_large_ = v.large_text;
    platform_.set_background(theme_.background.r, theme_.background.g, theme_.background.b);
    // What every screen may show: the catalogs, the configured names, what
    // the composition root expects (the cached teams). It joins the atlas
    // after the first frame (GlyphCache::complete).
    std::string later = catalog_.all_text();
    for (const auto& p : config_.catalogue.packages) {
        later += p.name_zh + p.name_en;
    }
    for (const auto& h : config_.catalogue.hospitals) {
        later += h.name_zh + h.name_en;
    }
    later += config_.kiosk.center_name_zh + config_.kiosk.center_name_en;
    later += expected_text_;
    // The first screen's words: a frame drawn with ASCII glyphs only and
    // not shown, noting the texts it asks for (Ctx::heard), so that the
    // first atlas holds just those. The demo's panel is beside it from the
    // start.
    std::string first = view_text(v);
    if (demo_ != nullptr) {
        first += demo_->text();
    }
    if (auto latin = glyphs_.load(theme_, first); !latin) {
        return latin;
    }
    if (!glyphs_.fonts().icons) {
        log::warning(std::string("jiayi-kiosk: no icons on the buttons, words only: cannot read ") +
                     kIconFontFile + " (install fonts-material-design-icons-iconfont)");
    }
    tell_time();
    ui_state_.words = &first;
    platform_.begin_frame();
    (void)draw_frame(v, catalog_, glyphs_.fonts(), theme_, ui_state_, nullptr);
    ImGui::EndFrame();
    ui_state_.words = nullptr;
    first_version_ = flow_.version();
    return glyphs_.load(theme_, std::move(first), std::move(later));
}

Result<void, std::string> KioskApp::start_scripted(Clock clock) {
    scripted_ = true;
    clock_ = std::move(clock);
    return prepare();
}

Result<void, std::string> KioskApp::settle_fonts() {
    const flow::View& v = flow_.view();
    if (flow_.version() != first_version_) {
        // Past the first screen: every screen's glyphs, waited for when
        // the build started after the first frame has not finished yet.
        if (auto all = glyphs_.complete(true); !all) {
            return all;
        }
    }
    if (v.large_text != theme_large_) {
        // New sizes: the atlas is rebuilt at once (a resident asked for it).
        theme_ = make_theme(kiosk_width(), platform_.height(), v.large_text);
        theme_large_ = v.large_text;
        if (auto resized = glyphs_.resize(theme_); !resized) {
            return resized;
        }
    }
    return glyphs_.follow(view_text(v), scripted_);
}

Result<void, std::string> KioskApp::settle() {
    // Scripted: a PIN check's answer and the center's are waited for, so
    // each step ends where the kiosk would be once they came.
    // Beside a real sync, its first news and the center's word are waited
    // for as well (follow_sync).
    const auto awaits_sync = [this] {
        return sync_limit_ && (!sync_heard_ || flow_.awaited_record());
    };
    while (scripted_ &&
           (flow_.view().keypad.busy || flow_.view().booking.waiting || awaits_sync())) {
        const auto events =
            events_.wait_and_drain(awaits_sync() ? *sync_limit_ : std::chrono::seconds(10));
        if (events.empty() && awaits_sync()) {
            return fail("the sync said nothing for " + std::to_string(sync_limit_->count()) +
                        " s (is the hub running?)");
        }
        for (const auto& event : events) {
            sync_heard_ = sync_heard_ || std::holds_alternative<flow::SyncNews>(event);
            deliver(event, clock_());
        }
    }
    auto fonts = settle_fonts();
    paper_.follow(flow_.view(), scripted_);
    if (scripted_ && camera_.wanted(flow_.view())) {
        camera_.refresh();
    }
    return fonts;
}

int KioskApp::draw(Geometry* geometry) {
    // ImGui 1.86 sees a press on one frame and its release on the next, and
    // lays a window out on its first frame: draw until nothing more happens.
    speak();  // the view as it is now (a scripted step changed it)
    int frames = 0;
    for (; frames < 8; ++frames) {
        const std::uint64_t before = flow_.version();
        if (geometry != nullptr) {
            *geometry = Geometry{};
        }
        platform_.begin_frame();
        tell_time();
        ui_state_.pointer_trail = platform_.take_pointer_trail();
        const flow::Intent intent =
            draw_frame(flow_.view(), catalog_, glyphs_.fonts(), theme_, ui_state_, geometry);
        if (demo_ != nullptr) {
            // The simulated devices post like a driver thread would.
            demo_->draw(catalog_, flow_.view().language, glyphs_.fonts(), theme_.width, events_,
                        geometry);
        }
        const bool woken = dimmer_.dimmed() && dimmer_.draw_veil(theme_.width, theme_.height);
        platform_.end_frame();
        platform_.present();
        beat_();
        if (shown_) {
            std::exchange(shown_, {})();
        }
        if (intent.kind != flow::IntentKind::None) {
            flow_.handle(intent, clock_());
        }
        if (flow_.version() != before || woken) {
            (void)settle();
            speak();
            continue;  // the view changed: draw it
        }
        // A press shows on one frame, its release on the next, and what the
        // release changed inside ImGui (a panel opened) on the one after.
        const ImGuiIO& io = ImGui::GetIO();
        if (frames >= 2 && !io.MouseDown[0] && !ImGui::IsAnyItemActive()) {
            break;
        }
        if (frames >= 1 && io.MouseDown[0]) {
            break;  // a finger still down: its next move wakes us
        }
    }
    if (!geometry_out_.empty() && geometry != nullptr) {
        write_geometry_file(geometry_out_, flow_.version(), flow_.view(), *geometry,
                            platform_.scale(), dimmer_.dimmed());
    }
    return frames + 1;
}

void KioskApp::frame() {
    platform_.begin_frame();
    tell_time();
    (void)draw_frame(flow_.view(), catalog_, glyphs_.fonts(), theme_, ui_state_, nullptr);
    platform_.end_frame();
    platform_.present();
}

int KioskApp::run() {
    if (auto ready = prepare(); !ready) {
        log::error("jiayi-kiosk: " + ready.error());
        return 1;
    }
    bool dirty = true;
    for (;;) {
        // Sleep until input, a finished glyph build, or the flow's deadline.
        int timeout = -1;
        if (auto deadline = flow_.next_deadline()) {
            const std::int64_t ms = (deadline->unix_seconds - clock_().unix_seconds) * 1000;
            timeout = static_cast<int>(std::clamp<std::int64_t>(ms, 0, 60'000));
        }
        // The camera's view refreshes only while a screen shows it (an idle
        // home screen stays at rest).
        const bool camera_on = camera_.wanted(flow_.view());
        if (camera_on) {
            timeout = timeout < 0 ? CameraPreview::kRefreshMs
                                  : std::min(timeout, CameraPreview::kRefreshMs);
        }
        // An idle kiosk wakes to tell the watchdog it is alive.
        beat_();
        if (beat_.beat && beat_.every.count() > 0) {
            const int every = static_cast<int>(beat_.every.count());
            timeout = timeout < 0 ? every : std::min(timeout, every);
        }
        // The header's clock: the next minute wakes the loop to show it
        // (once a minute, never more).
        const int next_minute = static_cast<int>((60 - clock_().unix_seconds % 60) * 1000);
        timeout = timeout < 0 ? next_minute : std::min(timeout, next_minute);
        // At rest on the home screen, the kiosk dims itself after a while.
        if (const int dim = dimmer_.ms_until_dim(Dimmer::Clock::now(), at_rest()); dim >= 0) {
            timeout = timeout < 0 ? dim : std::min(timeout, dim);
        }
        bool had_event = false;
        if (!platform_.wait_and_handle_events(dirty ? 0 : timeout, had_event)) {
            return 0;
        }
        // A touch while dimmed reaches the veil (draw()), which only wakes.
        if (had_event && !dimmer_.dimmed()) {
            dimmer_.activity(Dimmer::Clock::now());
        }
        if (camera_on && camera_.refresh()) {
            dirty = true;
        }
        const Instant now = clock_();
        const std::uint64_t before = flow_.version();
        for (const auto& event : events_.drain()) {
            deliver(event, now);
        }
        if (auto deadline = flow_.next_deadline(); deadline && now >= *deadline) {
            flow_.tick(now);
        }
        if (auto fonts = settle(); !fonts) {
            log::warning("jiayi-kiosk: " + fonts.error());
        }
        speak();
        if (flow_.version() != before) {
            dimmer_.activity(Dimmer::Clock::now());  // a card, a code, a screen's countdown
        }
        if (dimmer_.dim_if_idle(Dimmer::Clock::now(), at_rest())) {
            dirty = true;
        }
        if (now.unix_seconds / 60 != shown_minute_) {
            dirty = true;  // the header's clock moved on
        }
        if (had_event || dirty || flow_.version() != before) {
            Geometry geometry;
            draw(geometry_out_.empty() ? nullptr : &geometry);
            // The first screen is up: the other screens' glyphs on the worker,
            // and (once) their sentences into the voice's cache.
            if (auto fonts = glyphs_.complete(false); !fonts) {
                log::warning("jiayi-kiosk: " + fonts.error());
            }
            if (guidance_ && !voice_prepared_) {
                voice_prepared_ = true;
                guidance_->prepare(catalog_);
            }
        }
        dirty = false;
    }
}

}  // namespace jiayi::ui
