#include "kiosk/sync/worker.hpp"

namespace jiayi::sync {

SyncWorker::SyncWorker(WorkerSettings settings, OpenStore open_store,
                       std::function<Instant()> clock, std::function<double()> random,
                       std::function<void(const PassReport&)> on_pass)
    : settings_(std::move(settings)),
      open_store_(std::move(open_store)),
      clock_(std::move(clock)),
      random_(std::move(random)),
      on_pass_(std::move(on_pass)),
      client_(settings_.endpoint) {}

SyncWorker::~SyncWorker() {
    stop();
}

void SyncWorker::send_heartbeats(HeartbeatSource source) {
    heartbeat_source_ = std::move(source);
}

void SyncWorker::start() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable() && !stopping_) {
        thread_ = std::thread([this] { run(); });
    }
}

void SyncWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    changed_.notify_one();
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    client_.cancel();
    changed_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void SyncWorker::run() {
    auto failed_pass = [&](const std::string& words) {
        PassReport pass;
        pass.push.failure = SyncFailure{"store", words};
        return pass;
    };
    std::unique_ptr<store::Store> store;
    const bool heartbeats =
        settings_.heartbeat_period.count() > 0 && static_cast<bool>(heartbeat_source_.devices);
    Heartbeat heartbeat(settings_.kiosk_id, settings_.version, clock_());
    Instant next_heartbeat = clock_();  // the first right after the first pass
    for (;;) {
        settings_.beat();
        PassReport pass;
        try {
            if (!store) {
                auto opened = open_store_();
                if (opened) {
                    store = std::move(opened).value();
                } else {
                    pass =
                        failed_pass("the sync could not open the store: " + opened.error().message);
                }
            }
            if (store) {
                pass = run_pass(*store, client_, settings_.push, settings_.pull, settings_.backoff,
                                clock_, random_);
            }
        } catch (const std::exception& e) {
            pass = failed_pass(std::string("the sync failed: ") + e.what());
        } catch (...) {
            pass = failed_pass("the sync failed");
        }
        if (on_pass_) {
            try {
                on_pass_(pass);
            } catch (...) {
                // The receiver's problem must not end the sync thread.
            }
        }
        if (heartbeats && store && clock_() >= next_heartbeat) {
            next_heartbeat = Instant{clock_().unix_seconds + settings_.heartbeat_period.count()};
            try {
                const auto sent =
                    heartbeat.send(client_, *store, heartbeat_source_.devices(), clock_());
                if (heartbeat_source_.sent) {
                    heartbeat_source_.sent(sent);
                }
            } catch (...) {
                // A heartbeat's failure is the next one's to mend.
            }
        }
        // The next pass: after the period, or at the backoff's next attempt.
        // A wake() while backing off waits for the backoff too: a lobby
        // signing every minute must not become a retry every minute against
        // a hub that is down (what it queued goes with the next attempt).
        std::chrono::seconds wait = settings_.period;
        const bool backing_off = pass.failure() != nullptr;
        if (pass.next_attempt) {
            wait = std::chrono::seconds(
                std::max<std::int64_t>(1, pass.next_attempt->unix_seconds - clock_().unix_seconds));
        } else if (backing_off) {
            wait = std::chrono::seconds(settings_.backoff.first_seconds);
        }
        if (heartbeats) {
            wait = std::min(wait, std::chrono::seconds(std::max<std::int64_t>(
                                      1, next_heartbeat.unix_seconds - clock_().unix_seconds)));
        }
        std::unique_lock lock(mutex_);
        settings_.beat.wait_until(changed_, lock, std::chrono::steady_clock::now() + wait,
                                  [&] { return (woken_ && !backing_off) || stopping_; });
        if (stopping_) {
            return;
        }
        woken_ = false;
    }
}

}  // namespace jiayi::sync
