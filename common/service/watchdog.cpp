#include "common/service/watchdog.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "common/service/notify.hpp"

namespace jiayi::service {

namespace {

std::chrono::steady_clock::rep now_ticks() {
    return std::chrono::steady_clock::now().time_since_epoch().count();
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += text.empty() ? name : ", " + name;
    }
    return text;
}

}  // namespace

void Heartbeat::beat() const {
    if (slot_) {
        slot_->last.store(now_ticks(), std::memory_order_relaxed);
    }
}

Watchdog::Watchdog(std::chrono::milliseconds beat_period, Send send)
    : period_(std::max(beat_period, std::chrono::milliseconds(1))), send_(std::move(send)) {
    if (!send_) {
        send_ = [](std::string_view state) { notify(state); };
    }
}

std::unique_ptr<Watchdog> Watchdog::from_environment() {
    const auto timeout = watchdog_timeout();
    if (!timeout) {
        return nullptr;
    }
    return std::make_unique<Watchdog>(
        std::chrono::duration_cast<std::chrono::milliseconds>(*timeout / 2));
}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

Heartbeat Watchdog::watch(std::string name, std::chrono::milliseconds allowance) {
    auto slot = std::make_shared<Heartbeat::Slot>();
    slot->name = std::move(name);
    slot->allowance = allowance;
    slot->last.store(now_ticks());
    std::lock_guard lock(mutex_);
    slots_.push_back(slot);
    return Heartbeat(std::move(slot));
}

void Watchdog::start() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) {
        thread_ = std::thread([this] { run(); });
    }
}

std::vector<std::string> Watchdog::late() const {
    const auto now = now_ticks();
    std::vector<std::string> names;
    std::lock_guard lock(mutex_);
    for (const auto& slot : slots_) {
        const auto silent = now - slot->last.load(std::memory_order_relaxed);
        if (silent > slot->allowance.count()) {
            names.push_back(slot->name);
        }
    }
    return names;
}

void Watchdog::status(std::string sentence) {
    send_("STATUS=" + sentence);
    std::lock_guard lock(mutex_);
    status_ = std::move(sentence);
}

void Watchdog::run() {
    std::vector<std::string> said;  // the late loops last named
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        const auto names = late();
        if (names.empty()) {
            if (!said.empty()) {
                log::notice("watchdog: every loop beats again");
                std::lock_guard relock(mutex_);
                send_("STATUS=" + status_);
            }
            send_("WATCHDOG=1");
        } else if (names != said) {
            // No ping: systemd restarts the program when its timeout passes.
            log::error("watchdog: stalled: " + joined(names) + "; no watchdog ping");
            send_("STATUS=stalled: " + joined(names));
        }
        said = names;
        lock.lock();
        stop_.wait_for(lock, period_, [this] { return stopping_; });
    }
}

}  // namespace jiayi::service
