#pragma once
// Plays a script (kiosk/flow/script.hpp) on a flow as a person at the kiosk
// would: `card adult` taps that made-up card (cards()), `card NUMBER NAME` a
// card with that number, `tap` sends the intent, `keys` one key per
// character, `stroke` the made-up signature, `qr` a scanned code, `printer`
// the printer's news about the session's receipt, `wait` lets seconds pass
// with the idle timers running, `center` is the center's news as `center`
// (script_center.hpp) has it. The time is the script's own: it starts at
// `start`, and each step takes one second.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/demo/script_center.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/script.hpp"

namespace jiayi::demo {

class ScriptPlayer {
  public:
    // A scanned code's text sorted as the scanner's driver sorts it
    // (devices::scanned_code); the demo library stays free of drivers.
    using CodeSorter = std::function<flow::ScannedCode(std::string_view text)>;

    ScriptPlayer(flow::Flow& flow, Instant start, int utc_offset_minutes, CodeSorter sort_code,
                 ScriptCenter center = ScriptCenter::made_up());

    // One step; a card name the demo does not have is an error naming the line.
    Result<void, std::string> play(const flow::ScriptStep& step);
    Instant now() const { return now_; }

  private:
    flow::Flow& flow_;
    Instant now_;
    int utc_offset_minutes_;
    std::vector<DemoCard> cards_;
    CodeSorter sort_code_;
    ScriptCenter center_;
};

}  // namespace jiayi::demo
