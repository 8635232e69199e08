#include "ui/app/script_runner.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/instant.hpp"
#include "kiosk/devices/devices.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::ui {

Result<std::vector<flow::ScriptStep>, std::string> load_script(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return fail("cannot read " + file.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto steps = flow::parse_script(text.str());
    if (!steps) {
        std::string all;
        for (const auto& e : steps.error()) {
            all += "\n  " + file.string() + ": " + e;
        }
        return fail("the script has errors:" + all);
    }
    return std::move(steps).value();
}

Result<flow::Screen, std::string> screen_named(const std::string& name) {
    std::string names;
    for (int i = 0; i <= static_cast<int>(flow::kLastScreen); ++i) {
        const auto s = static_cast<flow::Screen>(i);
        if (name == flow::screen_name(s)) {
            return s;
        }
        names += std::string(names.empty() ? "" : ", ") + flow::screen_name(s);
    }
    return fail("unknown screen \"" + name + "\" (have: " + names + ")");
}

std::string shot_name(const flow::View& v, int index, int width, int height) {
    std::string name = flow::screen_name(v.screen);
    if (index > 0) {
        char number[16];
        std::snprintf(number, sizeof number, "%02d", index);
        name = std::string(number) + "-" + name;
        if (v.countdown) {
            name += "-countdown";
        } else if (v.message) {
            name += "-" + v.message->code;
        }
    }
    return name + "-" + std::to_string(width) + "x" + std::to_string(height) + "-" +
           std::string(text::code(v.language)) + (v.large_text ? "-large" : "-normal") + ".png";
}

ScriptRunner::ScriptRunner(KioskApp& app, store::Store* center) : app_(app), center_(center) {}

Result<void, std::string> ScriptRunner::start() {
    now_ = app_.now();
    cards_ = demo::cards(domain::local_date(now_, app_.utc_offset_minutes()));
    return app_.start_scripted([this] { return now_; });
}

Result<void, std::string> ScriptRunner::step(const flow::ScriptStep& step) {
    if (auto applied = apply(step); !applied) {
        return applied;
    }
    return app_.settle();
}

Result<void, std::string> ScriptRunner::apply(const flow::ScriptStep& step) {
    using Kind = flow::ScriptStep::Kind;
    flow::Flow& flow = app_.flow();
    now_.unix_seconds += 1;
    const auto at = "line " + std::to_string(step.line) + ": ";
    switch (step.kind) {
        case Kind::Card: {
            if (!step.name.empty() || step.text.find_first_of("0123456789") == 0) {
                flow.card({step.name, step.text, ""}, now_);
                return Ok{};
            }
            for (const auto& c : cards_) {
                if (c.name == step.text) {
                    flow.card(c.card, now_);
                    return Ok{};
                }
            }
            return fail(at + "no demo card \"" + step.text + "\"");
        }
        case Kind::Tap: {
            flow::Intent intent = step.intent;
            intent.arg = flow::offered_argument(flow.view(), intent.arg);
            flow.handle(intent, now_);
            return Ok{};
        }
        case Kind::Keys: {
            // "@date-N": the local date N days ago as typed, YYYYMMDD (a
            // paper contract's date, which must lie within its term).
            std::string typed = step.text;
            if (typed.starts_with("@date-")) {
                const int days = std::atoi(typed.c_str() + 6);
                const auto day = domain::add_days(
                    domain::local_date(now_, app_.utc_offset_minutes()), -days);
                typed = domain::to_iso(day);
                std::erase(typed, '-');
            }
            for (char k : typed) {
                flow.handle({flow::IntentKind::Key, std::string(1, k), 0, {}}, now_);
            }
            return Ok{};
        }
        case Kind::Stroke:
            for (auto& stroke : flow::sample_signature()) {
                flow.handle({flow::IntentKind::Stroke, "", 0, std::move(stroke)}, now_);
            }
            return Ok{};
        case Kind::Qr:
            flow.qr(devices::scanned_code(step.text), now_);
            return Ok{};
        case Kind::Printer: {
            flow::PrinterEvent event = step.printer;
            event.job = flow.print_job();
            flow.printer(event, now_);
            return Ok{};
        }
        case Kind::Wait:
            for (int s = 0; s < step.seconds; ++s) {
                now_.unix_seconds += 1;
                flow.tick(now_);
            }
            return Ok{};
        case Kind::Shot:
            return Ok{};
        case Kind::Center:
            return center(step);
    }
    return Ok{};
}

// The sync's news as a script makes it up (kiosk/demo has no hub); a
// refusal is marked in the store as the sync would mark it.
Result<void, std::string> ScriptRunner::center(const flow::ScriptStep& step) {
    flow::Flow& flow = app_.flow();
    auto news = flow::scripted_news(step, flow, now_);
    if (!news) {
        return fail(news.error());
    }
    if (center_ != nullptr) {
        for (const auto& r : news->refusals) {
            for (const auto& e : center_->outbox_entries().value_or({})) {
                if (e.record_id == r.record_id) {
                    (void)center_->refuse(e.id, r.code, now_);
                }
            }
        }
        if (auto status = center_->status(); status && !news->refusals.empty()) {
            news->refused = status->outbox_refused;
        }
    }
    flow.sync_news(*news, now_);
    return Ok{};
}

Result<std::filesystem::path, std::string> ScriptRunner::shoot(const std::filesystem::path& dir,
                                                               int index) {
    if (auto settled = app_.settle(); !settled) {
        return fail(settled.error());
    }
    app_.draw();
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    const auto file =
        dir / shot_name(app_.flow().view(), index, app_.kiosk_width(), app_.kiosk_height());
    if (auto saved = app_.save_png(file); !saved) {
        return fail(saved.error());
    }
    return file;
}

Result<std::vector<std::filesystem::path>, std::string> ScriptRunner::run(
    const std::vector<flow::ScriptStep>& steps, const std::filesystem::path& dir) {
    if (auto ready = start(); !ready) {
        return fail(ready.error());
    }
    std::vector<std::filesystem::path> written;
    auto signature = [](const flow::View& v) {
        return std::string(flow::screen_name(v.screen)) + (v.message ? v.message->code : "") +
               (v.countdown ? "countdown" : "") + (v.asking_knows ? "knows" : "") +
               (v.large_text ? "L" : "") + std::string(text::code(v.language));
    };
    auto file = shoot(dir, 1);
    if (!file) {
        return fail(file.error());
    }
    written.push_back(*file);
    std::string last = signature(app_.flow().view());
    for (const auto& s : steps) {
        // Applied and settled: a worker's answer (a PIN, the center's) is in.
        if (auto applied = step(s); !applied) {
            return fail(applied.error());
        }
        const std::string now = signature(app_.flow().view());
        if (now != last || s.kind == flow::ScriptStep::Kind::Shot) {
            file = shoot(dir, static_cast<int>(written.size()) + 1);
            if (!file) {
                return fail(file.error());
            }
            written.push_back(*file);
            last = now;
        }
    }
    return written;
}

Result<std::filesystem::path, std::string> ScriptRunner::render_screen(
    const std::vector<flow::ScriptStep>& steps, flow::Screen screen,
    const std::filesystem::path& dir) {
    if (auto ready = start(); !ready) {
        return fail(ready.error());
    }
    for (std::size_t i = 0; i <= steps.size(); ++i) {
        const flow::View& v = app_.flow().view();
        if (v.screen == screen && !v.message && !v.countdown) {
            return shoot(dir, 0);
        }
        if (i == steps.size()) {
            break;
        }
        if (auto applied = step(steps[i]); !applied) {
            return fail(applied.error());
        }
    }
    return fail(std::string("the tour never reaches \"") + flow::screen_name(screen) + "\"");
}

}  // namespace jiayi::ui
