// Staff accountability (issue 9): each nurse signs in as themselves, every
// record and audit line names their id, and the PIN pad's lockout outlives a
// restart.

#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/pin_worker.hpp"
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

// PIN checks off the frame loop (Argon2id takes ~0.14 s a member): the flow
// hands a check to a PinChecker and takes the answer as an event.
namespace {

// The worker's thread, made deterministic: each check waits until the test
// runs it — the real Argon2id check — and posts its answer to the queue.
struct HeldChecks final : flow::PinChecker {
    std::vector<std::pair<std::uint64_t, auth::PinCheck>> held;

    void check(std::uint64_t ticket, auth::PinCheck check) override {
        held.emplace_back(ticket, std::move(check));
    }
    // Runs the oldest check; returns its Argon2id verifications.
    int run_one(flow::EventQueue& answers) {
        REQUIRE_FALSE(held.empty());
        auto [ticket, check] = std::move(held.front());
        held.erase(held.begin());
        const auth::PinMatches matches = auth::check_pin(check);
        answers.post(flow::PinChecked{ticket, matches, false});
        return matches.verified;
    }
};

// What the frame loop does once per frame: the queue drained into the flow.
void drain(flow::EventQueue& queue, KioskFixture& k) {
    k.advance(1);
    for (const auto& event : queue.drain()) {
        flow::deliver(k.flow, event, k.now);
    }
}

// libsodium's least Argon2id cost (verify_pin reads it from the hash): the
// real check, in microseconds, for counting verifications over ten members.
std::string cheap_hash(const std::string& pin) {
    char out[crypto_pwhash_STRBYTES];
    REQUIRE(sodium_init() >= 0);
    REQUIRE(crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) == 0);
    return out;
}

}  // namespace

TEST_CASE("while a PIN is checked the pad says so and the kiosk goes on — the answer signs in") {
    HeldChecks checks;
    flow::EventQueue queue;
    KioskFixture k(nullptr, &checks);
    open_pin_pad(k);
    type_pin(k, kNursePin);

    // Handed over, not checked in the flow's call.
    REQUIRE(checks.held.size() == 1);
    CHECK(checks.held[0].second.pin == kNursePin);
    CHECK(k.screen() == Screen::Pin);
    CHECK(k.view().keypad.busy);
    CHECK(k.view().keypad.prompt == "pin.checking");
    CHECK(k.view().keypad.entered.empty());
    CHECK_FALSE(k.offers(IntentKind::Next));
    CHECK_FALSE(k.view().nurse);

    // The frame loop goes on: other events are handled while the check runs.
    const std::uint64_t version = k.flow.version();
    k.tap(IntentKind::ToggleLanguage);
    CHECK(k.view().language == flow::Language::En);
    CHECK(k.flow.version() > version);
    k.keys("9");  // the pad takes no keys now…
    CHECK(k.view().keypad.entered.empty());
    k.tap(IntentKind::Next);  // …and starts no second try
    CHECK(checks.held.size() == 1);
    CHECK(k.view().keypad.busy);

    CHECK(checks.run_one(queue) == 1);
    drain(queue, k);
    CHECK(k.screen() == Screen::NurseMenu);
    CHECK(k.view().nurse);
    CHECK_FALSE(k.view().keypad.busy);
    CHECK(audit_of(k, "sign-in").back().actor == kNurseId);
}

TEST_CASE("wrong PINs checked on the worker count toward the lockout, even after the pad is left") {
    HeldChecks checks;
    flow::EventQueue queue;
    KioskFixture k(nullptr, &checks);
    const int max = k.config.staff.max_pin_attempts;
    open_pin_pad(k);
    for (int i = 1; i < max; ++i) {
        type_pin(k, "000000");
        checks.run_one(queue);
        drain(queue, k);
        CHECK(k.message() == "pin-wrong");
        CHECK(k.store->pin_lockout("nurse").value().wrong_in_a_row == i);
        k.tap(IntentKind::Dismiss);
    }
    // The last wrong try, and the kiosk is left idle while it is checked: the
    // session ends, the answer still counts (and shows nothing).
    type_pin(k, "000000");
    k.advance(3600);
    k.flow.tick(k.now);
    REQUIRE(k.screen() == Screen::Home);
    checks.run_one(queue);
    drain(queue, k);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().message);
    CHECK(k.store->pin_lockout("nurse").value().locked_until.unix_seconds > k.now.unix_seconds);

    // Locked: the right PIN is refused without any check.
    open_pin_pad(k);
    type_pin(k, kNursePin);
    CHECK(checks.held.empty());
    CHECK(k.message() == "pin-locked");
    CHECK_FALSE(k.view().nurse);
}

TEST_CASE("a right PIN whose session ended while it was checked signs nobody in") {
    HeldChecks checks;
    flow::EventQueue queue;
    KioskFixture k(nullptr, &checks);
    open_pin_pad(k);
    type_pin(k, kNursePin);
    k.advance(3600);
    k.flow.tick(k.now);
    REQUIRE(k.screen() == Screen::Home);
    checks.run_one(queue);
    drain(queue, k);
    CHECK_FALSE(k.view().nurse);
    CHECK(k.screen() == Screen::Home);
    CHECK(audit_of(k, "sign-in").empty());
    CHECK(audit_of(k, "sign-in-refused").back().detail == "right PIN, but its session had ended");
}

TEST_CASE("with 10 nurses, a sign-in needs one Argon2id verification once the kiosk knows them") {
    HeldChecks checks;
    flow::EventQueue queue;
    KioskFixture k(nullptr, &checks);
    k.config.staff.members.clear();
    for (int i = 0; i < 10; ++i) {
        k.config.staff.members.push_back(
            {"N040" + std::to_string(i), "", cheap_hash(std::to_string(400000 + i)), false});
    }
    auto sign_in = [&](int i) {
        open_pin_pad(k);
        type_pin(k, std::to_string(400000 + i));
        const int verified = checks.run_one(queue);
        drain(queue, k);
        REQUIRE(k.screen() == Screen::NurseMenu);
        CHECK(audit_of(k, "sign-in").back().actor == "N040" + std::to_string(i));
        k.tap(IntentKind::NurseSignOut);
        k.tap(IntentKind::Next);  // thanks
        return verified;
    };
    // Since the kiosk started, nobody has signed in: all ten are checked.
    CHECK(sign_in(0) == 10);
    for (int i = 1; i < 10; ++i) {
        CHECK(sign_in(i) == 10 - i);
    }
    for (int i : {4, 0, 9}) {
        CHECK(sign_in(i) == 1);
    }
}

TEST_CASE("the kiosk's PIN worker checks on its own thread and answers on the queue") {
    flow::EventQueue queue;
    flow::PinWorker worker(queue);
    KioskFixture k(nullptr, &worker);
    open_pin_pad(k);
    type_pin(k, kNursePin);
    CHECK(k.view().keypad.busy);
    // Waits for the answer (no sleep): the worker's post wakes the queue.
    for (int frames = 0; k.view().keypad.busy && frames < 100; ++frames) {
        k.advance(1);
        for (const auto& event : queue.wait_and_drain(std::chrono::seconds(30))) {
            flow::deliver(k.flow, event, k.now);
        }
    }
    CHECK(k.screen() == Screen::NurseMenu);
    CHECK(audit_of(k, "sign-in").back().actor == kNurseId);
}
