// Staff accountability (issue 9): each nurse signs in as themselves, every
// record and audit line names their id, and the PIN pad's lockout outlives a
// restart.

#include <doctest/doctest.h>

#include <algorithm>

#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

inline constexpr const char* kOtherPin = "135791";

// A second nurse, added to the fixture's configuration (the flow reads it live).
void add_nurse(KioskFixture& k, const std::string& id, bool badge_required = false) {
    static const std::string hash = auth::hash_pin(kOtherPin).value();
    k.config.staff.members.push_back({id, "", hash, badge_required});
}

void type_pin(KioskFixture& k, const std::string& pin) {
    k.keys(pin);
    k.tap(IntentKind::Next);
}

void open_pin_pad(KioskFixture& k) {
    k.tap(IntentKind::CallNurse);
    k.tap(IntentKind::NurseSignIn);
    REQUIRE(k.screen() == Screen::Pin);
}

std::vector<store::AuditEntry> audit_of(KioskFixture& k, const std::string& action) {
    std::vector<store::AuditEntry> found;
    for (const auto& e : k.store->audit_log().value()) {
        if (e.action == action) {
            found.push_back(e);
        }
    }
    return found;
}

}  // namespace

TEST_CASE("what a nurse does is recorded under their staff id: records, audit, reprints") {
    KioskFixture k;
    k.nurse_sign_in();

    // A typed number, a proxy signing, a reprint.
    const std::string number = make_id("500114", "19450101", "101");
    k.tap(IntentKind::ManualEntry);
    k.keys(number);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Status);
    k.tap(IntentKind::ProxySign);
    k.tap(IntentKind::Sign);
    REQUIRE(k.screen() == Screen::Signer);
    k.tap(IntentKind::ChooseRelation, "spouse");
    k.tap(IntentKind::ManualEntry);
    k.keys(make_id("500114", "19480202", "085"));
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Teams);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("02362345678");
    k.tap(IntentKind::Next);
    k.keys("02362345678");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);  // consent
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    const std::string receipt_id = k.view().receipt->id;
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Skip);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::NurseMenu);
    k.tap(IntentKind::Reprint);
    k.tap(IntentKind::Reprint, receipt_id);
    REQUIRE(k.screen() == Screen::Receipt);
    k.tap(IntentKind::Finish);

    // A resident declines beside the nurse: the opt-out names her too.
    REQUIRE(k.view().nurse);
    k.card(card_born("19680630", "041"));
    k.tap(IntentKind::Decline);
    k.tap(IntentKind::Next);
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::NurseSignOut);

    const auto rows =
        k.store->ledger(Instant{k.now.unix_seconds - 3600}, Instant{k.now.unix_seconds + 1})
            .value();
    REQUIRE(rows.size() == 2);
    for (const auto& row : rows) {
        CAPTURE(row.record_type);
        CHECK(row.operator_id == kNurseId);
    }
    const auto log = k.store->audit_log().value();
    for (const char* action : {"sign-in", "manual-entry", "proxy-on", "assisted-new", "reprint",
                               "assisted-decline", "sign-out"}) {
        CAPTURE(action);
        const auto entries = audit_of(k, action);
        REQUIRE_FALSE(entries.empty());
        for (const auto& e : entries) {
            CHECK(e.actor == kNurseId);
        }
    }
    for (const auto& e : log) {
        CHECK(e.actor != "nurse");
    }
}

TEST_CASE("a PIN alone signs in the nurse whose PIN it is") {
    KioskFixture k;
    add_nurse(k, "N0422");
    open_pin_pad(k);
    type_pin(k, kOtherPin);
    REQUIRE(k.screen() == Screen::NurseMenu);
    CHECK(audit_of(k, "sign-in").back().actor == "N0422");
    k.tap(IntentKind::NurseSignOut);
    open_pin_pad(k);
    type_pin(k, kNursePin);
    REQUIRE(k.screen() == Screen::NurseMenu);
    CHECK(audit_of(k, "sign-in").back().actor == kNurseId);
}

