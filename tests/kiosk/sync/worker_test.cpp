// The sync thread (kiosk/sync/worker.hpp): its own store connection on the
// kiosk's file beside the UI thread's, a pass on wake(), a prompt stop.

#include <doctest/doctest.h>

#include "kiosk/sync/backoff.hpp"
#include "kiosk/sync/sync_fixture.hpp"
#include "kiosk/sync/worker.hpp"

namespace jiayi::test::sync_tests {

namespace {

// Passes the worker reported, waited for with a condition (no sleeps).
struct Passes {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<sync::PassReport> seen;

    void add(const sync::PassReport& pass) {
        {
            std::lock_guard lock(mutex);
            seen.push_back(pass);
        }
        changed.notify_all();
    }
    sync::PassReport wait_for(std::size_t n) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return seen.size() >= n; });
        return seen[n - 1];
    }
    // Whether an n-th pass arrives within `limit` (for a pass that must not come).
    bool arrives_within(std::size_t n, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return seen.size() >= n; });
    }
};

// The beats a worker gave the watchdog (LoopBeat), waited for with a
// condition.
struct Beats {
    std::mutex mutex;
    std::condition_variable changed;
    int count = 0;

    LoopBeat beat(std::chrono::milliseconds every) {
        return {[this] {
                    {
                        std::lock_guard lock(mutex);
                        ++count;
                    }
                    changed.notify_all();
                },
                every};
    }
    bool reach(int n, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return count >= n; });
    }
    int now() {
        std::lock_guard lock(mutex);
        return count;
    }
};

sync::SyncWorker::OpenStore opener(const StoreFixture& f) {
    return [&f]() -> Result<std::unique_ptr<store::Store>, store::StoreError> {
        auto keys = store::KeyRing::load(f.key_path);
        if (!keys) {
            return fail(keys.error());
        }
        return store::Store::open(f.db_path, keys.value(), kStoreNow);
    };
}

}  // namespace

TEST_CASE("sync: the backoff doubles with jitter, up to its cap") {
    const sync::Backoff backoff{5, 60};
    CHECK(backoff.delay_seconds(1, 0.0) == 2);  // half of 5, rounded down
    CHECK(backoff.delay_seconds(1, 0.999) == 4);
    CHECK(backoff.delay_seconds(2, 0.0) == 5);
    CHECK(backoff.delay_seconds(3, 0.0) == 10);
    CHECK(backoff.delay_seconds(4, 0.5) == 30);  // 40 → 20 + 0.5 × 20
    CHECK(backoff.delay_seconds(5, 0.999) <= 60);
    CHECK(backoff.delay_seconds(50, 0.0) == 30);  // capped at 60, half fixed
    CHECK(backoff.next_attempt(Instant{1000}, 2, 0.0).unix_seconds == 1005);
}

TEST_CASE("sync: the worker pushes on wake beside the UI thread's store, and stops promptly") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(hub.hub.base_url());
    settings.period = std::chrono::hours(1);  // only wake() starts a pass after the first
    Passes passes;
    sync::SyncWorker worker(settings, opener(kiosk.store), kClock, kHalf,
                            [&](const sync::PassReport& pass) { passes.add(pass); });
    worker.start();
    CHECK_FALSE(passes.wait_for(1).push.failure.has_value());  // the first pass: nothing queued

    // The UI thread's store writes while the worker's connection is open.
    const std::string contract = kiosk.sign(1);
    worker.wake();
    const sync::PassReport second = passes.wait_for(2);
    CHECK_FALSE(second.push.failure.has_value());
    CHECK(second.push.acknowledged == 3);
    CHECK(kiosk.status().outbox_pending == 0);
    CHECK(hub.read_status("EpisodeOfCare/" + contract) == 200);

    const auto started = std::chrono::steady_clock::now();
    worker.stop();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("sync: the worker's stop ends a request the hub never answers") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    ListeningSocket silent("");
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(silent.base_url());
    settings.endpoint.transfer_timeout = std::chrono::hours(1);
    Passes passes;
    sync::SyncWorker worker(settings, opener(kiosk.store), kClock, kHalf,
                            [&](const sync::PassReport& pass) { passes.add(pass); });
    worker.start();
    silent.wait_for_requests(1);
    const auto started = std::chrono::steady_clock::now();
    worker.stop();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    const sync::PassReport pass = passes.wait_for(1);
    REQUIRE(pass.push.failure.has_value());
    CHECK(pass.push.failure->code == "cancelled");
    CHECK(kiosk.status().outbox_pending == 3);
    CHECK(kiosk.state().failures == 0);  // a stop is no verdict on the hub
}

