#pragma once
// Device events cross from driver threads to the UI thread here (DESIGN.md,
// "Threading"): a driver posts; the frame loop drains the queue once per
// wake-up and hands each event to the flow. Posting calls the wake function
// (the platform's SDL_PushEvent), so the sleeping loop wakes at once.
// Workers (the PIN checker, pin_worker.hpp) post their answers here too, and
// so does whoever answers the booking questions (hub_requests.hpp), and the
// sync thread after each pass (SyncNews).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/flow/flow.hpp"

namespace jiayi::flow {

struct CardEvent {
    CardData card;
};
struct QrEvent {
    ScannedCode code;
};
// What the reader says about itself, in the words the resident sees.
struct ReaderStatusEvent {
    ReaderStatus status = ReaderStatus::Back;
};
using DeviceEvent = std::variant<CardEvent, QrEvent, ReaderStatusEvent, PrinterEvent, PinChecked,
                                 HubAnswer, SyncNews>;

class EventQueue {
  public:
    explicit EventQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}

    // Any thread.
    void post(DeviceEvent event) {
        {
            std::lock_guard lock(mutex_);
            if (watcher_) {
                watcher_(event);
            }
            events_.push_back(std::move(event));
        }
        posted_.notify_all();
        if (wake_) {
            wake_();
        }
    }

    // Shows `watcher` every event as it is posted, on the poster's thread,
    // under the queue's lock (it must not post; flow::DeviceBoard keeps the
    // devices' states from it). Empty: none.
    void watch(std::function<void(const DeviceEvent&)> watcher) {
        std::lock_guard lock(mutex_);
        watcher_ = std::move(watcher);
    }

    // The UI thread: everything posted so far, in order.
    std::vector<DeviceEvent> drain() {
        std::lock_guard lock(mutex_);
        std::vector<DeviceEvent> out(std::make_move_iterator(events_.begin()),
                                     std::make_move_iterator(events_.end()));
        events_.clear();
        return out;
    }

    // Waits until something was posted (or `timeout` passed), then drains.
    // For scripted runs and tests that wait for a worker's answer instead
    // of sleeping; the frame loop itself sleeps in the platform.
    std::vector<DeviceEvent> wait_and_drain(std::chrono::milliseconds timeout) {
        {
            std::unique_lock lock(mutex_);
            posted_.wait_for(lock, timeout, [this] { return !events_.empty(); });
        }
        return drain();
    }

  private:
    std::mutex mutex_;
    std::condition_variable posted_;
    std::deque<DeviceEvent> events_;
    std::function<void()> wake_;
    std::function<void(const DeviceEvent&)> watcher_;
};

// Hands a drained event to the flow.
inline void deliver(Flow& flow, const DeviceEvent& event, Instant now) {
    if (const auto* card = std::get_if<CardEvent>(&event)) {
        flow.card(card->card, now);
    } else if (const auto* qr = std::get_if<QrEvent>(&event)) {
        flow.qr(qr->code, now);
    } else if (const auto* reader = std::get_if<ReaderStatusEvent>(&event)) {
        flow.reader(reader->status, now);
    } else if (const auto* printer = std::get_if<PrinterEvent>(&event)) {
        flow.printer(*printer, now);
    } else if (const auto* pin = std::get_if<PinChecked>(&event)) {
        flow.pin_checked(*pin, now);
    } else if (const auto* hub = std::get_if<HubAnswer>(&event)) {
        flow.hub_answered(*hub, now);
    } else if (const auto* news = std::get_if<SyncNews>(&event)) {
        flow.sync_news(*news, now);
    }
}

}  // namespace jiayi::flow
