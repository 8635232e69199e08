// The idle countdown, the wipe, language and text size, and nurse mode.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "kiosk/flow/signature.hpp"
#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

TEST_CASE("idle: a countdown after 60 s, more time on a touch, a wipe to home after 20 s more") {
    KioskFixture k;
    CHECK_FALSE(k.flow.next_deadline().has_value());  // an idle home has no timer
    k.card(card_born("19800301", "013", "测试甲"));
    REQUIRE(k.screen() == Screen::Status);
    REQUIRE(k.flow.next_deadline().has_value());
    CHECK(k.flow.next_deadline()->unix_seconds == k.now.unix_seconds + 60);

    k.advance(59);
    k.flow.tick(k.now);
    CHECK_FALSE(k.view().countdown.has_value());
    k.advance(1);
    k.flow.tick(k.now);
    REQUIRE(k.view().countdown.has_value());
    CHECK(*k.view().countdown == 20);
    CHECK(k.flow.next_deadline()->unix_seconds == k.now.unix_seconds + 1);
    k.advance(5);
    k.flow.tick(k.now);
    CHECK(*k.view().countdown == 15);

    k.tap(IntentKind::MoreTime);
    CHECK_FALSE(k.view().countdown.has_value());
    CHECK(k.screen() == Screen::Status);  // nothing lost
    CHECK(k.view().person.masked_name == "测*甲");

    k.advance(80);
    k.flow.tick(k.now);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().countdown.has_value());
    CHECK(k.view().person.masked_name.empty());
    CHECK(k.view().person.masked_id.empty());
    CHECK_FALSE(k.flow.next_deadline().has_value());
}

TEST_CASE("a touch during the countdown only gives more time, it does not act") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    k.advance(61);
    k.flow.tick(k.now);
    REQUIRE(k.view().countdown.has_value());
    k.tap(IntentKind::Sign);
    CHECK(k.screen() == Screen::Status);
    CHECK_FALSE(k.view().countdown.has_value());
}

TEST_CASE("language and text size return to the defaults for the next resident") {
    KioskFixture k;
    k.tap(IntentKind::ToggleLanguage);
    k.tap(IntentKind::ToggleLargeText);
    CHECK(k.view().language == flow::Language::En);
    CHECK(k.view().large_text);
    REQUIRE(k.flow.next_deadline().has_value());
    k.advance(60);
    k.flow.tick(k.now);
    CHECK(k.view().language == flow::Language::ZhCN);
    CHECK_FALSE(k.view().large_text);
    CHECK_FALSE(k.view().countdown.has_value());
}

TEST_CASE("nurse sign-in: wrong PINs are counted, audited and lock the pad") {
    KioskFixture k;
    k.tap(IntentKind::CallNurse);
    REQUIRE(k.screen() == Screen::Help);
    k.tap(IntentKind::NurseSignIn);
    REQUIRE(k.screen() == Screen::Pin);
    k.keys("1234");
    CHECK(k.view().keypad.entered == "****");  // never the digits
    CHECK(k.view().keypad.secret);
    k.tap(IntentKind::Next);
    CHECK(k.message() == "pin-wrong");
    CHECK(k.view().message->args == std::vector<std::string>{"4"});
    k.tap(IntentKind::Dismiss);
    for (int i = 0; i < 4; ++i) {
        k.keys("1234");
        k.tap(IntentKind::Next);
        k.tap(IntentKind::Dismiss);
    }
    k.keys(kNursePin);  // right, but too late
    k.tap(IntentKind::Next);
    CHECK(k.message() == "pin-locked");
    CHECK_FALSE(k.view().nurse);
    const auto log = k.store->audit_log().value();
    CHECK(std::count_if(log.begin(), log.end(), [](const store::AuditEntry& e) {
              return e.action == "sign-in-refused";
          }) == 6);
    for (const auto& e : log) {
        CHECK(e.detail.find(kNursePin) == std::string::npos);
    }
}

