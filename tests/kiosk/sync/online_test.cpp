// Online signing against a real jiayi-hub on loopback (protocols/hub-fhir.md,
// "Online signing"): two kiosks — each its own store, sync thread and flow —
// sign the same made-up resident at once; and the staff's indicator fed by
// real passes, reachable and not.

#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/online/news.hpp"
#include "kiosk/sync/sync_fixture.hpp"
#include "kiosk/sync/worker.hpp"
#include "support/kiosk_fixture.hpp"

namespace jiayi::test::sync_tests {

namespace {

std::filesystem::path write_token(const StoreFixture& f, const std::string& token) {
    const auto path = f.dir / "hub-token";
    std::ofstream(path) << token << "\n";
    return path;
}

sync::WorkerSettings worker_settings(const std::string& base_url,
                                     const std::filesystem::path& credential) {
    sync::WorkerSettings s;
    s.endpoint.base_url = base_url + "/fhir";
    s.endpoint.credential_file = credential;
    s.endpoint.connect_timeout = std::chrono::seconds(5);
    s.endpoint.transfer_timeout = std::chrono::seconds(30);
    s.period = std::chrono::hours(1);  // passes come from wake()
    return s;
}

// A production kiosk in miniature: the flow on the UI side with its event
// queue, the sync thread on its own connection to the same store file,
// woken by each commit, its pass reports posted as the kiosk's main posts them.
struct OnlineKiosk {
    KioskFixture k;
    flow::EventQueue events;
    std::filesystem::path credential;
    sync::SyncWorker worker;

    OnlineKiosk(const std::string& base_url, const std::string& token)
        : credential(write_token(k, token)),
          worker(
              worker_settings(base_url, credential),
              [this]() -> Result<std::unique_ptr<store::Store>, store::StoreError> {
                  auto keys = store::KeyRing::load(k.key_path);
                  if (!keys) {
                      return fail(keys.error());
                  }
                  return store::Store::open(k.db_path, keys.value(), kStoreNow);
              },
              kClock, kHalf,
              [this](const sync::PassReport& pass) {
                  if (auto news = flow::news_of(pass)) {
                      events.post(std::move(news).value());
                  }
              }) {
        k.uuids = true;  // two kiosks' record ids must differ, as in the field
        k.store->on_queued([this] { worker.wake(); });
        worker.start();
    }
    ~OnlineKiosk() {
        k.store->on_queued({});
        worker.stop();
    }
    OnlineKiosk(const OnlineKiosk&) = delete;
    OnlineKiosk& operator=(const OnlineKiosk&) = delete;

