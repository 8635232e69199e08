// Back-fills and on-site events against a real jiayi-hub on loopback
// (issue 11, "Back-fill and on-site events"): the hub holds a paper contract
// marked back-filled with its form number and original date, without a
// signature; it refuses one that meets a contract it holds; a kiosk at an
// on-site event marks every record so, through the real flow.

#include <doctest/doctest.h>

#include "kiosk/fhir/episode.hpp"
#include "kiosk/sync/push.hpp"
#include "kiosk/sync/sync_fixture.hpp"
#include "support/kiosk_fixture.hpp"

namespace jiayi::test::sync_tests {

namespace {

fhir::Episode hub_episode(const HubSide& hub, const std::string& id) {
    auto answer = hub.hub.client().Get(("/fhir/EpisodeOfCare/" + id).c_str());
    REQUIRE(answer);
    REQUIRE(answer->status == 200);
    auto episode = fhir::parse_episode_of_care(nlohmann::json::parse(answer->body));
    REQUIRE(episode.ok());
    return std::move(episode).value();
}

sync::PushReport push(store::Store& store, const HubSide& hub, const KioskSide& side) {
    sync::HubClient client(side.endpoint(hub.hub.base_url()));
    return sync::push_outbox(store, client, side.options, kClock);
}

}  // namespace

TEST_CASE("sync: a back-filled contract reaches the hub marked so, with its form and date") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    const auto record = new_back_fill(test_resident(1));
    REQUIRE(kiosk.store.store->record_signing(record, kStoreNow).ok());
    const std::string id = record.change.contract.id;

    const sync::PushReport report = push(*kiosk.store.store, hub, kiosk);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.refused == 0);
    CHECK(report.acknowledged == 1);
    CHECK(kiosk.status().outbox_pending == 0);

    const fhir::Episode held = hub_episode(hub, id);
    CHECK(held.contract.status == domain::ContractStatus::Active);
    CHECK(held.contract.start == domain::Date{2026, 3, 15});
    CHECK(held.contract.end == domain::Date{2027, 3, 14});
    CHECK(held.contract.team_id == "team-a");
    REQUIRE(held.back_fill.has_value());
    CHECK(held.back_fill->form_number == "QJ-2026-0042");
    CHECK(held.back_fill->signed_on == domain::Date{2026, 3, 15});
    CHECK(held.back_fill->entered_by == "N0001");
    // The signature is on paper: no Provenance signs it on the hub.
    CHECK(hub.count("SELECT count(*) FROM resources WHERE type = 'Provenance'") == 0);
    CHECK(hub.count("SELECT count(*) FROM episodes WHERE status = 'active'") == 1);
    // A kiosk signing still carries none.
    const std::string signed_here = kiosk.sign(2);
    REQUIRE_FALSE(push(*kiosk.store.store, hub, kiosk).failure.has_value());
    CHECK_FALSE(hub_episode(hub, signed_here).back_fill.has_value());
}

TEST_CASE("sync: a back-fill meeting a contract the hub holds is refused already-signed, kept") {
    HubSide hub;
    KioskSide kiosk(hub.hub.token());
    KioskSide other(hub.hub.token());
    // Another kiosk signed the resident this morning and told the hub.
    store::ResidentRecord r = test_resident(1);
    auto signing = new_signing(r);
    signing.kiosk_id = kKiosk;
    REQUIRE(other.store.store->record_signing(signing, kStoreNow).ok());
    REQUIRE_FALSE(push(*other.store.store, hub, other).failure.has_value());
    // This kiosk, not knowing it, back-fills the resident's paper form.
    r.id = store::new_uuid();
    const auto record = new_back_fill(r);
    REQUIRE(kiosk.store.store->record_signing(record, kStoreNow).ok());

    const sync::PushReport report = push(*kiosk.store.store, hub, kiosk);
    CHECK_FALSE(report.failure.has_value());
    REQUIRE(report.refusals.size() == 1);
    CHECK(report.refusals[0].record_id == record.change.contract.id);
    CHECK(report.refusals[0].code == "already-signed");
    CHECK(hub.read_status("EpisodeOfCare/" + record.change.contract.id) == 404);
    CHECK(kiosk.status().outbox_refused == 1);  // kept, for the nurse's list
}

TEST_CASE("sync: a kiosk at an on-site event marks every record on-site-event at the hub") {
    HubSide hub;
    KioskFixture k;
    k.config.kiosk.channel = domain::Channel::OnSiteEvent;
    k.uuids = true;
    KioskSide side(hub.hub.token());
    // A resident signing alone, then one a nurse helps.
    k.card(card_born("19800101", "011"));
    sign_with(k, "team-a");
    k.tap(flow::IntentKind::Finish);
    k.nurse_sign_in();
    k.tap(flow::IntentKind::ManualEntry);
    k.keys(make_id("500114", "19700202", "013"));
    k.tap(flow::IntentKind::Next);
    REQUIRE(k.screen() == flow::Screen::Status);
    sign_with(k, "team-a");

    auto ledger = k.store->ledger(Instant{0}, Instant{k.now.unix_seconds + 1});
    REQUIRE(ledger.ok());
    REQUIRE(ledger->size() == 2);
    const sync::PushReport report = push(*k.store, hub, side);
    CHECK_FALSE(report.failure.has_value());
    CHECK(report.refused == 0);
    for (const auto& row : ledger.value()) {
        CHECK(row.channel == "on-site-event");
        CHECK(hub_episode(hub, row.record_id).contract.channel == domain::Channel::OnSiteEvent);
    }
}

}  // namespace jiayi::test::sync_tests
