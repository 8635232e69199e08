#pragma once
// Headless sessions (`jiayi-kiosk --headless`): a script's steps through the
// real flow and the kiosk's frames, on a simulated clock that starts at the
// real one and moves a second a step, with a PNG of every screen it shows.
// The steps are played by kiosk/demo's ScriptPlayer (its "card NAME" taps
// one of the demo's made-up residents; its `center` is the ScriptCenter
// given); this runner draws and shoots.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "kiosk/demo/script_center.hpp"
#include "kiosk/demo/script_player.hpp"
#include "kiosk/flow/script.hpp"
#include "ui/app/kiosk_app.hpp"

namespace jiayi::ui {

// Reads and parses a script file; the errors name the file and the lines.
Result<std::vector<flow::ScriptStep>, std::string> load_script(const std::filesystem::path& file);
// The screen `name` names (flow::screen_name); the error lists the names.
Result<flow::Screen, std::string> screen_named(const std::string& name);

// What a screenshot is called: NN-SCREEN[-countdown|-MESSAGE]-WxH-LANG-TEXT.png
// (`index` > 0) or SCREEN-WxH-LANG-TEXT.png (index 0: one screen asked for).
std::string shot_name(const flow::View& view, int index, int width, int height);

class ScriptRunner {
  public:
    // `center`: what the script's `center` steps stand for (the made-up
    // center, or a real hub's sync).
    explicit ScriptRunner(KioskApp& app, demo::ScriptCenter center = demo::ScriptCenter::made_up());

    // For tests and benchmarks, one step at a time: start, then step.
    Result<void, std::string> start();
    Result<void, std::string> step(const flow::ScriptStep& step);

    // Runs the steps; writes a PNG whenever the screen, its message or the
    // countdown changes (and at each "shot"). Returns the files written.
    Result<std::vector<std::filesystem::path>, std::string> run(
        const std::vector<flow::ScriptStep>& steps, const std::filesystem::path& dir);
    // Runs the steps until `screen` shows (without a message); writes it.
    Result<std::filesystem::path, std::string> render_screen(
        const std::vector<flow::ScriptStep>& steps, flow::Screen screen,
        const std::filesystem::path& dir);

  private:
    Result<std::filesystem::path, std::string> shoot(const std::filesystem::path& dir, int index);

    KioskApp& app_;
    demo::ScriptCenter center_;
    std::optional<demo::ScriptPlayer> player_;  // from start()
};

}  // namespace jiayi::ui