TEST_CASE("nurse mode: a number typed with X, a proxy signing, today's summary, a reprint") {
    KioskFixture k;
    k.nurse_sign_in();
    CHECK(k.view().nurse);

    // A made-up number whose check character is X.
    std::string number;
    for (int seq = 100; seq < 999; ++seq) {
        number = make_id("500114", "19450101", std::to_string(seq));
        if (number.back() == 'X') {
            break;
        }
    }
    REQUIRE(number.back() == 'X');
    k.tap(IntentKind::ManualEntry);
    REQUIRE(k.screen() == Screen::ManualEntry);
    CHECK(k.view().keypad.allow_x);
    k.keys("1234");
    k.tap(IntentKind::Next);
    CHECK(k.message() == "invalid-id");
    k.tap(IntentKind::Dismiss);
    k.keys(number);
    CHECK(k.view().keypad.entered == number);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.masked_name == "—");  // a typed number carries no name

    // The resident cannot sign: a family member signs as proxy.
    REQUIRE(k.offers(IntentKind::ProxySign));
    k.tap(IntentKind::ProxySign);
    k.tap(IntentKind::Sign);
    REQUIRE(k.screen() == Screen::Signer);
    k.tap(IntentKind::ChooseRelation, "spouse");
    k.tap(IntentKind::ManualEntry);
    REQUIRE(k.screen() == Screen::ManualEntry);
    k.keys(make_id("500114", "19480202", "085"));
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Signer);
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
    REQUIRE(k.message() == "");
    CHECK(k.view().signature.signer == "signer.proxy");
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    const auto contracts =
        k.store->contracts_of(k.store->find_resident(number).value()->id).value();
    REQUIRE(contracts.size() == 1);
    CHECK(contracts[0].signer.role == domain::SignerRole::Proxy);
    CHECK(contracts[0].channel == domain::Channel::NurseAssisted);
    const std::string receipt_id = k.view().receipt->id;

    k.tap(IntentKind::Next);
    k.tap(IntentKind::Skip);  // no feedback
    CHECK(k.screen() == Screen::Thanks);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::NurseMenu);  // the nurse stays signed in
    CHECK(k.view().person.masked_id.empty());

    k.tap(IntentKind::Summary);
    REQUIRE(k.screen() == Screen::Summary);
    CHECK(k.view().summary.signings == 1);
    CHECK(k.view().summary.pending >= 1);
    k.tap(IntentKind::Back);

    k.tap(IntentKind::Reprint);
    REQUIRE(k.screen() == Screen::Reprint);
    REQUIRE(k.view().reprints.size() == 1);
    CHECK(k.view().reprints[0].id == receipt_id);
    k.tap(IntentKind::Reprint, receipt_id);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->id == receipt_id);
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::Reprint);

    const auto log = k.store->audit_log().value();
    std::vector<std::string> actions;
    for (const auto& e : log) {
        actions.push_back(e.action);
        CHECK(e.detail.find(number) == std::string::npos);
    }
    for (const char* expected :
         {"sign-in", "manual-entry", "proxy-on", "assisted-new", "summary", "reprint"}) {
        CAPTURE(expected);
        CHECK(std::find(actions.begin(), actions.end(), expected) != actions.end());
    }

    k.tap(IntentKind::Back);
    k.tap(IntentKind::NurseSignOut);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().nurse);
    CHECK(k.store->audit_log()->back().action == "sign-out");
}

