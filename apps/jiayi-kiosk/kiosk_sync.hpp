#pragma once
// The kiosk's sync as jiayi-kiosk wires it (kiosk/sync/worker.hpp): the
// worker on a store connection of its own on the kiosk's database file,
// woken by every record the store queues; what each pass did goes to the
// app's queue (flow::news_of: the staff's indicator, a signing waiting for
// the center's word) and to the journal (counts and the staff's words,
// never a resident). The destructor unhooks the store and stops the worker
// (the request in flight cancelled, the thread joined).
//
// The heartbeat ([hub] heartbeat_seconds) reports the devices as the app's
// event queue last heard them (flow::DeviceBoard watching it).
//
// Also which hub a demo uses: `--demo` with a configuration that names a
// hub on this machine (a center, and a URL on 127.0.0.1/localhost/[::1],
// as scripts/hub-local writes it) signs against that hub; made-up residents
// never go to a district's hub elsewhere.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "kiosk/config/config.hpp"
#include "kiosk/flow/device_board.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/worker.hpp"

namespace jiayi::app {

// Whether a demo with this configuration signs against its hub: a center
// is set and the hub's URL is on this machine.
bool demo_uses_hub(const config::KioskConfig& config);

class KioskSync {
  public:
    // Starts the worker; `store` is the UI thread's connection (its
    // on_queued wakes the worker), `events` the app's queue, `beat` the
    // program's watchdog. Each pass's outcome goes to the journal (warning
    // when it failed, info otherwise) and to `systemctl status` (STATUS=).
    KioskSync(const config::KioskConfig& config, const store::KeyRing& keys, store::Store& store,
              flow::EventQueue& events, std::function<Instant()> clock, LoopBeat beat);
    ~KioskSync();
    KioskSync(const KioskSync&) = delete;
    KioskSync& operator=(const KioskSync&) = delete;

    // Wakes the worker and waits (at most `limit`) until a pass leaves
    // nothing queued: a headless run's records are on the hub before it
    // ends. false: a pass failed, or the limit passed.
    bool drain(std::chrono::seconds limit);

  private:
    void heard(const sync::PassReport& pass);
    sync::DeviceReport device_report() const;
    void heartbeat_sent(const Result<void, sync::SyncFailure>& sent);

    store::Store& store_;
    flow::EventQueue& events_;
    std::mutex mutex_;
    std::condition_variable passed_;
    int passes_ = 0;
    bool last_failed_ = false;
    std::int64_t last_queued_ = -1;             // -1: the store could not say
    flow::DeviceBoard devices_;                 // watching events_ until the destructor
    std::string last_heartbeat_failure_;        // logged once, until it changes
    std::unique_ptr<sync::SyncWorker> worker_;  // last: it stops first
};

}  // namespace jiayi::app
