#include "ui/app/script_runner.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "kiosk/devices/devices.hpp"

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

ScriptRunner::ScriptRunner(KioskApp& app, demo::ScriptCenter center) : app_(app), center_(center) {}

Result<void, std::string> ScriptRunner::start() {
    player_.emplace(app_.flow(), app_.now(), app_.utc_offset_minutes(), devices::scanned_code,
                    center_);
    return app_.start_scripted([this] { return player_->now(); });
}

Result<void, std::string> ScriptRunner::step(const flow::ScriptStep& step) {
    if (auto played = player_->play(step); !played) {
        return played;
    }
    return app_.settle();
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
