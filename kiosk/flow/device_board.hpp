#pragma once
// What the kiosk's devices last said, for the heartbeat (kiosk/sync/
// heartbeat.hpp): the event queue shows it every event a device posts
// (EventQueue::watch), and the sync thread reads a snapshot. A configured
// device is "ok" until it says otherwise; one not configured is "absent"
// until it speaks (the demo's simulated printer). Thread-safe.

#include <mutex>
#include <string>

#include "kiosk/flow/event_queue.hpp"

namespace jiayi::flow {

struct DeviceStates {
    std::string reader;  // ok | offline | broken | absent
    std::string
        printer;  // ok | paper-out | cover-open | offline | no-answer | disconnected | absent
    std::string scanner;  // ok | absent
    std::string paper;    // ok | out | unknown
};

class DeviceBoard {
  public:
    DeviceBoard(bool reader, bool printer, bool scanner);

    void note(const DeviceEvent& event);  // any thread
    DeviceStates snapshot() const;        // any thread

  private:
    mutable std::mutex mutex_;
    DeviceStates states_;
};

}  // namespace jiayi::flow
