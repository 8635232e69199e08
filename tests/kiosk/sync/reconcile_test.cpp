// The daily reconciliation (kiosk/sync/reconcile.hpp) against a real
// jiayi-hub on loopback: the kiosk's ledger digest of a day, the hub's
// `$reconcile`, and the records that differ named for staff.

#include <doctest/doctest.h>

#include "kiosk/sync/push.hpp"
#include "kiosk/sync/reconcile.hpp"
#include "kiosk/sync/sync_fixture.hpp"

namespace jiayi::test::sync_tests {

namespace {

constexpr int kOffset = 480;
const Instant kNextDay{kStoreNow.unix_seconds + 86400};

store::Reconciliation last_of(KioskSide& kiosk) {
    auto last = kiosk.store.store->last_reconciliation();
    REQUIRE(last.ok());
    REQUIRE(last.value().has_value());
    return *last.value();
}

}  // namespace

TEST_CASE("sync: a day sent whole agrees with the hub's ledger") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);
    kiosk.sign(2);
    kiosk.decline(3);
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    REQUIRE(kiosk.push(client).failure == std::nullopt);

    const sync::ReconcileReport report =
        sync::reconcile_due(*kiosk.store.store, client, kOffset, kNextDay);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.days_checked == 7);  // a first check looks a week back
    CHECK(report.days_differing == 0);
    const store::Reconciliation last = last_of(kiosk);
    CHECK(last.day == kStoreToday);
    CHECK(last.agrees);
    CHECK(last.contracts == 2);
    CHECK(last.opt_outs == 1);
    CHECK(last.differences.empty());

    // Checked days are not asked again; the next day is.
    CHECK(sync::reconcile_due(*kiosk.store.store, client, kOffset, kNextDay).days_checked == 0);
    const Instant two_days{kNextDay.unix_seconds + 86400};
    CHECK(sync::reconcile_due(*kiosk.store.store, client, kOffset, two_days).days_checked == 1);
}

TEST_CASE("sync: a record the center refused is the ledger's difference, named for staff") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    const std::string first = kiosk.sign(1, "team-small");
    const std::string refused = kiosk.sign(2, "team-small");  // the team holds one
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PushReport pushed = kiosk.push(client);
    REQUIRE(pushed.refused > 0);

    const sync::ReconcileReport report =
        sync::reconcile_due(*kiosk.store.store, client, kOffset, kNextDay);
    CHECK(report.days_differing == 1);
    const store::Reconciliation last = last_of(kiosk);
    CHECK_FALSE(last.agrees);
    REQUIRE(last.differences.size() == 1);
    CHECK(last.differences[0].record_id == refused);
    CHECK(last.differences[0].where == store::Reconciliation::Where::KioskOnly);
    CHECK(first != refused);
}

TEST_CASE("sync: a day still waiting in the outbox is not compared") {
    KioskSide kiosk("some-token");
    kiosk.sign(1);
    ListeningSocket hub("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    sync::HubClient client(kiosk.endpoint(hub.base_url()));
    const sync::ReconcileReport report =
        sync::reconcile_due(*kiosk.store.store, client, kOffset, kNextDay);
    CHECK(report.days_checked == 0);
    CHECK_FALSE(report.failure.has_value());
    CHECK(hub.requests() == 0);
    CHECK_FALSE(kiosk.store.store->last_reconciliation().value().has_value());
}

TEST_CASE("sync: the pass compares the ledger after it sent everything") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    kiosk.sign(1);
    sync::HubClient client(kiosk.endpoint(hub.hub.base_url()));
    const sync::PassReport pass = sync::run_pass(
        *kiosk.store.store, client, kiosk.options, sync::Backoff{}, [] { return kNextDay; }, kHalf);
    CHECK_FALSE(pass.push.failure.has_value());
    CHECK(pass.reconcile.days_checked == 7);
    CHECK(pass.reconcile.days_differing == 0);
    CHECK(last_of(kiosk).agrees);
}

TEST_CASE("sync: the hub's $reconcile refuses what is not a ledger digest") {
    HubSide hub;
    auto client = hub.hub.client();
    for (const char* body :
         {"{}", R"({"resourceType":"Parameters"})",
          R"({"resourceType":"Parameters","parameter":[{"name":"date","valueDate":"2026-13-01"},)"
          R"({"name":"contracts","valueInteger":1},{"name":"optOuts","valueInteger":0},)"
          R"({"name":"digest","valueString":"00"}]})"}) {
        CAPTURE(body);
        auto answer = client.Post("/fhir/$reconcile", body, "application/fhir+json");
        REQUIRE(answer);
        CHECK(answer->status == 400);
        CHECK(nlohmann::json::parse(answer->body).at("resourceType") == "OperationOutcome");
    }
}

}  // namespace jiayi::test::sync_tests
