#include "kiosk/flow/context.hpp"

#include <algorithm>

namespace jiayi::flow {

namespace {

// The audit log's actor when no staff member is signed in or named.
const std::string kNoStaff = "kiosk";

}  // namespace

void Navigator::go(Screen screen) {
    if (screen != screen_) {
        history_.push_back(screen_);
        screen_ = screen;
        page_ = 0;
    }
}

void Navigator::back() {
    page_ = 0;
    if (history_.empty()) {
        screen_ = Screen::Home;
        return;
    }
    screen_ = history_.back();
    history_.pop_back();
}

void Navigator::restart_at(Screen screen, std::optional<Screen> below) {
    history_.clear();
    if (below) {
        history_.push_back(*below);
    }
    screen_ = screen;
    page_ = 0;
}

void Navigator::page_up() {
    page_ = std::max(0, page_ - 1);
}

void Navigator::show(std::string code, std::vector<std::string> args, std::optional<Screen> then) {
    message_ = Message{std::move(code), std::move(args)};
    after_message_ = then;
}

std::optional<Screen> Navigator::dismiss() {
    message_.reset();
    const auto then = after_message_;
    after_message_.reset();
    if (then && *then != Screen::Home) {
        go(*then);
        // Going back from where the message led should not return to the
        // step it refused.
        while (!history_.empty() && history_.back() == *then) {
            history_.pop_back();
        }
    }
    return then;
}

void Navigator::drop_message(std::string_view prefix) {
    if (message_ && message_->code.starts_with(prefix)) {
        message_.reset();
        after_message_.reset();
    }
}

void Navigator::reset() {
    *this = Navigator{};
}

domain::Date Context::today() const {
    return domain::local_date(now, config.kiosk.utc_offset_minutes);
}

void Context::audit(const std::string& action, const std::string& detail) {
    const std::string& actor = !staff.empty() ? staff : !badge.empty() ? badge : kNoStaff;
    (void)store.audit(actor, action, detail, now);
}

}  // namespace jiayi::flow
