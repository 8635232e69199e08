#pragma once
// The program's answer to systemd's watchdog (WatchdogSec=): WATCHDOG=1 is
// sent only while every loop that must stay alive has beaten recently, so
// ONE stalled loop stops the pings and systemd restarts the program.
//
// Each loop is watched under a name with an allowance: the longest it may
// legitimately go without a beat (the frame loop a few seconds; the sync a
// whole pass over a slow network). A loop that sleeps on a timer or a queue
// wakes at least every beat_period() to beat (Heartbeat). A thread of the
// watchdog's own sends the pings every beat_period() — half the timeout
// systemd gave, as sd_watchdog_enabled(3) advises — when all loops are in
// time; when one is late it sends none, and says which loop in STATUS= and
// in the journal, once.
//
//     auto watchdog = service::Watchdog::from_environment();  // null: no watchdog asked
//     service::Heartbeat frames = watchdog ? watchdog->watch("frame loop", 5s) :
//     service::Heartbeat();
//     ... in the loop: frames.beat();
//
// The loops' libraries (ui, kiosk/sync) take a std::function<void()>; only
// the programs link this library.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace jiayi::service {

// One loop's slot: beat() is a relaxed store of the time, callable from the
// loop's thread at any rate. A default Heartbeat beats nothing.
class Heartbeat {
  public:
    Heartbeat() = default;
    void beat() const;
    void operator()() const { beat(); }

  private:
    friend class Watchdog;
    struct Slot {
        std::string name;
        std::chrono::steady_clock::duration allowance;
        std::atomic<std::chrono::steady_clock::rep> last{0};
    };
    explicit Heartbeat(std::shared_ptr<Slot> slot) : slot_(std::move(slot)) {}
    std::shared_ptr<Slot> slot_;
};

class Watchdog {
  public:
    using Send = std::function<void(std::string_view state)>;  // default: service::notify

    // Pings every `beat_period` through `send` (tests pass their own period;
    // the programs use from_environment()).
    explicit Watchdog(std::chrono::milliseconds beat_period, Send send = {});
    // Half of WATCHDOG_USEC when systemd asked for a watchdog; else null.
    static std::unique_ptr<Watchdog> from_environment();
    ~Watchdog();  // stops the pings (and joins their thread)
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // A loop to watch, counted as beating now. Before start() or after.
    Heartbeat watch(std::string name, std::chrono::milliseconds allowance);
    // Starts the pings' thread.
    void start();
    std::chrono::milliseconds beat_period() const { return period_; }

    // The loops silent longer than their allowance, by name.
    std::vector<std::string> late() const;

    // A STATUS= line sent now and again when a stall ends (the stall's own
    // line replaces it meanwhile).
    void status(std::string sentence);

  private:
    void run();

    std::chrono::milliseconds period_;
    Send send_;
    mutable std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::vector<std::shared_ptr<Heartbeat::Slot>> slots_;
    std::string status_ = "running";
    std::thread thread_;
};

}  // namespace jiayi::service
