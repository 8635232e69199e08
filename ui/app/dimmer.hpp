#pragma once
// The kiosk dims itself when nobody uses it (its session never blanks the
// screen: [screen] dim_after_seconds). After that long on the home screen
// with nothing happening, a dark veil covers the kiosk's screen; a touch on
// the veil only wakes it — the button under the finger is not pressed —,
// and a card or a code read wakes it and goes on as always. Wall time
// (steady), not the flow's: scripted runs never dim.

#include <chrono>

#include "ui/theme.hpp"

namespace jiayi::ui {

class Dimmer {
  public:
    using Clock = std::chrono::steady_clock;

    // `after_seconds` 0: never dims.
    explicit Dimmer(int after_seconds);

    // Something happened that a person did or sees (a touch, a card, a new
    // screen): the idle time starts again, and a dimmed screen wakes. A
    // touch on a dimmed screen is not this: it reaches the veil.
    void activity(Clock::time_point now);
    // Dims when the kiosk has been at rest (`at_rest`: the home screen,
    // nothing showing over it) long enough; true when it just dimmed.
    bool dim_if_idle(Clock::time_point now, bool at_rest);
    // How long the frame loop may sleep before dim_if_idle has work: -1 for
    // as long as it likes.
    int ms_until_dim(Clock::time_point now, bool at_rest) const;
    bool dimmed() const { return dimmed_; }

    // Over the frame drawn (ImGui, after the screen's window): the veil,
    // taking every touch on the kiosk's `width` × `height`. True when a
    // touch on it ended: the kiosk is awake again.
    bool draw_veil(float width, float height);

  private:
    Clock::duration after_;
    Clock::time_point last_{};
    bool dimmed_ = false;
};

}  // namespace jiayi::ui
