#include "ui/app/kiosk_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "kiosk/devices/devices.hpp"
#include "ui/screens/demo_panel.hpp"

namespace jiayi::ui {

KioskApp::KioskApp(const config::KioskConfig& config, store::Store& store, Platform& platform,
                   const text::Catalog& catalog, Clock clock, bool demo,
                   flow::ReceiptPrinter* printer)
    : config_(config),
      store_(store),
      platform_(platform),
      catalog_(catalog),
      clock_(std::move(clock)),
      demo_(demo),
      cards_(demo::cards(domain::local_date(clock_(), config.kiosk.utc_offset_minutes))),
      flow_(config, store, {}, printer),
      printer_(printer) {}

KioskApp::~KioskApp() {
    if (paper_job_) {
        paper_job_->wait();
    }
    platform_.destroy_texture(ui_state_.paper.texture);
    platform_.destroy_texture(ui_state_.camera.texture);
}

bool KioskApp::refresh_camera() {
    image::Grey frame(1, 1);
    if (!camera_preview_(camera_seen_, frame)) {
        return false;
    }
    platform_.destroy_texture(ui_state_.camera.texture);
    ui_state_.camera = {platform_.create_texture(frame), frame.width(), frame.height()};
    return true;
}

// ---------------------------------------------------------------- glyphs

FontRequest KioskApp::request(const std::string& text) const {
    FontRequest r;
    r.body_px = theme_.body_px();
    r.title_px = theme_.title_px();
    r.text = text;
    return r;
}

std::string KioskApp::view_text(const flow::View& v) const {
    std::string s = v.person.masked_name + v.person.team_name + v.person.doctor;
    for (const auto& t : v.teams) {
        s += t.name + t.doctor + t.specialties + t.villages;
    }
    for (const auto& c : v.choices) {
        s += c.name_zh + c.name_en;
    }
    if (v.receipt) {
        for (const auto& line : v.receipt->lines) {
            for (const auto& a : line.args) {
                s += a;
            }
        }
    }
    return s;
}

Result<void, std::string> KioskApp::prepare() {
    const flow::View& v = flow_.view();
    theme_ = make_theme(kiosk_width(), platform_.height(), v.large_text);
    atlas_large_ = v.large_text;
    platform_.set_background(theme_.background.r, theme_.background.g, theme_.background.b);
    // What every screen may show: the catalogs, the configured names, the
    // cached teams, and in the demo its made-up people.
    std::string text = catalog_.all_text();
    for (const auto& p : config_.catalogue.packages) {
        text += p.name_zh + p.name_en;
    }
    for (const auto& h : config_.catalogue.hospitals) {
        text += h.name_zh + h.name_en;
    }
    for (const auto& t : store_.teams().value_or({})) {
        text += t.name + t.leader + t.center_id;
        for (const auto& s : t.specialties) {
            text += s;
        }
        for (const auto& s : t.villages) {
            text += s;
        }
    }
    if (demo_) {
        for (const auto& c : cards_) {
            text += c.card.name;
        }
    }
    auto fonts = platform_.load_fonts(request(text));
    if (!fonts) {
        return fail(fonts.error());
    }
    fonts_ = *fonts;
    atlas_text_ = std::move(text);
    return Ok{};
}

void KioskApp::start_font_build(const std::string& text) {
    building_text_ = text;
    building_ = std::async(std::launch::async, [r = request(text)] {
        auto atlas = build_atlas(r);
        Platform::wake();
        return atlas;
    });
}

Result<void, std::string> KioskApp::finish_font_build(bool wait) {
    if (!building_) {
        return Ok{};
    }
    if (!wait && building_->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return Ok{};
    }
    auto atlas = building_->get();
    building_.reset();
    if (!atlas) {
        return fail(atlas.error());
    }
    auto fonts = platform_.install_fonts(std::move(atlas).value());
    if (!fonts) {
        return fail(fonts.error());
    }
    fonts_ = *fonts;
    atlas_text_ = std::move(building_text_);
    return Ok{};
}

Result<void, std::string> KioskApp::settle_fonts() {
    const flow::View& v = flow_.view();
    if (v.large_text != atlas_large_) {
        // New sizes: the atlas is rebuilt at once (a resident asked for it).
        if (auto done = finish_font_build(true); !done) {
            return done;
        }
        theme_ = make_theme(kiosk_width(), platform_.height(), v.large_text);
        atlas_large_ = v.large_text;
        auto fonts = platform_.load_fonts(request(atlas_text_));
        if (!fonts) {
            return fail(fonts.error());
        }
        fonts_ = *fonts;
    }
    const std::string wanted = view_text(v);
    if (!covers(atlas_text_, wanted) && !building_) {
        start_font_build(atlas_text_ + wanted);
    }
    return finish_font_build(scripted_);
}

Result<void, std::string> KioskApp::settle() {
    auto fonts = settle_fonts();
    settle_paper();
    if (scripted_ && camera_preview_ && flow_.view().screen == flow::Screen::Identify) {
        refresh_camera();
    }
    return fonts;
}

// The receipt on screen also shows as the printer prints it: rendered on a
// worker (a scripted run waits for it, so its screenshots are complete).
void KioskApp::settle_paper() {
    const flow::View& v = flow_.view();
    if (printer_ == nullptr || !v.receipt) {
        return;
    }
    const std::string wanted = v.receipt->id + "/" + std::string(text::code(v.language));
    if (ui_state_.paper.receipt_id == wanted) {
        return;
    }
    if (!paper_job_) {
        paper_job_for_ = wanted;
        paper_job_ = std::async(std::launch::async,
                                [printer = printer_, receipt = *v.receipt, language = v.language] {
                                    auto paper = printer->paper(receipt, language);
                                    Platform::wake();
                                    return paper;
                                });
    }
    if (!scripted_ && paper_job_->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return;
    }
    std::optional<image::Grey> paper = paper_job_->get();
    paper_job_.reset();
    platform_.destroy_texture(ui_state_.paper.texture);
    ui_state_.paper = {};
    if (paper) {
        ui_state_.paper = {platform_.create_texture(*paper), paper->width(), paper->height(),
                           paper_job_for_};
    }
    if (paper_job_for_ != wanted) {
        settle_paper();  // the view moved on meanwhile
    }
}

// ---------------------------------------------------------------- frames

int KioskApp::draw(Geometry* geometry) {
    // ImGui 1.86 sees a press on one frame and its release on the next, and
    // lays a window out on its first frame: draw until nothing more happens.
    int frames = 0;
    for (; frames < 8; ++frames) {
        const std::uint64_t before = flow_.version();
        if (geometry != nullptr) {
            geometry->items.clear();
            geometry->texts.clear();
            geometry->demo.clear();
        }
        platform_.begin_frame();
        const flow::Intent intent =
            draw_frame(flow_.view(), catalog_, fonts_, theme_, ui_state_, geometry);
        std::optional<DemoPanelChoice> demo;
        if (demo_ && !scripted_) {
            std::vector<std::string> labels;
            for (const auto& c : cards_) {
                labels.push_back(c.label);
            }
            demo = draw_demo_panel(labels, catalog_, flow_.view().language, fonts_, theme_.width,
                                   static_cast<bool>(demo_printer_), geometry);
        }
        platform_.end_frame();
        platform_.present();
        const Instant now = scripted_ ? script_now_ : clock_();
        if (intent.kind != flow::IntentKind::None) {
            flow_.handle(intent, now);
        }
        // The demo's simulated devices post like a driver thread would.
        if (demo && demo->card) {
            events_.post(flow::CardEvent{cards_[*demo->card].card});
        }
        if (demo && demo->qr) {
            events_.post(flow::QrEvent{devices::scanned_code(*demo->qr)});
        }
        if (demo && demo->printer && demo_printer_) {
            demo_printer_(*demo->printer);
        }
        if (flow_.version() != before) {
            (void)settle();
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
        write_geometry(*geometry);
    }
    return frames + 1;
}

// Where every touchable item is, for tests that touch the real window (one
// line per item: "x y w h label", after the lines "version N" — the flow's,
// which grows with every touch it takes — and "screen NAME"), replaced
// atomically so that a reader never sees half a file.
void KioskApp::write_geometry(const Geometry& geometry) const {
    const std::string tmp = geometry_out_ + ".tmp";
    {
        std::ofstream out(tmp);
        out << "version " << flow_.version() << "\n";
        out << "screen " << flow::screen_name(flow_.view().screen) << "\n";
        if (flow_.view().message) {
            out << "message " << flow_.view().message->code << "\n";
        }
        for (const auto& item : geometry.demo) {
            out << static_cast<int>(item.x) << ' ' << static_cast<int>(item.y) << ' '
                << static_cast<int>(item.w) << ' ' << static_cast<int>(item.h) << ' ' << item.label
                << "\n";
        }
        for (const auto& item : geometry.items) {
            out << static_cast<int>(item.x) << ' ' << static_cast<int>(item.y) << ' '
                << static_cast<int>(item.w) << ' ' << static_cast<int>(item.h) << ' ' << item.label
                << "\n";
        }
    }
    std::rename(tmp.c_str(), geometry_out_.c_str());
}

void KioskApp::frame() {
    platform_.begin_frame();
    (void)draw_frame(flow_.view(), catalog_, fonts_, theme_, ui_state_, nullptr);
    platform_.end_frame();
    platform_.present();
}

int KioskApp::run() {
    if (auto ready = prepare(); !ready) {
        std::fprintf(stderr, "jiayi-kiosk: %s\n", ready.error().c_str());
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
        // The camera's view refreshes ten times a second, only while a
        // screen shows it (an idle home screen stays at rest).
        const bool camera_on = camera_preview_ && flow_.view().screen == flow::Screen::Identify;
        if (camera_on) {
            timeout = timeout < 0 ? 100 : std::min(timeout, 100);
        }
        bool had_event = false;
        if (!platform_.wait_and_handle_events(dirty ? 0 : timeout, had_event)) {
            return 0;
        }
        if (camera_on && refresh_camera()) {
            dirty = true;
        }
        const Instant now = clock_();
        const std::uint64_t before = flow_.version();
        for (const auto& event : events_.drain()) {
            flow::deliver(flow_, event, now);
        }
        if (auto deadline = flow_.next_deadline(); deadline && now >= *deadline) {
            flow_.tick(now);
        }
        if (auto fonts = settle(); !fonts) {
            std::fprintf(stderr, "jiayi-kiosk: %s\n", fonts.error().c_str());
        }
        if (had_event || dirty || flow_.version() != before) {
            Geometry geometry;
            draw(geometry_out_.empty() ? nullptr : &geometry);
        }
        dirty = false;
    }
}

// ---------------------------------------------------------------- scripts

Result<void, std::string> KioskApp::apply(const flow::ScriptStep& step) {
    using Kind = flow::ScriptStep::Kind;
    script_now_.unix_seconds += 1;
    const auto at = "line " + std::to_string(step.line) + ": ";
    switch (step.kind) {
        case Kind::Card: {
            if (!step.name.empty() || step.text.find_first_of("0123456789") == 0) {
                flow_.card({step.name, step.text, ""}, script_now_);
                return Ok{};
            }
            for (const auto& c : cards_) {
                if (c.name == step.text) {
                    flow_.card(c.card, script_now_);
                    return Ok{};
                }
            }
            return fail(at + "no demo card \"" + step.text + "\"");
        }
        case Kind::Tap:
            flow_.handle(step.intent, script_now_);
            return Ok{};
        case Kind::Keys:
            for (char k : step.text) {
                flow_.handle({flow::IntentKind::Key, std::string(1, k), 0, {}}, script_now_);
            }
            return Ok{};
        case Kind::Stroke:
            for (auto& stroke : flow::sample_signature()) {
                flow_.handle({flow::IntentKind::Stroke, "", 0, std::move(stroke)}, script_now_);
            }
            return Ok{};
        case Kind::Qr:
            flow_.qr(devices::scanned_code(step.text), script_now_);
            return Ok{};
        case Kind::Printer: {
            flow::PrinterEvent event = step.printer;
            event.job = flow_.print_job();
            flow_.printer(event, script_now_);
            return Ok{};
        }
        case Kind::Wait:
            for (int s = 0; s < step.seconds; ++s) {
                script_now_.unix_seconds += 1;
                flow_.tick(script_now_);
            }
            return Ok{};
        case Kind::Shot:
            return Ok{};
    }
    return Ok{};
}

Result<void, std::string> KioskApp::start_script() {
    scripted_ = true;
    script_now_ = clock_();
    return prepare();
}

Result<void, std::string> KioskApp::step(const flow::ScriptStep& step) {
    if (auto applied = apply(step); !applied) {
        return applied;
    }
    return settle();
}

std::filesystem::path KioskApp::shot_name(const std::filesystem::path& dir, int index) const {
    const flow::View& v = flow_.view();
    char number[8];
    std::snprintf(number, sizeof number, "%02d", index);
    std::string name = std::string(number) + "-" + flow::screen_name(v.screen);
    if (v.countdown) {
        name += "-countdown";
    } else if (v.message) {
        name += "-" + v.message->code;
    }
    name += "-" + std::to_string(kiosk_width()) + "x" + std::to_string(platform_.height()) + "-" +
            std::string(text::code(v.language)) + (v.large_text ? "-large" : "-normal") + ".png";
    return dir / name;
}

Result<std::vector<std::filesystem::path>, std::string> KioskApp::run_script(
    const std::vector<flow::ScriptStep>& steps, const std::filesystem::path& dir) {
    if (auto ready = start_script(); !ready) {
        return fail(ready.error());
    }
    std::filesystem::create_directories(dir);
    std::vector<std::filesystem::path> written;
    auto shoot = [&]() -> Result<void, std::string> {
        if (auto fonts = settle(); !fonts) {
            return fail(fonts.error());
        }
        draw();
        const auto file = shot_name(dir, static_cast<int>(written.size()) + 1);
        if (auto saved = platform_.save_png(file); !saved) {
            return fail(saved.error());
        }
        written.push_back(file);
        return Ok{};
    };
    auto signature = [](const flow::View& v) {
        return std::string(flow::screen_name(v.screen)) + (v.message ? v.message->code : "") +
               (v.countdown ? "countdown" : "") + (v.asking_knows ? "knows" : "") +
               (v.large_text ? "L" : "") + std::string(text::code(v.language));
    };
    if (auto shot = shoot(); !shot) {
        return fail(shot.error());
    }
    std::string last = signature(flow_.view());
    for (const auto& step : steps) {
        if (auto applied = apply(step); !applied) {
            return fail(applied.error());
        }
        const std::string now = signature(flow_.view());
        if (now != last || step.kind == flow::ScriptStep::Kind::Shot) {
            if (auto shot = shoot(); !shot) {
                return fail(shot.error());
            }
            last = now;
        }
    }
    return written;
}

Result<std::filesystem::path, std::string> KioskApp::render_screen(
    const std::vector<flow::ScriptStep>& steps, flow::Screen screen,
    const std::filesystem::path& dir) {
    if (auto ready = start_script(); !ready) {
        return fail(ready.error());
    }
    for (std::size_t i = 0; i <= steps.size(); ++i) {
        const flow::View& v = flow_.view();
        if (v.screen == screen && !v.message && !v.countdown) {
            if (auto fonts = settle(); !fonts) {
                return fail(fonts.error());
            }
            draw();
            std::filesystem::create_directories(dir);
            const auto file =
                dir / (std::string(flow::screen_name(screen)) + "-" +
                       std::to_string(kiosk_width()) + "x" + std::to_string(platform_.height()) +
                       "-" + std::string(text::code(v.language)) +
                       (v.large_text ? "-large" : "-normal") + ".png");
            if (auto saved = platform_.save_png(file); !saved) {
                return fail(saved.error());
            }
            return file;
        }
        if (i == steps.size()) {
            break;
        }
        if (auto applied = apply(steps[i]); !applied) {
            return fail(applied.error());
        }
    }
    return fail(std::string("the tour never reaches \"") + flow::screen_name(screen) + "\"");
}

}  // namespace jiayi::ui
