// The watchdog library against a real notify socket (support/notify_socket.hpp)
// with real threads: sd_notify's messages arrive, pings go out while every
// loop beats, and one stalled loop stops them until it beats again.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/service/notify.hpp"
#include "common/service/watchdog.hpp"
#include "support/notify_socket.hpp"

using namespace std::chrono_literals;
using jiayi::service::Heartbeat;
using jiayi::service::Watchdog;

namespace {

// A loop on its own thread that beats every few milliseconds, or stops
// beating (stalled, as if blocked) until resumed: it waits on a condition,
// not a timer, while stalled.
class Loop {
  public:
    explicit Loop(Heartbeat heartbeat)
        : heartbeat_(std::move(heartbeat)), thread_([this] { run(); }) {}
    ~Loop() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    void stall(bool stalled) {
        {
            std::lock_guard lock(mutex_);
            stalled_ = stalled;
        }
        changed_.notify_all();
    }

  private:
    void run() {
        std::unique_lock lock(mutex_);
        while (!done_) {
            changed_.wait(lock, [this] { return done_ || !stalled_; });
            heartbeat_.beat();
            changed_.wait_for(lock, 2ms, [this] { return done_; });
        }
    }
    Heartbeat heartbeat_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stalled_ = false;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

TEST_CASE("service notify: READY=1 and STATUS reach the socket NOTIFY_SOCKET names") {
    CHECK_FALSE(jiayi::service::ready());  // no socket yet: nothing to tell
    jiayi::test::NotifySocket systemd;
    REQUIRE(jiayi::service::ready());
    CHECK(systemd.next(10s) == "READY=1");
    REQUIRE(jiayi::service::status("serving 3 kiosks"));
    CHECK(systemd.next(10s) == "STATUS=serving 3 kiosks");
    REQUIRE(jiayi::service::stopping());
    CHECK(systemd.next(10s) == "STOPPING=1");
}

TEST_CASE("service watchdog: from_environment pings at half WATCHDOG_USEC, none without it") {
    CHECK(Watchdog::from_environment() == nullptr);
    jiayi::test::NotifySocket systemd(400ms);
    auto watchdog = Watchdog::from_environment();
    REQUIRE(watchdog != nullptr);
    CHECK(watchdog->beat_period() == 200ms);
}

TEST_CASE("service watchdog: pings while every loop beats, none while one loop stalls") {
    jiayi::test::NotifySocket systemd;
    Watchdog watchdog(10ms);  // sd_notify through NOTIFY_SOCKET
    Loop frames(watchdog.watch("frame loop", 1s));
    Loop sync(watchdog.watch("sync", 1s));
    watchdog.start();

    // Pings, repeatedly, while both beat.
    for (int i = 0; i < 5; ++i) {
        CHECK(systemd.next(10s) == "WATCHDOG=1");
    }
    CHECK(watchdog.late().empty());

    // The sync stalls: the watchdog says so once, and sends no ping after it.
    sync.stall(true);
    std::string seen;
    REQUIRE(systemd.next_containing("STATUS=stalled: sync", 10s, &seen));
    CHECK(watchdog.late() == std::vector<std::string>{"sync"});
    // Twenty beat periods of silence: a ping here would be a ping for a
    // stalled program (the frame loop still beats all along).
    CHECK(systemd.next(200ms) == std::nullopt);

    // It beats again: the status from before the stall, and the pings, come back.
    sync.stall(false);
    std::string back;
    CHECK(systemd.next_containing("WATCHDOG=1", 10s, &back));
    CHECK(back == "STATUS=running\nWATCHDOG=1\n");
    CHECK(systemd.next(10s) == "WATCHDOG=1");
}

TEST_CASE("service watchdog: a loop that never beats after being watched stops the pings") {
    jiayi::test::NotifySocket systemd;
    Watchdog watchdog(10ms);
    Loop frames(watchdog.watch("frame loop", 1s));
    const Heartbeat silent = watchdog.watch("booking", 50ms);
    silent.beat();
    watchdog.start();
    REQUIRE(systemd.next_containing("STATUS=stalled: booking", 10s));
    CHECK(systemd.next(200ms) == std::nullopt);
}