    // Hands what the sync posted to the flow, as the frame loop does;
    // waits for a post (up to `wait`) when nothing is there yet.
    void deliver(std::chrono::milliseconds wait) {
        for (const auto& e : events.wait_and_drain(wait)) {
            flow::deliver(k.flow, e, k.now);
        }
    }
};

bool has_line(const flow::View& v, const std::string& key) {
    return v.receipt && std::any_of(v.receipt->lines.begin(), v.receipt->lines.end(),
                                    [&](const receipt::Line& l) { return l.key == key; });
}

}  // namespace

TEST_CASE(
    "online signing: two kiosks sign the same resident at once — one confirmed, the "
    "other told in a sentence") {
    HubSide hub;
    OnlineKiosk a(hub.hub.base_url(), hub.hub.token());
    OnlineKiosk b(hub.hub.base_url(), hub.hub.token());
    // Each kiosk's first pass (nothing queued) says the hub answers.
    for (OnlineKiosk* kiosk : {&a, &b}) {
        kiosk->deliver(std::chrono::seconds(30));
        REQUIRE(kiosk->k.flow.view().screen == flow::Screen::Home);
    }
    const auto card = card_born("19800301", "013");
    a.k.card(card);
    b.k.card(card);
    sign_to_commit(a.k, "team-a");
    sign_to_commit(b.k, "team-a");
    REQUIRE(a.k.screen() == flow::Screen::Confirming);
    REQUIRE(b.k.screen() == flow::Screen::Confirming);

    // Both sync threads are at the hub now. The flows' clocks stand still,
    // so neither wait ends but by the center's word (bounded, in case).
    for (int i = 0; i < 300 && (a.k.screen() == flow::Screen::Confirming ||
                                b.k.screen() == flow::Screen::Confirming);
         ++i) {
        a.deliver(std::chrono::milliseconds(100));
        b.deliver(std::chrono::milliseconds(100));
    }
    OnlineKiosk& confirmed = a.k.screen() == flow::Screen::Receipt ? a : b;
    OnlineKiosk& refused = &confirmed == &a ? b : a;
    REQUIRE(confirmed.k.screen() == flow::Screen::Receipt);
    CHECK(has_line(confirmed.k.view(), "receipt.center_confirmed"));
    REQUIRE(refused.k.screen() == flow::Screen::Status);
    CHECK(refused.k.message() == "center-refused-already-signed");
    CHECK_FALSE(refused.k.view().receipt.has_value());
    CHECK(refused.k.view().person.center_refusal == "refused_notice.signing");
    CHECK(refused.k.view().person.center_refusal_reason == "refused_reason.already-signed");

    // The hub holds one contract for the resident; the refused kiosk keeps
    // its record as refused, listed for its nurse.
    CHECK(hub.count("SELECT count(*) FROM episodes") == 1);
    CHECK(refused.k.store->status().value().outbox_refused >= 1);
    CHECK(confirmed.k.store->status().value().outbox_pending == 0);
    refused.k.tap(flow::IntentKind::Dismiss);
    refused.k.tap(flow::IntentKind::Next);
    refused.k.nurse_sign_in();
    CHECK(refused.k.view().sync.online);
    CHECK(refused.k.view().sync.refused >= 1);
    refused.k.tap(flow::IntentKind::Refused);
    REQUIRE(refused.k.view().refused.size() == 1);
    CHECK(refused.k.view().refused[0].reason == "center_refusal.already-signed");
}

TEST_CASE("the staff's indicator from real passes: reachable, then not, with what waits") {
    HubSide hub;
    KioskFixture k;
    k.uuids = true;
    const auto credential = write_token(k, hub.hub.token());
    auto pass = [&](const std::string& base_url) {
        sync::HubClient client(worker_settings(base_url, credential).endpoint);
        const sync::PassReport report =
            sync::run_pass(*k.store, client, {}, sync::Backoff{}, kClock, kHalf);
        auto news = flow::news_of(report);
        REQUIRE(news.has_value());
        k.flow.sync_news(*news, k.now);
        return *news;
    };
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");  // no news yet: kept on the kiosk
    const std::string contract = k.view().receipt->record_id;
    k.tap(flow::IntentKind::Finish);

    const flow::SyncNews up = pass(hub.hub.base_url());
    CHECK(up.online);
    CHECK(up.queued == 0);
    CHECK_FALSE(up.last_success_at.empty());
    CHECK(std::find(up.confirmed.begin(), up.confirmed.end(), contract) != up.confirmed.end());

    // A second resident signs; the hub's address now answers nobody.
    k.card(card_born("19700101", "021"));
    sign_to_commit(k, "team-a");
    REQUIRE(k.screen() == flow::Screen::Confirming);  // the last pass reached the hub
    // A port nobody listens on: the connection is refused at once.
    const flow::SyncNews down = pass("http://127.0.0.1:9");
    CHECK_FALSE(down.online);
    CHECK(down.failure == "unreachable");
    CHECK(down.queued == 3);  // the privacy consent given, the contract and its signature
    CHECK_FALSE(down.oldest_queued_at.empty());
    CHECK(down.last_success_at == up.last_success_at);
    // The waiting signing is kept on the kiosk at once, and staff see why.
    REQUIRE(k.screen() == flow::Screen::Receipt);
    CHECK(has_line(k.view(), "receipt.center_kept"));
    k.tap(flow::IntentKind::Finish);
    k.nurse_sign_in();
    const flow::SyncView& s = k.view().sync;
    CHECK(s.known);
    CHECK_FALSE(s.online);
    CHECK(s.queued == 3);
    CHECK_FALSE(s.since.empty());
    CHECK(s.failure == "sync_failure.unreachable");
}

TEST_CASE(
    "the staff's indicator: a pass whose pull failed is not online, a cancelled one is no news") {
    sync::PassReport pass;
    pass.push.acknowledged = 2;
    pass.pull.failure = sync::SyncFailure{"credential-refused", "the hub refused the token"};
    auto news = flow::news_of(pass);
    REQUIRE(news.has_value());
    CHECK_FALSE(news->online);
    CHECK(news->failure == "credential-refused");

    pass.pull.failure.reset();
    news = flow::news_of(pass);
    REQUIRE(news.has_value());
    CHECK(news->online);
    CHECK(news->failure.empty());

    pass.push.failure = sync::SyncFailure{"cancelled", "the kiosk is stopping"};
    CHECK_FALSE(flow::news_of(pass).has_value());
}

}  // namespace jiayi::test::sync_tests
