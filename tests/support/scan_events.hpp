#pragma once
// Scanner events as the kiosk's queue would receive them, waited for with a
// deadline (no sleeps): shared by the camera scanner and wedge tests.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "drivers/qr/scan_event.hpp"

namespace jiayi::test {

class ScanEvents {
  public:
    using Event = drivers::qr::ScanEvent;
    using Kind = Event::Kind;

    void post(Event e) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(e));
        }
        cv_.notify_all();
    }
    // Waits until `n` events of `kind` have come in all; false at the deadline.
    bool wait_for(Kind kind, int n = 1,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return count_locked(kind) >= n; });
    }
    int count(Kind kind) {
        std::lock_guard lock(mutex_);
        return count_locked(kind);
    }
    std::vector<Event> all() {
        std::lock_guard lock(mutex_);
        return events_;
    }
    // The codes' texts, in order.
    std::vector<std::string> codes() {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& e : events_) {
            if (e.kind == Kind::Code) {
                out.push_back(e.text);
            }
        }
        return out;
    }

  private:
    int count_locked(Kind kind) const {
        int n = 0;
        for (const auto& e : events_) {
            n += e.kind == kind ? 1 : 0;
        }
        return n;
    }
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Event> events_;
};

}  // namespace jiayi::test