TEST_CASE("nurse mode: a passport and a 2017 foreigner card are typed with letters") {
    KioskFixture k;
    k.nurse_sign_in();
    k.tap(IntentKind::ManualEntry);
    REQUIRE(k.screen() == Screen::ManualEntry);
    CHECK_FALSE(k.view().keypad.letters);
    CHECK_FALSE(k.view().keypad.dash);
    k.keys("E1234");  // an ID number has no letters: the E is not taken
    CHECK(k.view().keypad.entered == "1234");

    REQUIRE(k.offers(IntentKind::SwitchEntry));
    k.tap(IntentKind::SwitchEntry);
    CHECK(k.view().keypad.letters);
    CHECK(k.view().keypad.entered.empty());  // a new kind of number starts afresh
    CHECK(k.view().keypad.max_length == 20);
    CHECK(k.view().keypad.prompt == "manual.enter_lettered");
    CHECK(k.view().keypad.dash);  // some passports' numbers have one: it has a key
    k.keys("e1234-5678");
    CHECK(k.view().keypad.entered == "E1234-5678");
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.document_kind == "document.other");

    // A 2017 foreigner card, its checks kept: a wrong birth date is refused.
    k.tap(IntentKind::Finish);
    k.tap(IntentKind::ManualEntry);
    k.tap(IntentKind::SwitchEntry);
    const std::string bad = std::string("USA1100901301") + "0";
    k.keys(bad + domain::icao_check(bad));
    k.tap(IntentKind::Next);
    CHECK(k.message() == "invalid-id");
    k.tap(IntentKind::Dismiss);
    const std::string card = std::string("USA1100000229") + "0";  // born 2000-02-29
    k.keys(card + domain::icao_check(card));
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.document_kind == "document.foreigner-2017");
    CHECK(k.view().person.age == 26);
}

TEST_CASE("an idle nurse session ends like a resident's, and is audited") {
    KioskFixture k;
    k.tap(IntentKind::CallNurse);
    k.tap(IntentKind::NurseSignIn);
    k.keys(kNursePin);
    k.tap(IntentKind::Next);
    REQUIRE(k.view().nurse);
    k.advance(81);
    k.flow.tick(k.now);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().nurse);
    CHECK(k.store->audit_log()->back().detail == "idle");
}

TEST_CASE("signature strokes become a PNG and JSON the store keeps") {
    const std::vector<std::vector<image::Point>> strokes{{{10, 10}, {990, 320}}, {{500, 10}}};
    const auto png = flow::strokes_png(strokes);
    REQUIRE(png.size() > 8);
    CHECK(png[1] == 'P');
    CHECK(png[2] == 'N');
    CHECK(flow::strokes_json(strokes) == "[[[10.0,10.0],[990.0,320.0]],[[500.0,10.0]]]");
    // Smoothing keeps the ends and passes near each corner, with no gap
    // wider than its step.
    const std::vector<image::Point> corner{{0, 0}, {100, 0}, {100, 100}};
    const auto smooth = image::smooth(corner, 2.0f);
    CHECK(smooth.front().x == 0);
    CHECK(smooth.back().y == 100);
    CHECK(smooth.size() > 50);
    for (std::size_t i = 1; i < smooth.size(); ++i) {
        CHECK(std::hypot(smooth[i].x - smooth[i - 1].x, smooth[i].y - smooth[i - 1].y) <= 2.01f);
    }
    image::Grey canvas(100, 40);
    canvas.line({10, 20}, {90, 20}, 6);
    CHECK(canvas.at(50, 20) == 0);
    CHECK(canvas.at(50, 10) == 255);
}

// The voice (issue 13): "Listen again" changes nothing but its count, on
// any screen and under a message; a nurse's mute lasts until the session ends.
TEST_CASE("listen again only counts, and a nurse mutes the voice for the session") {
    KioskFixture k;
    CHECK(k.view().listen_again == 0);
    k.tap(IntentKind::ListenAgain);
    CHECK(k.view().listen_again == 1);
    CHECK(k.screen() == Screen::Home);
    k.card({"", "not-a-number", ""});
    REQUIRE(k.message() == "card-unreadable");
    k.tap(IntentKind::ListenAgain);
    CHECK(k.view().listen_again == 2);
    CHECK(k.message() == "card-unreadable");  // still shown: it is said again
    k.tap(IntentKind::Dismiss);

    k.tap(IntentKind::ToggleVoice);  // not a nurse: nothing
    CHECK_FALSE(k.view().voice_muted);
    k.nurse_sign_in();
    CHECK(k.offers(IntentKind::ToggleVoice));
    k.tap(IntentKind::ToggleVoice);
    CHECK(k.view().voice_muted);
    k.tap(IntentKind::ManualEntry);
    CHECK(k.view().voice_muted);  // the whole session
    k.tap(IntentKind::Back);
    k.tap(IntentKind::NurseSignOut);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().voice_muted);  // back for the next resident
    CHECK(k.view().listen_again == 2);
}
