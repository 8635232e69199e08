#pragma once
// A card reader's events as the kiosk's queue would receive them, waited for
// with a deadline (never a sleep).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "drivers/idcard/reader.hpp"

namespace jiayi::test {

class ReaderEvents {
  public:
    using Event = drivers::idcard::ReaderEvent;

    void post(Event e) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(e));
        }
        cv_.notify_all();
    }
    // The first event of `kind`, dropping those before it.
    std::optional<Event> wait(Event::Kind kind,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        std::optional<Event> found;
        cv_.wait_for(lock, timeout, [&] {
            for (auto it = events_.begin(); it != events_.end(); ++it) {
                if (it->kind == kind) {
                    found = std::move(*it);
                    events_.erase(events_.begin(), it + 1);
                    return true;
                }
            }
            return false;
        });
        return found;
    }
    int count(Event::Kind kind) {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& e : events_) {
            n += e.kind == kind ? 1 : 0;
        }
        return n;
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Event> events_;
};

}  // namespace jiayi::test
