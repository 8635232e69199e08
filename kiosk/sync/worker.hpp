#pragma once
// The sync thread (STYLE.md, "One owner per resource"): it owns its own
// Store connection on the kiosk's database file (WAL with a busy timeout:
// the UI thread's connection writes beside it; the sync holds no
// transaction across a network call, only the short one that applies an
// answer) and the HubClient. It runs a pass every `period`, at once on
// wake(), and after a failure at the backoff's next attempt instead; it
// never blocks the UI thread, which only calls wake() and stop().
//
// stop() ends a request in flight (HubClient::cancel) and the wait, and
// joins: it returns within a poll of libcurl, not a timeout. Everything the
// pass throws is caught at the thread's edge and becomes a failed pass.
// `on_pass` runs on the sync thread after each pass (post it to the UI's
// queue; do not draw from it).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/loop_beat.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/heartbeat.hpp"
#include "kiosk/sync/push.hpp"

namespace jiayi::sync {

struct WorkerSettings {
    HubEndpoint endpoint;
    PushOptions push;
    PullOptions pull;  // after each push that went through
    Backoff backoff;
    std::chrono::seconds period{60};
    // The program's watchdog: a beat around each pass and while waiting
    // for the next (a pass itself is bounded by the client's timeouts).
    LoopBeat beat;
    // The heartbeat (heartbeat.hpp): every `heartbeat_period` (0: never),
    // after the pass that falls due.
    std::chrono::seconds heartbeat_period{0};
    std::string kiosk_id;
    std::string version;  // the software's, from the composition root
};

// Where the heartbeat's device states come from, and who hears how it went
// (both called on the sync thread; `sent` may be empty).
struct HeartbeatSource {
    std::function<DeviceReport()> devices;
    std::function<void(const Result<void, SyncFailure>&)> sent;
};

class SyncWorker {
  public:
    using OpenStore = std::function<Result<std::unique_ptr<store::Store>, store::StoreError>()>;

    SyncWorker(WorkerSettings settings, OpenStore open_store, std::function<Instant()> clock,
               std::function<double()> random, std::function<void(const PassReport&)> on_pass);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // Before start(): heartbeats with these device states (none without).
    void send_heartbeats(HeartbeatSource source);
    void start();
    // A pass as soon as the thread is free (e.g. right after a signing).
    void wake();
    void stop();

  private:
    void run();

    WorkerSettings settings_;
    OpenStore open_store_;
    std::function<Instant()> clock_;
    std::function<double()> random_;
    std::function<void(const PassReport&)> on_pass_;
    HeartbeatSource heartbeat_source_;
    HubClient client_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool woken_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiayi::sync
