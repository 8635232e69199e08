// The center as the kiosk's flow hears of it (kiosk/flow/center.hpp): online
// signing's four ends (confirmed, refused, no answer in time, offline), the
// staff's indicator, the nurse's list of refused records and the resident's
// next visit. Real flow, real store; the sync's news made up here (the test
// with a real hub is tests/kiosk/sync/online_test.cpp).

#include <doctest/doctest.h>

#include <algorithm>

#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

flow::SyncNews online_news(int queued = 0) {
    flow::SyncNews news;
    news.online = true;
    news.queued = queued;
    news.last_success_at = "2026-11-23T00:00:00Z";
    return news;
}

flow::SyncNews offline_news(int queued) {
    flow::SyncNews news;
    news.online = false;
    news.failure = "unreachable";
    news.queued = queued;
    news.oldest_queued_at = "2026-11-22T23:15:00Z";  // 07:15 in the kiosk's zone
    news.last_success_at = "2026-11-22T23:00:00Z";
    return news;
}

bool has_line(const flow::View& v, const std::string& key) {
    if (!v.receipt) {
        return false;
    }
    return std::any_of(v.receipt->lines.begin(), v.receipt->lines.end(),
                       [&](const receipt::Line& l) { return l.key == key; });
}

// The kiosk heard that the hub answers; a resident signs: the flow waits.
std::string sign_online(KioskFixture& k, const flow::CardData& card) {
    k.flow.sync_news(online_news(), k.now);
    k.card(card);
    sign_to_commit(k, "team-a");
    REQUIRE(k.screen() == Screen::Confirming);
    const auto record = k.flow.awaited_record();
    REQUIRE(record.has_value());
    return *record;
}

// Marks a record's outbox entries refused, as the sync does on the hub's word.
void refuse_in_store(KioskFixture& k, const std::string& record_id, const std::string& code) {
    auto entries = k.store->outbox_entries();
    REQUIRE(entries.ok());
    int marked = 0;
    for (const auto& e : *entries) {
        if (e.record_id == record_id) {
            REQUIRE(k.store->refuse(e.id, code, k.now).ok());
            ++marked;
        }
    }
    REQUIRE(marked > 0);
}

}  // namespace

TEST_CASE("online signing: the center confirms — the receipt says so") {
    KioskFixture k;
    const std::string record = sign_online(k, card_born("19800301", "013"));
    CHECK(k.view().actions.empty());  // nothing to do but wait
    // Taps do nothing while the center is asked; a card does not end it.
    k.tap(IntentKind::Finish);
    k.card(card_born("19700101", "021"));
    CHECK(k.screen() == Screen::Confirming);
    REQUIRE(k.flow.next_deadline().has_value());
    CHECK(k.flow.next_deadline()->unix_seconds <=
          k.now.unix_seconds + k.config.hub.online_wait_seconds);

    // A pass that began before the signing says nothing of it: still waiting.
    k.flow.sync_news(online_news(3), k.now);
    CHECK(k.screen() == Screen::Confirming);

    flow::SyncNews news = online_news();
    news.confirmed = {"some-other-record", record};
    k.flow.sync_news(news, k.now);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(has_line(k.view(), "receipt.center_confirmed"));
    CHECK_FALSE(has_line(k.view(), "receipt.center_kept"));
    CHECK_FALSE(k.flow.awaited_record().has_value());
    // The receipt kept for reprints carries the center's word too.
    auto kept = k.store->receipt_for_record(record);
    REQUIRE(kept.ok());
    CHECK(kept->has_value());
}

TEST_CASE("online signing: the center refuses — one sentence, the desk, no receipt") {
    KioskFixture k;
    const auto card = card_born("19800301", "013");
    const std::string record = sign_online(k, card);
    // The sync marks the refusal in the store before it reports the pass.
    refuse_in_store(k, record, "already-signed");
    flow::SyncNews news = online_news();
    news.refusals = {{record, "already-signed"}};
    news.refused = 3;
    k.flow.sync_news(news, k.now);
    CHECK(k.screen() == Screen::Status);
    CHECK(k.message() == "center-refused-already-signed");
    CHECK_FALSE(k.view().receipt.has_value());
    auto kept = k.store->receipt_for_record(record);
    REQUIRE(kept.ok());
    CHECK_FALSE(kept->has_value());  // no receipt for a contract the center refused
    CHECK(k.view().person.center_refusal == "refused_notice.signing");
    CHECK(k.view().person.center_refusal_reason == "refused_reason.already-signed");

    // The next visit: the status says so, with the desk as the next step.
    k.tap(IntentKind::Dismiss);
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::Home);
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.center_refusal == "refused_notice.signing");
    CHECK(k.view().person.center_refusal_reason == "refused_reason.already-signed");
    // The contract the center refused is not in force here either: no
    // "signed until" above the refusal.
    CHECK(k.view().person.standing == "standing.none");
    CHECK(k.view().person.end.empty());
    // Another resident hears nothing of it.
    k.tap(IntentKind::Next);
    k.card(card_born("19700101", "021"));
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.center_refusal.empty());
}

