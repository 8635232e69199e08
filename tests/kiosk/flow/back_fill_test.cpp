// A nurse's back-fill of a paper contract through the real flow and store
// (issue 11, "Back-fill and on-site events"), and the staff's indicator on
// a kiosk that has never reached a hub.

#include <doctest/doctest.h>

#include <algorithm>

#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

// From the nurse menu to the date screen, the resident tapping their card.
void open_back_fill(KioskFixture& k, const flow::CardData& card) {
    k.tap(IntentKind::BackFill);
    REQUIRE(k.screen() == Screen::Identify);
    CHECK(k.offers(IntentKind::ManualEntry));  // or the number typed
    k.card(card);
    REQUIRE(k.screen() == Screen::BackFillDate);
}

// Types `text` on the screen's keypad and goes on; the message, if any.
std::string enter(KioskFixture& k, const std::string& text) {
    k.keys(text);
    k.tap(IntentKind::Next);
    return k.message();
}

store::StoreStatus status(const KioskFixture& k) {
    return k.store->status().value();
}

}  // namespace

TEST_CASE(
    "back-fill: a nurse records a paper contract, marked back-filled, audited, no signature") {
    KioskFixture k;
    k.nurse_sign_in();
    open_back_fill(k, card_born("19800101", "011"));
    CHECK(k.view().progress.step == 1);
    CHECK(k.view().progress.of == 5);
    REQUIRE(enter(k, "20260315").empty());
    REQUIRE(k.screen() == Screen::BackFillForm);
    CHECK_FALSE(k.view().keypad.letters);     // the district's forms are numbered
    REQUIRE(enter(k, "A-20260042").empty());  // what is not a digit is not taken
    REQUIRE(k.screen() == Screen::BackFillTeam);
    CHECK(k.view().teams.size() == kiosk_teams().size());
    k.tap(IntentKind::ChooseTeam, "team-a");
    REQUIRE(k.screen() == Screen::BackFillSigner);
    CHECK(k.view().choices.front().id == "self");
    k.tap(IntentKind::ChooseSigner, "self");
    REQUIRE(k.screen() == Screen::BackFillConfirm);
    const auto& shown = k.view().back_fill;
    CHECK(shown.signed_on == "2026-03-15");
    CHECK(shown.form_number == "20260042");
    CHECK(shown.team_name == test_team().name);
    CHECK(shown.signer == "signer.self");
    CHECK(k.view().person.masked_id.find("0101") == std::string::npos);  // masked
    CHECK(status(k).contracts == 0);  // nothing yet: the last look first

    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::NurseMenu);
    REQUIRE(k.message() == "backfill-saved");
    CHECK(k.view().message->args == std::vector<std::string>{"20260042", "2026-03-15"});
    CHECK(k.view().person.masked_id.empty());  // the session is gone

    const auto s = status(k);
    CHECK(s.contracts == 1);
    CHECK(s.outbox_pending == 1);  // the contract alone: its signature is on paper
    auto ledger = k.store->ledger(Instant{0}, Instant{k.now.unix_seconds + 1}).value();
    REQUIRE(ledger.size() == 1);
    auto on_file = k.store->contract(ledger[0].record_id).value();
    REQUIRE(on_file.has_value());
    CHECK(on_file->contract.start == domain::Date{2026, 3, 15});
    CHECK(on_file->contract.end == domain::Date{2027, 3, 14});
    CHECK(on_file->contract.channel == domain::Channel::NurseAssisted);
    CHECK(on_file->operator_id == kNurseId);
    REQUIRE(on_file->back_fill.has_value());
    CHECK(on_file->back_fill->form_number == "20260042");
    CHECK(on_file->back_fill->entered_by == kNurseId);
    CHECK_FALSE(k.store->receipt_for_record(ledger[0].record_id).value().has_value());

    const auto log = k.store->audit_log().value();
    const auto entry = std::find_if(
        log.begin(), log.end(), [](const store::AuditEntry& e) { return e.action == "back-fill"; });
    REQUIRE(entry != log.end());
    CHECK(entry->actor == kNurseId);
    CHECK(entry->detail == ledger[0].record_id);
    for (const auto& e : log) {
        CHECK(e.detail.find("19800101") == std::string::npos);  // never the resident
    }
}

TEST_CASE("back-fill: each wrong entry is one sentence on its own screen, and nothing is written") {
    KioskFixture k;
    k.nurse_sign_in();
    open_back_fill(k, card_born("19800101", "011"));
    const struct {
        const char* typed;
        const char* message;
    } dates[] = {
        {"20261124", "backfill-date-in-future"},
        {"20251101", "backfill-date-too-old"},
        {"20260230", "backfill-date-invalid"},
        {"2026", "backfill-date-invalid"},
    };
    for (const auto& d : dates) {
        CAPTURE(d.typed);
        CHECK(enter(k, d.typed) == d.message);
        k.tap(IntentKind::Dismiss);
        CHECK(k.screen() == Screen::BackFillDate);
        CHECK(k.view().keypad.entered.empty());
    }
    REQUIRE(enter(k, "20260315").empty());
    CHECK(enter(k, "12") == "backfill-form-invalid");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::BackFillForm);
    REQUIRE(enter(k, "0001").empty());
    k.tap(IntentKind::ChooseTeam, "team-c");  // closed
    CHECK(k.message() == "backfill-team-closed");
    k.tap(IntentKind::Dismiss);
    k.tap(IntentKind::ChooseTeam, "team-b");  // full
    CHECK(k.message() == "backfill-team-full");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::BackFillTeam);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Back);  // and on again: what was entered stays
    CHECK(k.screen() == Screen::BackFillTeam);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::ChooseSigner, "self");
    REQUIRE(k.screen() == Screen::BackFillConfirm);
    CHECK(k.view().back_fill.form_number == "0001");
    REQUIRE(k.offers(IntentKind::Finish));
    k.tap(IntentKind::Finish);  // cancelled on the last look
    CHECK(k.screen() == Screen::NurseMenu);
    CHECK(k.message().empty());
    CHECK(status(k).contracts == 0);
    CHECK(status(k).outbox_pending == 0);
}

