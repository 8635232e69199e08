#pragma once
// The kiosk's PIN checker: one thread that runs each PIN check (Argon2id,
// kiosk/auth/staff.hpp) and posts the answer to the flow's event queue
// (STYLE.md, "Tracy": workers post events, the frame loop drains them).
//
// Threading: check() is called from the UI thread and returns at once; the
// worker runs the checks one at a time, in order. The destructor stops the
// worker after the check under way (a queued one is dropped: the kiosk is
// closing) and joins it. Nothing thrown by a check crosses the thread: it
// becomes a PinChecked with `failed` set.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "kiosk/flow/event_queue.hpp"

namespace jiayi::flow {

class PinWorker final : public PinChecker {
  public:
    explicit PinWorker(EventQueue& answers);
    ~PinWorker() override;
    PinWorker(const PinWorker&) = delete;
    PinWorker& operator=(const PinWorker&) = delete;

    void check(std::uint64_t ticket, auth::PinCheck check) override;

  private:
    void run();

    EventQueue& answers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::uint64_t, auth::PinCheck>> jobs_;
    bool stopping_ = false;
    std::thread thread_;  // last: started once the rest exists
};

}  // namespace jiayi::flow