TEST_CASE("online signing: a code the kiosk has no words for is 'other'") {
    KioskFixture k;
    const std::string record = sign_online(k, card_born("19800301", "013"));
    flow::SyncNews news = online_news();
    news.refusals = {{record, "made-up-code"}};
    k.flow.sync_news(news, k.now);
    CHECK(k.message() == "center-refused-other");
}

TEST_CASE("online signing: no answer in time — the receipt says it is kept on the kiosk") {
    KioskFixture k;
    sign_online(k, card_born("19800301", "013"));
    const Instant deadline = *k.flow.next_deadline();
    k.flow.tick(Instant{deadline.unix_seconds - 1});
    CHECK(k.screen() == Screen::Confirming);
    k.flow.tick(deadline);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(has_line(k.view(), "receipt.center_kept"));
    CHECK_FALSE(has_line(k.view(), "receipt.center_confirmed"));
    // An answer after the wait changes nothing on screen.
    flow::SyncNews late = online_news();
    late.confirmed = {"whatever"};
    k.flow.sync_news(late, k.now);
    CHECK(k.screen() == Screen::Receipt);
}

TEST_CASE("online signing: the hub drops out while the flow waits — kept on the kiosk at once") {
    KioskFixture k;
    sign_online(k, card_born("19800301", "013"));
    k.flow.sync_news(offline_news(3), k.now);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(has_line(k.view(), "receipt.center_kept"));
}

TEST_CASE("offline, or no news yet: signing goes on as always, the receipt says kept") {
    for (const bool heard_offline : {false, true}) {
        CAPTURE(heard_offline);
        KioskFixture k;
        if (heard_offline) {
            k.flow.sync_news(offline_news(2), k.now);
        }
        k.card(card_born("19800301", "013"));
        sign_with(k, "team-a");  // straight to the receipt
        CHECK(has_line(k.view(), "receipt.center_kept"));
    }
    // Online, but the wait configured away.
    KioskFixture k;
    k.config.hub.online_wait_seconds = 0;
    k.flow.sync_news(online_news(), k.now);
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    CHECK(has_line(k.view(), "receipt.center_kept"));
}

TEST_CASE("the staff's indicator: on a nurse's screens only, with what waits and since when") {
    KioskFixture k;
    k.flow.sync_news(offline_news(3), k.now);
    CHECK_FALSE(k.view().sync.known);  // a resident's screen: not a worry for them
    k.nurse_sign_in();
    // A nurse's screen opening reads the queue from the store (nothing waits
    // on this kiosk); the hub's words stay the last pass's.
    CHECK(k.view().sync.queued == 0);
    CHECK(k.view().sync.failure == "sync_failure.unreachable");
    // The next pass's figures replace the store's read.
    k.flow.sync_news(offline_news(3), k.now);
    const flow::SyncView& s = k.view().sync;
    CHECK(s.known);
    CHECK_FALSE(s.online);
    CHECK(s.queued == 3);
    CHECK(s.since == "2026-11-23 07:15");
    CHECK(s.last_success == "2026-11-23 07:00");
    CHECK(s.failure == "sync_failure.unreachable");
    k.flow.sync_news(online_news(0), k.now);
    CHECK(k.view().sync.online);
    CHECK(k.view().sync.failure.empty());
    CHECK(k.view().sync.since.empty());
    flow::SyncNews odd = offline_news(1);
    odd.failure = "something-new";
    k.flow.sync_news(odd, k.now);
    CHECK(k.view().sync.failure == "sync_failure.other");
}

TEST_CASE("refused by the center: the nurse's list, one row per record, newest first") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    const std::string first = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    k.card(card_born("19700101", "021"));
    sign_with(k, "team-a");
    const std::string second = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    REQUIRE(k.screen() == Screen::Home);
    refuse_in_store(k, first, "team-full");
    k.advance(60);
    refuse_in_store(k, second, "a-code-from-the-future");
    // The signing's signature and consent were refused with it: not listed apart.
    auto entries = k.store->outbox_entries();
    REQUIRE(entries.ok());
    for (const auto& e : *entries) {
        if (e.record_type == "signature") {
            REQUIRE(k.store->refuse(e.id, "team-full", k.now).ok());
        }
    }

    k.nurse_sign_in();
    CHECK(std::any_of(k.view().actions.begin(), k.view().actions.end(),
                      [](const flow::Action& a) { return a.intent == IntentKind::Refused; }));
    k.tap(IntentKind::Refused);
    REQUIRE(k.screen() == Screen::Refused);
    const auto& rows = k.view().refused;
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].record_id == second);
    CHECK(rows[0].reason == "center_refusal.other");
    CHECK(rows[1].record_id == first);
    CHECK(rows[1].kind == "record.contract");
    CHECK(rows[1].reason == "center_refusal.team-full");
    CHECK(rows[1].date.size() == 16);  // local YYYY-MM-DD HH:MM
    k.tap(IntentKind::Back);
    CHECK(k.screen() == Screen::NurseMenu);
}

