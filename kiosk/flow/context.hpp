#pragma once
// What every journey of the flow shares: where the kiosk is (the screen, the
// way back, the one message on top) and what it works with (configuration,
// store, ids, the time of the event being handled, who is signed in).
// Internal to kiosk/flow.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/flow/view_model.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::flow {

// The screen on show, the screens to go back through, and the message that
// covers them (one sentence, one next step: where that step leads).
class Navigator {
  public:
    Screen screen() const { return screen_; }
    const std::vector<Screen>& history() const { return history_; }
    int page() const { return page_; }
    const std::optional<Message>& message() const { return message_; }

    // Shows `screen`, remembering the one before it for Back.
    void go(Screen screen);
    // Returns to the screen before; Home when there is none.
    void back();
    // Shows `screen` with nothing to go back to but `below` (when given).
    void restart_at(Screen screen, std::optional<Screen> below = std::nullopt);
    void page_up();
    void page_down() { ++page_; }

    void show(std::string code, std::vector<std::string> args = {},
              std::optional<Screen> then = std::nullopt);
    // The message's button: the message goes, and where it leads is returned
    // (Home asks for a wiped session, which the caller does).
    std::optional<Screen> dismiss();
    // Drops the message if its code starts with `prefix` (news that no
    // longer holds, e.g. the printer's).
    void drop_message(std::string_view prefix);
    void reset();

  private:
    Screen screen_ = Screen::Home;
    std::vector<Screen> history_;
    int page_ = 0;
    std::optional<Message> message_;
    std::optional<Screen> after_message_;
};

struct Context {
    using IdSource = std::function<std::string()>;

    const config::KioskConfig& config;
    store::Store& store;
    IdSource ids;
    Instant now{};
    Navigator& nav;
    // The staff member signed in (assisted mode); empty when none.
    std::string& staff;
    // A scanned nurse badge's staff id, until its PIN; empty when none.
    std::string& badge;

    bool assisted() const { return !staff.empty(); }
    domain::Date today() const;
    // The audit log names the staff member and the record, never a
    // resident. Without a nurse signed in, a try names the badge it came
    // with, if any, else the kiosk.
    void audit(const std::string& action, const std::string& detail);
};

}  // namespace jiayi::flow