TEST_CASE("back-fill: a minor's paper names a guardian, by the age on the paper's date") {
    KioskFixture k;
    k.nurse_sign_in();
    open_back_fill(k, card_born("20150601", "021"));
    REQUIRE(enter(k, "20260315").empty());
    REQUIRE(enter(k, "0002").empty());
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::ChooseSigner, "self");
    CHECK(k.message() == "backfill-guardian-required");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::BackFillSigner);
    k.tap(IntentKind::ChooseSigner, "mother");
    REQUIRE(k.screen() == Screen::BackFillConfirm);
    CHECK(k.view().back_fill.signer == "relation.mother");
    k.tap(IntentKind::Next);
    REQUIRE(k.message() == "backfill-saved");
    auto ledger = k.store->ledger(Instant{0}, Instant{k.now.unix_seconds + 1}).value();
    REQUIRE(ledger.size() == 1);
    const auto c = k.store->contract(ledger[0].record_id).value();
    CHECK(c->contract.signer.role == domain::SignerRole::Guardian);
    CHECK(c->contract.signer.relation == "mother");
}

TEST_CASE("back-fill: one team at a time, and one back-fill per paper form") {
    KioskFixture k;
    // The resident signed at the kiosk this morning.
    const auto signed_here = card_born("19800101", "011");
    k.card(signed_here);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.nurse_sign_in();
    open_back_fill(k, signed_here);
    REQUIRE(enter(k, "20260315").empty());
    REQUIRE(enter(k, "0003").empty());
    k.tap(IntentKind::ChooseTeam, "team-d");
    k.tap(IntentKind::ChooseSigner, "self");
    CHECK(k.message() == "backfill-contract-on-file");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);  // the contract it meets
    CHECK(status(k).contracts == 1);
    k.tap(IntentKind::Finish);

    // Another resident's paper: recorded; then the same form number again.
    open_back_fill(k, card_born("19700202", "013"));
    REQUIRE(enter(k, "20260315").empty());
    REQUIRE(enter(k, "0004").empty());
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::ChooseSigner, "self");
    k.tap(IntentKind::Next);
    REQUIRE(k.message() == "backfill-saved");
    k.tap(IntentKind::Dismiss);
    open_back_fill(k, card_born("19600303", "015"));
    REQUIRE(enter(k, "20260401").empty());
    CHECK(enter(k, "0004") == "backfill-form-used");
    CHECK(status(k).contracts == 2);
}

TEST_CASE("back-fill: the resident's number typed by the nurse") {
    KioskFixture k;
    k.nurse_sign_in();
    k.tap(IntentKind::BackFill);
    k.tap(IntentKind::ManualEntry);
    REQUIRE(k.screen() == Screen::ManualEntry);
    k.keys(make_id("500114", "19800101", "011"));
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::BackFillDate);
    k.tap(IntentKind::Back);  // the resident's status, and no back-fill any more
    CHECK(k.screen() == Screen::Status);
    CHECK(k.view().progress.step == 0);
    CHECK(k.view().back_fill.signed_on.empty());
}

TEST_CASE("the staff's indicator: records waiting and since when, with no hub ever reached") {
    KioskFixture k;
    k.card(card_born("19800101", "011"));
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.advance(3600);
    k.nurse_sign_in();
    const auto& sync = k.view().sync;
    REQUIRE(sync.known);
    CHECK_FALSE(sync.online);
    // What the store holds pending for it (the contract and its signature).
    const auto pending = status(k).outbox_pending;
    REQUIRE(pending >= 2);
    CHECK(sync.queued == pending);
    CHECK(sync.since == "2026-11-23 08:00");
    CHECK(sync.last_success.empty());
    CHECK(sync.failure.empty());  // no pass has said why
    // A record made in the session counts as soon as the menu shows again.
    k.tap(IntentKind::ManualEntry);
    k.keys(make_id("500114", "19700202", "013"));
    k.tap(IntentKind::Next);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    REQUIRE(k.screen() == Screen::NurseMenu);
    CHECK(k.view().sync.queued == 2 * pending);
    CHECK(k.view().sync.since == "2026-11-23 08:00");
}

TEST_CASE("an on-site event's kiosk marks a nurse-assisted signing on-site-event") {
    KioskFixture k;
    k.config.kiosk.channel = domain::Channel::OnSiteEvent;
    k.nurse_sign_in();
    k.tap(IntentKind::ManualEntry);
    k.keys(make_id("500114", "19700202", "013"));
    k.tap(IntentKind::Next);
    sign_with(k, "team-a");
    auto ledger = k.store->ledger(Instant{0}, Instant{k.now.unix_seconds + 1}).value();
    REQUIRE(ledger.size() == 1);
    CHECK(ledger[0].channel == "on-site-event");
}
