#pragma once
// A kiosk's flow over a real store, with the shipped configuration and
// made-up teams, driven like a person would: cards, taps, keys, strokes.

#include <doctest/doctest.h>

#include "kiosk/auth/pin.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/store/store.hpp"
#include "support/store_fixture.hpp"

namespace jiayi::test {

inline constexpr const char* kNursePin = "246810";
inline constexpr const char* kNurseId = "N0421";  // the one staff member of kiosk_config()

inline const std::string& nurse_pin_hash() {
    static const std::string hash = auth::hash_pin(kNursePin).value();
    return hash;
}

inline config::KioskConfig kiosk_config() {
    auto loaded =
        config::load_config(std::filesystem::path(JIAYI_SOURCE_DIR) / "config/kiosk.toml");
    REQUIRE(loaded.ok());
    config::KioskConfig c = std::move(loaded).value();
    c.kiosk.id = "kiosk-test";
    c.staff.members = {{kNurseId, "", nurse_pin_hash(), false}};
    return c;
}

// Four teams: one open, one full, one closed, one more open.
inline std::vector<domain::Team> kiosk_teams() {
    std::vector<domain::Team> teams{test_team("team-a"), test_team("team-b"), test_team("team-c"),
                                    test_team("team-d")};
    teams[0].signed_count = 10;
    teams[1].capacity = 5;
    teams[1].signed_count = 5;
    teams[2].open = false;
    teams[3].name = "测试二团队";
    return teams;
}

// A made-up adult, child or elder, by birth date, with a valid number.
inline flow::CardData card_born(const std::string& birth, const std::string& sequence,
                                const std::string& name = "测试居民") {
    return {name, make_id("500114", birth, sequence), "示例村1号"};
}

struct KioskFixture : StoreFixture {
    config::KioskConfig config = kiosk_config();
    int next_id = 0;
    bool uuids = false;  // record ids as UUIDs (two kiosks on one hub): "id-N" otherwise
    flow::ReceiptPrinter* printer = nullptr;
    flow::PinChecker* pins = nullptr;  // null: PINs are checked inside the flow's call
    flow::Flow flow{
        config, *store,
        [this] { return uuids ? store::new_uuid() : "id-" + std::to_string(++next_id); }, printer,
        pins};
    Instant now = kStoreNow;  // 2026-11-23 08:00 in the kiosk's zone

    // `with_teams` false: a production kiosk before its first pull from the hub.
    explicit KioskFixture(flow::ReceiptPrinter* receipts = nullptr,
                          flow::PinChecker* pin_checker = nullptr, bool with_teams = true)
        : printer(receipts), pins(pin_checker) {
        if (with_teams) {
            REQUIRE(store->cache_teams(kiosk_teams(), now).ok());
        }
    }

    const flow::View& view() const { return flow.view(); }
    flow::Screen screen() const { return flow.view().screen; }

    void advance(int seconds) { now.unix_seconds += seconds; }
    void card(const flow::CardData& c) {
        advance(1);
        flow.card(c, now);
    }
    void tap(flow::IntentKind kind, std::string arg = {}, int value = 0) {
        advance(1);
        flow.handle({kind, std::move(arg), value, {}}, now);
    }
    void keys(const std::string& digits) {
        for (char d : digits) {
            tap(flow::IntentKind::Key, std::string(1, d));
        }
    }
    void sign_pad() {
        advance(1);
        flow.handle({flow::IntentKind::Stroke, "", 0, {{100, 100}, {300, 200}, {500, 120}}}, now);
    }
    bool offers(flow::IntentKind kind) const {
        for (const auto& a : view().actions) {
            if (a.intent == kind) {
                return true;
            }
        }
        return false;
    }
    flow::IntentKind primary() const {
        for (const auto& a : view().actions) {
            if (a.primary) {
                return a.intent;
            }
        }
        return flow::IntentKind::None;
    }
    std::string message() const { return view().message ? view().message->code : ""; }
    // From home: call a nurse, sign in with the PIN; lands on the nurse menu.
    void nurse_sign_in() {
        tap(flow::IntentKind::CallNurse);
        tap(flow::IntentKind::NurseSignIn);
        keys(kNursePin);
        tap(flow::IntentKind::Next);
        REQUIRE(screen() == flow::Screen::NurseMenu);
    }
};

// From the status screen to a written contract, with the first signing's
// consent, up to the signature's confirmation: the contract is written and
// the kiosk is on the receipt, or waits for the center's word.
inline void sign_to_commit(KioskFixture& k, const std::string& team) {
    REQUIRE(k.screen() == flow::Screen::Status);
    k.tap(flow::IntentKind::Sign);
    REQUIRE(k.screen() == flow::Screen::Teams);
    k.tap(flow::IntentKind::ChooseTeam, team);
    REQUIRE(k.screen() == flow::Screen::Packages);
    k.tap(flow::IntentKind::Next);
    REQUIRE(k.screen() == flow::Screen::Hospitals);
    k.tap(flow::IntentKind::Next);
    REQUIRE(k.screen() == flow::Screen::Phone);
    k.keys("13912345678");
    k.tap(flow::IntentKind::Next);
    k.keys("13912345678");
    k.tap(flow::IntentKind::Next);
    REQUIRE(k.screen() == flow::Screen::Fees);
    k.tap(flow::IntentKind::Next);
    if (k.screen() == flow::Screen::Consent) {
        k.tap(flow::IntentKind::Next);
    }
    REQUIRE(k.screen() == flow::Screen::Signature);
    k.sign_pad();
    k.tap(flow::IntentKind::Next);
    REQUIRE(k.message() == "");
}

// The same, offline (no news from a sync): leaves the kiosk on the receipt.
inline void sign_with(KioskFixture& k, const std::string& team) {
    sign_to_commit(k, team);
    REQUIRE(k.screen() == flow::Screen::Receipt);
}

}  // namespace jiayi::test
