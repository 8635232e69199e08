#pragma once
// What a kiosk shows when it cannot serve at all: its store could not be
// opened (an update's migration failed and the store was put back, a wrong
// key, a full disk). Instead of exiting (and flickering through restarts in
// its kiosk session), it tells residents, in both languages at once and with
// nothing to touch, to go to the desk, and tells staff below what happened
// and what to do. It draws only when the screen needs it.

#include <filesystem>
#include <functional>
#include <string>

#include "common/loop_beat.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/platform/sdl_platform.hpp"

namespace jiayi::ui {

struct OutOfService {
    std::string staff_message;  // for staff: what happened, what to do (no personal data)
    bool large_text = false;
};

// The loop: returns when the window closes (0). Headless, writes the screen
// to `screenshot` and returns (0; non-zero when it could not). `shown` runs
// once the screen is up; the loop wakes to `beat` (systemd's watchdog).
int run_out_of_service(Platform& platform, const text::Catalog& catalog, const OutOfService& what,
                       const std::filesystem::path& screenshot = {}, const LoopBeat& beat = {},
                       const std::function<void()>& shown = {});

}  // namespace jiayi::ui