TEST_CASE("a nurse settles a refused record: it leaves the list and the resident's status") {
    KioskFixture k;
    const auto card = card_born("19800301", "013");
    k.card(card);
    sign_with(k, "team-a");
    const std::string record = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    refuse_in_store(k, record, "team-full");
    for (const auto& e : k.store->outbox_entries().value()) {
        if (e.record_type == "signature") {
            REQUIRE(k.store->refuse(e.id, "team-full", k.now).ok());
        }
    }
    k.card(card);
    REQUIRE(k.view().person.center_refusal == "refused_notice.signing");
    CHECK(k.view().person.center_refusal_reason == "refused_reason.team-full");
    k.tap(IntentKind::Finish);

    k.nurse_sign_in();
    k.tap(IntentKind::Refused);
    REQUIRE(k.view().refused.size() == 1);
    k.tap(IntentKind::SettleRefusal, "not-on-the-list");  // ignored
    REQUIRE(k.view().refused.size() == 1);
    k.tap(IntentKind::SettleRefusal, record);
    CHECK(k.screen() == Screen::Refused);
    CHECK(k.view().refused.empty());
    CHECK(k.store->refused_entries().value().empty());
    CHECK(k.store->status().value().outbox_refused == 0);
    // The entries stay refused in the outbox, settled: nothing is dropped.
    int refused = 0;
    for (const auto& e : k.store->outbox_entries().value()) {
        refused += e.state == store::OutboxState::Refused ? 1 : 0;
    }
    CHECK(refused >= 2);
    // Audited under the nurse, by the record's id.
    const auto log = k.store->audit_log().value();
    CHECK(std::any_of(log.begin(), log.end(), [&](const auto& line) {
        return line.action == "refusal-settled" && line.detail == record;
    }));
    k.tap(IntentKind::NurseSignOut);

    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.center_refusal.empty());
}

TEST_CASE("the resident is told which of their records the center refused, and why") {
    KioskFixture k;
    // A renewal refused: the sentence names the renewal, with the reason.
    const auto elder = card_born("19500615", "021", "测试老人");
    k.now.unix_seconds -= 350 * 86400;
    k.card(elder);
    sign_with(k, "team-d");
    k.tap(IntentKind::Finish);
    k.now.unix_seconds += 350 * 86400;
    k.card(elder);
    REQUIRE(k.primary() == IntentKind::Renew);
    k.tap(IntentKind::Renew);
    k.tap(IntentKind::Next);  // packages as they were
    k.tap(IntentKind::Next);  // hospitals: none
    k.tap(IntentKind::KeepPhone);
    k.tap(IntentKind::Next);  // fees
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    const std::string renewal = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    refuse_in_store(k, renewal, "outside-renewal-window");
    k.card(elder);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.center_refusal == "refused_notice.renewal");
    CHECK(k.view().person.center_refusal_reason == "refused_reason.outside-renewal-window");
    k.tap(IntentKind::Finish);

    // An informed notice refused for a reason the resident can do nothing
    // with: the notice is named; the reason's text is empty in the catalogs.
    const auto decliner = card_born("19680630", "041");
    k.card(decliner);
    k.tap(IntentKind::Decline);
    k.tap(IntentKind::Next);
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    const std::string notice = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    refuse_in_store(k, notice, "invalid");
    k.card(decliner);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.center_refusal == "refused_notice.opt-out");
    CHECK(k.view().person.center_refusal_reason == "refused_reason.invalid");
}

TEST_CASE("a resident's screen cannot open the refused list") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::Refused);
    CHECK(k.screen() == Screen::Status);
    CHECK(k.view().refused.empty());
}

TEST_CASE("the daily check's differences are on the nurse's list, for IT, without a settle") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    const std::string record = k.view().receipt->record_id;
    k.tap(IntentKind::Finish);
    store::Reconciliation day;
    day.day = kStoreToday;
    day.checked_at = to_iso8601(k.now);
    day.agrees = false;
    day.contracts = 1;
    day.differences = {{record, store::Reconciliation::Where::KioskOnly},
                       {"some-record-of-the-center", store::Reconciliation::Where::HubOnly}};
    REQUIRE(k.store->record_reconciliation(day).ok());
    // An older day that agreed adds nothing.
    store::Reconciliation earlier = day;
    earlier.day = domain::add_days(kStoreToday, -1);
    earlier.agrees = true;
    earlier.differences.clear();
    REQUIRE(k.store->record_reconciliation(earlier).ok());

    k.nurse_sign_in();
    k.tap(IntentKind::Refused);
    const auto& rows = k.view().refused;
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].record_id == record);
    CHECK(rows[0].kind == "record.contract");
    CHECK(rows[0].reason == "ledger_difference.kiosk-only");
    CHECK(rows[0].date.size() == 16);
    CHECK_FALSE(rows[0].settles);
    CHECK(rows[1].kind == "record.at-center");
    CHECK(rows[1].reason == "ledger_difference.hub-only");
    CHECK(rows[1].date == domain::to_iso(kStoreToday));
    // Not a thing a nurse settles.
    k.tap(IntentKind::SettleRefusal, record);
    CHECK(k.view().refused.size() == 2);
}