TEST_CASE("sync: each pass purges residents the hub has held for the configured days") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.options.purge_after_days = 30;
    kiosk.sign(1);
    const store::ResidentRecord kept = test_resident(2);
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    auto pass_at = [&](std::int64_t days) {
        const Instant at{kStoreNow.unix_seconds + days * 86400};
        return sync::run_pass(
            *kiosk.store.store, client, kiosk.options, sync::Backoff{}, [at] { return at; }, kHalf);
    };
    const sync::PassReport sent = pass_at(0);
    REQUIRE(sent.push.acknowledged == 3);
    CHECK(sent.purged == 0);
    kiosk.sign(2);  // signed later: still pending when the first is due
    CHECK(pass_at(29).purged == 0);
    const sync::PassReport due = pass_at(31);
    CHECK(due.purged == 1);
    CHECK_FALSE(kiosk.store.store->find_resident(test_resident(1).document.number).value());
    CHECK(kiosk.store.store->find_resident(kept.document.number).value());
    CHECK(kiosk.status().purged_residents == 1);
    CHECK(pass_at(32).purged == 0);  // once
}

TEST_CASE("sync: a wake while the hub is failing waits for the backoff's attempt") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    ListeningSocket failing(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(failing.base_url());
    settings.backoff = sync::Backoff{3600, 7200};  // the next attempt is an hour away
    settings.period = std::chrono::hours(1);
    Passes passes;
    sync::SyncWorker worker(settings, opener(kiosk.store), kClock, kHalf,
                            [&](const sync::PassReport& pass) { passes.add(pass); });
    worker.start();
    const sync::PassReport first = passes.wait_for(1);
    REQUIRE(first.push.failure.has_value());
    CHECK(first.push.failure->code == "server-error");

    // Signings keep coming while the hub is down: each wakes the worker,
    // none makes it try before the backoff says.
    kiosk.sign(2);
    worker.wake();
    worker.wake();
    CHECK_FALSE(passes.arrives_within(2, std::chrono::milliseconds(1500)));
    CHECK(failing.requests() == 1);
    worker.stop();
    CHECK(kiosk.status().outbox_pending == 6);
}

}  // namespace jiayi::test::sync_tests

namespace jiayi::test::sync_tests {

TEST_CASE("sync: the worker waiting an hour for its next pass wakes to beat for the watchdog") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(hub.hub.base_url());
    settings.period = std::chrono::hours(1);
    Beats beats;
    settings.beat = beats.beat(std::chrono::milliseconds(5));
    Passes passes;
    sync::SyncWorker worker(settings, opener(kiosk.store), kClock, kHalf,
                            [&](const sync::PassReport& pass) { passes.add(pass); });
    worker.start();
    passes.wait_for(1);
    // An hour's wait, yet a beat every 5 ms: twenty of them come.
    const int after_pass = beats.now();
    CHECK(beats.reach(after_pass + 20, std::chrono::seconds(30)));
    worker.stop();
}

TEST_CASE("sync: a worker stuck in a request does not beat") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    ListeningSocket silent("");
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(silent.base_url());
    settings.endpoint.transfer_timeout = std::chrono::hours(1);
    Beats beats;
    settings.beat = beats.beat(std::chrono::milliseconds(5));
    sync::SyncWorker worker(settings, opener(kiosk.store), kClock, kHalf, {});
    worker.start();
    silent.wait_for_requests(1);
    // The request hangs: forty beat periods, and not one beat.
    const int stuck = beats.now();
    CHECK_FALSE(beats.reach(stuck + 1, std::chrono::milliseconds(200)));
    worker.stop();
}

}  // namespace jiayi::test::sync_tests
