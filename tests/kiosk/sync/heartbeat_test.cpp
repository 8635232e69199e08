// The kiosk's heartbeat (kiosk/sync/heartbeat.hpp) to a real jiayi-hub on
// loopback: the Device as `jiayi-hub kiosks --json` then lists it, a
// restarted kiosk (which no longer knows the Device's version) still
// updating it, and the sync thread sending it with the devices' states.

#include <doctest/doctest.h>

#include "kiosk/sync/heartbeat.hpp"
#include "kiosk/sync/sync_fixture.hpp"
#include "kiosk/sync/worker.hpp"

namespace jiayi::test::sync_tests {

namespace {

nlohmann::json listed_kiosk(const HubSide& hub) {
    const AdminRun ran = hub.hub.admin("kiosks --json");
    REQUIRE_MESSAGE(ran.status == 0, ran.err);
    const auto kiosks = nlohmann::json::parse(ran.out).at("kiosks");
    REQUIRE(kiosks.size() == 1);
    return kiosks[0];
}

const sync::DeviceReport kOutOfPaper{
    {{"card-reader", "ok"}, {"printer", "paper-out"}, {"qr-scanner", "absent"}}, "out"};

}  // namespace

TEST_CASE(
    "heartbeat: the Device carries the queue, the devices and the paper, and a restart still "
    "updates it") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);  // three records queued, not sent
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const Instant started{kStoreNow.unix_seconds - 7200};

    sync::Heartbeat first(kKiosk, "9.9.9", started);
    const auto sent = first.send(client, *kiosk.store.store, kOutOfPaper, kStoreNow);
    REQUIRE_MESSAGE(sent.ok(), (sent.ok() ? "" : sent.error().message));
    // The next one goes as a versioned update (If-Match from the answer).
    REQUIRE(first.send(client, *kiosk.store.store, kOutOfPaper, kStoreNow).ok());

    const auto k = listed_kiosk(hub);
    CHECK(k.at("kiosk") == kKiosk);
    CHECK(k.at("version") == "9.9.9");
    CHECK(k.at("uptime_seconds") == 7200);
    CHECK(k.at("queued") == 3);
    CHECK(k.at("oldest_queued") == to_iso8601(kStoreNow));
    CHECK(k.at("last_sync").is_null());
    CHECK(k.at("paper") == "out");
    CHECK(k.at("parts").at("printer") == "paper-out");
    CHECK(k.at("healthy") == false);

    // A restart: a new Heartbeat does not know the version; the hub's 409
    // makes it read the Device and send again.
    sync::Heartbeat restarted(kKiosk, "9.9.10", kStoreNow);
    const auto again = restarted.send(client, *kiosk.store.store, kOutOfPaper, kStoreNow);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
    CHECK(listed_kiosk(hub).at("version") == "9.9.10");
    CHECK(hub.count("SELECT MAX(version) FROM history WHERE type = 'Device'") == 3);

    // A wrong token is the credential's failure, not a silent success.
    kiosk.write_token(std::string(64, 'e'));
    const auto refused = restarted.send(client, *kiosk.store.store, kOutOfPaper, kStoreNow);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "credential-refused");
}

TEST_CASE("heartbeat: the sync thread sends it after its pass, with the devices' states") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);
    sync::WorkerSettings settings;
    settings.endpoint = kiosk.endpoint(hub.hub.base_url());
    settings.period = std::chrono::hours(1);
    settings.heartbeat_period = std::chrono::hours(1);
    settings.kiosk_id = kKiosk;
    settings.version = "9.9.9";
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<bool> heartbeats;
    sync::SyncWorker worker(
        settings,
        [&f = kiosk.store]() -> Result<std::unique_ptr<store::Store>, store::StoreError> {
            auto keys = store::KeyRing::load(f.key_path);
            if (!keys) {
                return fail(keys.error());
            }
            return store::Store::open(f.db_path, keys.value(), kStoreNow);
        },
        kClock, kHalf, {});
    worker.send_heartbeats({[] { return kOutOfPaper; },
                            [&](const Result<void, sync::SyncFailure>& sent) {
                                {
                                    std::lock_guard lock(mutex);
                                    heartbeats.push_back(sent.ok());
                                }
                                changed.notify_all();
                            }});
    worker.start();
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !heartbeats.empty(); });
        CHECK(heartbeats[0]);
    }
    worker.stop();
    const auto k = listed_kiosk(hub);
    CHECK(k.at("queued") == 0);  // the pass before it sent the three records
    CHECK(k.at("last_sync").is_string());
    CHECK(k.at("paper") == "out");
    CHECK(k.at("parts").at("card-reader") == "ok");
}

}  // namespace jiayi::test::sync_tests