TEST_CASE("a badge, then that nurse's PIN, never a badge alone, nor with another's PIN") {
    KioskFixture k;
    add_nurse(k, "N0500", true);  // badge and PIN only

    // Her PIN alone does not sign her in.
    open_pin_pad(k);
    type_pin(k, kOtherPin);
    CHECK(k.message() == "pin-wrong");
    CHECK_FALSE(k.view().nurse);
    k.tap(IntentKind::Dismiss);

    k.advance(1);
    k.flow.qr({flow::CodeKind::NurseBadge, "N0500"}, k.now);
    REQUIRE(k.screen() == Screen::Pin);
    CHECK_FALSE(k.view().nurse);
    k.tap(IntentKind::Dismiss);
    type_pin(k, kNursePin);  // a right PIN, but N0421's
    CHECK(k.message() == "pin-wrong");
    CHECK_FALSE(k.view().nurse);
    const auto refused = audit_of(k, "sign-in-refused");
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].actor == "kiosk");  // no badge: the try names no one
    CHECK(refused[1].actor == "N0500");  // the badge it came with
    k.tap(IntentKind::Dismiss);
    type_pin(k, kOtherPin);
    REQUIRE(k.screen() == Screen::NurseMenu);
    CHECK(audit_of(k, "sign-in").back().actor == "N0500");
    CHECK(audit_of(k, "sign-in").back().detail == "badge and PIN");
}

TEST_CASE("a badge not on this kiosk opens nothing, and is audited") {
    KioskFixture k;
    k.advance(1);
    k.flow.qr({flow::CodeKind::NurseBadge, "N9999"}, k.now);
    CHECK(k.message() == "qr-badge-unknown");
    CHECK(k.screen() == Screen::Home);
    const auto refused = audit_of(k, "badge-refused");
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].detail == "N9999");
}

TEST_CASE("two nurses with one PIN: neither signs in by PIN, each does with a badge") {
    KioskFixture k;
    add_nurse(k, "N0422");
    add_nurse(k, "N0423");  // the same PIN as N0422
    open_pin_pad(k);
    type_pin(k, kOtherPin);
    CHECK(k.message() == "pin-shared");
    CHECK_FALSE(k.view().nurse);
    k.tap(IntentKind::Dismiss);
    k.advance(1);
    k.flow.qr({flow::CodeKind::NurseBadge, "N0423"}, k.now);
    k.tap(IntentKind::Dismiss);
    type_pin(k, kOtherPin);
    REQUIRE(k.screen() == Screen::NurseMenu);
    CHECK(audit_of(k, "sign-in").back().actor == "N0423");
}

TEST_CASE("the PIN lockout outlives a restart, and ends after the configured minutes") {
    KioskFixture k;
    open_pin_pad(k);
    for (int i = 0; i < k.config.staff.max_pin_attempts; ++i) {
        type_pin(k, "000000");
        k.tap(IntentKind::Dismiss);
    }
    const Instant last_wrong{k.now.unix_seconds - 1};  // the Next before the last Dismiss

    // The kiosk restarts: a new store connection and a new flow (k.flow, left
    // with the old connection, is not used again).
    k.reopen();
    flow::Flow restarted(k.config, *k.store);
    auto sign_in_at = [&](Instant at) {
        restarted.handle({IntentKind::NurseSignIn, "", 0, {}}, at);
        for (char d : std::string(kNursePin)) {
            restarted.handle({IntentKind::Key, std::string(1, d), 0, {}}, at);
        }
        restarted.handle({IntentKind::Next, "", 0, {}}, at);
        const std::string said = restarted.view().message ? restarted.view().message->code : "";
        restarted.handle({IntentKind::Dismiss, "", 0, {}}, at);
        return said;
    };
    const std::int64_t lockout = std::int64_t{k.config.staff.lockout_minutes} * 60;
    CHECK(sign_in_at(Instant{last_wrong.unix_seconds + 1}) == "pin-locked");
    CHECK(sign_in_at(Instant{last_wrong.unix_seconds + lockout - 1}) == "pin-locked");
    CHECK_FALSE(restarted.view().nurse);
    CHECK(sign_in_at(Instant{last_wrong.unix_seconds + lockout}).empty());
    CHECK(restarted.view().nurse);
    CHECK(restarted.view().screen == Screen::NurseMenu);
}
