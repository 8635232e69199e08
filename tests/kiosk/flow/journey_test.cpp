// The resident's journeys (DESIGN.md), driven through the real flow and a
// real store: each test reads like what a person does at the kiosk, and
// checks what the screen shows and what the store keeps.

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <algorithm>

#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

std::vector<domain::Contract> contracts_of_card(KioskFixture& k, const flow::CardData& card) {
    auto resident = k.store->find_resident(card.number);
    REQUIRE(resident.ok());
    REQUIRE(resident->has_value());
    return k.store->contracts_of((*resident)->id).value();
}

}  // namespace

TEST_CASE(
    "a first signing: card, status, team, packages, 1+1+1, phone twice, fees, consent, "
    "signature, receipt, feedback, home") {
    KioskFixture k;
    CHECK(k.screen() == Screen::Home);
    const auto card = card_born("19800301", "013", "测试甲");
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.masked_name == "测*甲");
    CHECK(k.view().person.masked_id ==
          card.number.substr(0, 4) + "**********" + card.number.substr(14));
    CHECK(k.view().person.standing == "standing.none");
    CHECK(k.primary() == IntentKind::Sign);
    CHECK(k.offers(IntentKind::Decline));

    k.tap(IntentKind::Sign);
    REQUIRE(k.screen() == Screen::Teams);
    CHECK(k.view().progress.step == 1);
    CHECK(k.view().progress.of == 5);
    // The full team and the closed team are not offered.
    std::vector<std::string> offered;
    for (const auto& t : k.view().teams) {
        offered.push_back(t.id);
    }
    CHECK(offered == std::vector<std::string>{"team-a", "team-d"});
    CHECK(k.view().teams[0].places_left == 1490);

    k.tap(IntentKind::ChooseTeam, "team-b");  // not offered: nothing happens
    CHECK(k.screen() == Screen::Teams);
    k.tap(IntentKind::ChooseTeam, "team-a");
    REQUIRE(k.screen() == Screen::Packages);
    CHECK(k.view().progress.step == 2);
    // An adult of 46: basic (chosen, fixed) and TCM; not the elderly's or chronic care.
    std::vector<std::string> packages;
    for (const auto& p : k.view().choices) {
        packages.push_back(p.id);
    }
    CHECK(packages == std::vector<std::string>{"basic", "tcm"});
    CHECK(k.view().choices[0].chosen);
    CHECK(k.view().choices[0].fixed);
    k.tap(IntentKind::TogglePackage, "basic");  // the basic package cannot be dropped
    CHECK(k.view().choices[0].chosen);
    k.tap(IntentKind::TogglePackage, "tcm");
    CHECK(k.view().choices[1].chosen);
    k.tap(IntentKind::TogglePackage, "elderly-home");  // not for this resident: ignored
    k.tap(IntentKind::Next);

    REQUIRE(k.screen() == Screen::Hospitals);
    CHECK(k.view().progress.step == 2);
    k.tap(IntentKind::ChooseHospital, "district-people");
    k.tap(IntentKind::ChooseHospital, "central");
    CHECK(std::all_of(k.view().choices.begin(), k.view().choices.end(),
                      [](const flow::ChoiceRow& r) { return r.chosen; }));
    k.tap(IntentKind::Next);

    REQUIRE(k.screen() == Screen::Phone);
    CHECK(k.view().progress.step == 3);
    CHECK(k.view().keypad.prompt == "phone.enter");
    k.keys("139123456789999");  // at most 12 digits are taken
    CHECK(k.view().keypad.entered == "139123456789");
    k.tap(IntentKind::DeleteKey);
    k.tap(IntentKind::Next);
    CHECK(k.view().keypad.prompt == "phone.again");
    k.keys("13912345678");
    k.tap(IntentKind::Next);

    REQUIRE(k.screen() == Screen::Fees);
    CHECK(k.view().progress.step == 4);
    CHECK(k.view().fees.total == "116.00");
    CHECK(k.view().fees.resident_pays == "92.00");  // 12 of the basic + 80 for TCM
    k.tap(IntentKind::Next);

    REQUIRE(k.screen() == Screen::Consent);
    CHECK(k.view().progress.step == 5);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Signature);
    k.tap(IntentKind::Next);  // no signature yet
    CHECK(k.message() == "signature-required");
    CHECK(k.screen() == Screen::Signature);
    k.tap(IntentKind::Dismiss);
    k.sign_pad();
    CHECK(k.view().signature.strokes.size() == 1);
    k.tap(IntentKind::ClearSignature);
    CHECK(k.view().signature.strokes.empty());
    k.sign_pad();
    k.tap(IntentKind::Next);

    REQUIRE(k.screen() == Screen::Receipt);
    REQUIRE(k.view().receipt.has_value());
    CHECK(k.view().receipt->kind == receipt::Kind::Signing);
    const auto contracts = contracts_of_card(k, card);
    REQUIRE(contracts.size() == 1);
    const domain::Contract& c = contracts[0];
    CHECK(c.team_id == "team-a");
    CHECK(c.package_ids == std::vector<std::string>{"basic", "tcm"});
    CHECK(c.hospitals.secondary == "district-people");
    CHECK(c.hospitals.tertiary == "central");
    CHECK(c.start == kStoreToday);
    CHECK(k.view().receipt->record_id == c.id);
    auto resident = k.store->find_resident(card.number).value();
    CHECK(resident->phone == "13912345678");
    CHECK(resident->privacy_consent);
    CHECK(resident->name == "测试甲");
    auto saved = k.store->receipt_bytes(k.view().receipt->id);
    REQUIRE(saved.ok());
    CHECK(receipt::from_json(std::string(saved->begin(), saved->end()))->record_id == c.id);

    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Feedback);
    k.tap(IntentKind::KnowsDoctor, "", 1);  // the second question is not asked yet
    CHECK_FALSE(k.view().knows_doctor.has_value());
    k.tap(IntentKind::Rate, "", 9);  // not a face: ignored
    CHECK_FALSE(k.view().rating.has_value());
    CHECK_FALSE(k.view().asking_knows);
    k.tap(IntentKind::Rate, "", 5);
    CHECK(k.view().rating == 5);
    REQUIRE(k.view().asking_knows);
    k.tap(IntentKind::Back);  // to change the face
    CHECK_FALSE(k.view().asking_knows);
    k.tap(IntentKind::Rate, "", 4);
    k.tap(IntentKind::KnowsDoctor, "", 1);
    REQUIRE(k.screen() == Screen::Thanks);
    const auto outbox = k.store->outbox_entries().value();
    CHECK(std::count_if(outbox.begin(), outbox.end(), [](const store::OutboxEntry& e) {
              return e.record_type == "feedback";
          }) == 1);
    CHECK(std::count_if(outbox.begin(), outbox.end(), [](const store::OutboxEntry& e) {
              return e.record_type == "contract";
          }) == 1);
    // The privacy consent given on this visit goes to the center too, first.
    REQUIRE_FALSE(outbox.empty());
    CHECK(outbox.front().record_type == "privacy-consent");
    CHECK(std::count_if(outbox.begin(), outbox.end(), [](const store::OutboxEntry& e) {
              return e.record_type == "privacy-consent";
          }) == 1);

    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::Home);
    CHECK(k.view().person.masked_id.empty());
}

TEST_CASE("the same resident again: the status shows the contract and offers no second signing") {
    KioskFixture k;
    const auto card = card_born("19800301", "013");
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.standing == "standing.active");
    CHECK(k.view().person.team_name == "测试团队");
    CHECK(k.view().person.doctor_phone == "02300000000");
    CHECK(k.view().person.end == "2027-11-22");
    CHECK_FALSE(k.offers(IntentKind::Sign));
    CHECK_FALSE(k.offers(IntentKind::Switch));  // mid-term switching is off by default
    CHECK(k.primary() == IntentKind::Next);
    // A stale or forged tap is still refused by the rules.
    k.tap(IntentKind::Sign);
    CHECK(k.message() == "already-signed");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
    // A renewal outside its window is refused at once, before any choice.
    k.tap(IntentKind::Renew);
    CHECK(k.message() == "outside-renewal-window");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
    k.tap(IntentKind::Next);  // no journey was started: "done" leaves
    CHECK(k.screen() == Screen::Home);
    CHECK(contracts_of_card(k, card).size() == 1);
}

TEST_CASE("a team closed to new signings still renews its residents") {
    KioskFixture k;
    const auto card = card_born("19500615", "021", "测试老人");
    k.now.unix_seconds -= 350 * 86400;
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.now.unix_seconds += 350 * 86400;
    auto teams = kiosk_teams();
    teams[0].open = false;  // team-a: on leave, no new residents
    REQUIRE(k.store->cache_teams(teams, k.now).ok());

    k.card(card);
    REQUIRE(k.primary() == IntentKind::Renew);
    k.tap(IntentKind::Renew);
    REQUIRE(k.screen() == Screen::Packages);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);  // hospitals
    k.tap(IntentKind::KeepPhone);
    k.tap(IntentKind::Next);  // fees
    k.sign_pad();
    k.tap(IntentKind::Next);
    CHECK(k.message() == "");
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->kind == receipt::Kind::Renewal);
    const auto contracts = contracts_of_card(k, card);
    CHECK(std::count_if(contracts.begin(), contracts.end(), [](const auto& c) {
              return c.type == domain::ContractType::Renewal && c.team_id == "team-a";
          }) == 1);
}

TEST_CASE("a team switch is not made without a signature, nor with a tap for one") {
    KioskFixture k;
    const auto card = card_born("19700101", "031");
    k.now.unix_seconds -= 350 * 86400;
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.now.unix_seconds += 350 * 86400;
    k.card(card);
    k.tap(IntentKind::Switch);
    k.tap(IntentKind::ChooseTeam, "team-d");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::KeepPhone);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Signature);

    k.tap(IntentKind::Next);  // nothing drawn
    CHECK(k.message() == "signature-required");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Signature);

    k.advance(1);  // a tap on the pad: one point
    k.flow.handle({IntentKind::Stroke, "", 0, {{500, 150}}}, k.now);
    k.tap(IntentKind::Next);
    CHECK(k.message() == "signature-too-small");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Signature);
    CHECK(contracts_of_card(k, card).size() == 1);  // only the first contract

    k.tap(IntentKind::ClearSignature);
    k.sign_pad();
    k.tap(IntentKind::Next);
    CHECK(k.message() == "");
    CHECK(k.screen() == Screen::Receipt);
    CHECK(contracts_of_card(k, card).size() == 2);
}

TEST_CASE("a receipt the store cannot keep is shown, printed and said, never dropped") {
    KioskFixture k;
    // A real SQLite failure: another connection adds a trigger that aborts
    // every insert into receipts, as a full or broken disk would.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(k.db_path.string().c_str(), &db) == SQLITE_OK);
        char* error = nullptr;
        const int rc = sqlite3_exec(db,
                                    "CREATE TRIGGER no_receipts BEFORE INSERT ON receipts "
                                    "BEGIN SELECT RAISE(ABORT, 'receipts refused'); END;",
                                    nullptr, nullptr, &error);
        CHECK_MESSAGE(rc == SQLITE_OK, (error != nullptr ? error : ""));
        sqlite3_free(error);
        sqlite3_close(db);
    }
    const auto card = card_born("19800301", "013");
    k.card(card);
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);  // fees
    k.tap(IntentKind::Next);  // consent
    k.sign_pad();
    k.tap(IntentKind::Next);
    // The contract is written; its receipt shows, with the failure said.
    REQUIRE(k.screen() == Screen::Receipt);
    REQUIRE(k.view().receipt.has_value());
    CHECK(k.message() == "receipt-not-kept");
    CHECK_FALSE(k.view().print.kept);
    CHECK(contracts_of_card(k, card).size() == 1);
    auto log = k.store->audit_log();
    REQUIRE(log.ok());
    CHECK(std::any_of(log->begin(), log->end(),
                      [](const auto& e) { return e.action == "receipt-not-kept"; }));
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Receipt);
    CHECK_FALSE(k.view().print.kept);

    // A decline's notice, the same.
    k.tap(IntentKind::Finish);
    k.card(card_born("19680630", "041"));
    k.tap(IntentKind::Decline);
    k.tap(IntentKind::Next);
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.message() == "receipt-not-kept");
    CHECK(k.store->status()->opt_outs == 1);
}

TEST_CASE("a renewal in the window keeps the team, offers the number on file, skips consent") {
    KioskFixture k;
    const auto card = card_born("19500615", "021", "测试老人");
    // Signed 350 days ago: the contract ends in 15 days.
    k.now.unix_seconds -= 350 * 86400;
    k.card(card);
    sign_with(k, "team-d");
    k.tap(IntentKind::Finish);
    k.now.unix_seconds += 350 * 86400;

    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.view().person.standing == "standing.expiring-soon");
    CHECK(k.view().person.days_left == 14);  // the last day is the 14th from today
    CHECK(k.primary() == IntentKind::Renew);
    k.tap(IntentKind::Renew);
    REQUIRE(k.screen() == Screen::Packages);
    CHECK(k.view().progress.of == 4);
    // An elder of 76 is offered home care.
    const auto& rows = k.view().choices;
    CHECK(std::any_of(rows.begin(), rows.end(),
                      [](const flow::ChoiceRow& r) { return r.id == "elderly-home"; }));
    k.tap(IntentKind::TogglePackage, "elderly-home");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);  // hospitals: none
    REQUIRE(k.screen() == Screen::Phone);
    CHECK(k.view().phone_on_file == "139****5678");
    CHECK(k.primary() == IntentKind::KeepPhone);
    k.tap(IntentKind::KeepPhone);
    REQUIRE(k.screen() == Screen::Fees);
    CHECK(k.view().fees.resident_pays == "112.00");
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Signature);  // consent is on record
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->kind == receipt::Kind::Renewal);
    const auto contracts = contracts_of_card(k, card);
    REQUIRE(contracts.size() == 2);
    const auto renewal = std::find_if(contracts.begin(), contracts.end(), [](const auto& c) {
        return c.type == domain::ContractType::Renewal;
    });
    REQUIRE(renewal != contracts.end());
    CHECK(renewal->team_id == "team-d");
    CHECK(renewal->package_ids == std::vector<std::string>{"basic", "elderly-home"});
}

TEST_CASE("a switch at renewal time offers only the other teams") {
    KioskFixture k;
    const auto card = card_born("19700101", "031");
    k.now.unix_seconds -= 350 * 86400;
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.now.unix_seconds += 350 * 86400;
    k.card(card);
    REQUIRE(k.offers(IntentKind::Switch));
    k.tap(IntentKind::Switch);
    REQUIRE(k.screen() == Screen::Teams);
    REQUIRE(k.view().teams.size() == 1);
    CHECK(k.view().teams[0].id == "team-d");
    k.tap(IntentKind::ChooseTeam, "team-d");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::KeepPhone);
    k.tap(IntentKind::Next);
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->kind == receipt::Kind::Switch);
    const auto contracts = contracts_of_card(k, card);
    CHECK(std::any_of(contracts.begin(), contracts.end(), [](const auto& c) {
        return c.type == domain::ContractType::Switch && c.team_id == "team-d" &&
               c.status == domain::ContractStatus::Active;
    }));
}

TEST_CASE("declining: the informed notice, a signature, a copy of the notice, no feedback") {
    KioskFixture k;
    const auto card = card_born("19680630", "041");
    k.card(card);
    k.tap(IntentKind::Decline);
    REQUIRE(k.screen() == Screen::Notice);
    CHECK(k.view().progress.step == 1);
    CHECK(k.view().progress.of == 2);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Signature);
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->kind == receipt::Kind::Notice);
    CHECK(k.store->status()->opt_outs == 1);
    CHECK(k.store->status()->contracts == 0);
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::Thanks);
    CHECK(k.view().thanks == "thanks.declined");  // no talk of a family doctor's phone
}

TEST_CASE("a child signs through a guardian, who taps their own card and names the relation") {
    KioskFixture k;
    const auto child = card_born("20220510", "052", "测试小");
    k.card(child);
    CHECK(k.view().person.needs_guardian);
    k.tap(IntentKind::Sign);
    REQUIRE(k.screen() == Screen::Signer);
    CHECK(k.view().progress.step == 1);
    CHECK(k.view().progress.of == 6);
    k.tap(IntentKind::Next);
    CHECK(k.message() == "guardian-card");
    k.tap(IntentKind::Dismiss);
    k.card(child);  // the child's own card is not a guardian
    CHECK(k.message() == "signer-same-person");
    k.tap(IntentKind::Dismiss);
    k.card(card_born("20100101", "063"));  // a sixteen-year-old
    k.tap(IntentKind::ChooseRelation, "mother");
    k.tap(IntentKind::Next);
    CHECK(k.message() == "guardian-not-adult");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Signer);
    k.card(card_born("19900402", "074"));
    CHECK_FALSE(k.view().keypad.entered.empty());  // the guardian's masked number
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Teams);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("13800000001");
    k.tap(IntentKind::Next);
    k.keys("13800000001");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);  // consent
    CHECK(k.view().signature.signer == "signer.guardian");
    k.sign_pad();
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Receipt);
    const auto contracts = contracts_of_card(k, child);
    REQUIRE(contracts.size() == 1);
    CHECK(contracts[0].signer.role == domain::SignerRole::Guardian);
    CHECK(contracts[0].signer.relation == "mother");
}

TEST_CASE("phone numbers: a wrong number and two that differ are refused, and nothing is kept") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Phone);
    k.keys("12345");
    k.tap(IntentKind::Next);
    CHECK(k.message() == "phone-invalid");
    k.tap(IntentKind::Dismiss);
    CHECK(k.view().keypad.entered.empty());
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    k.keys("13912345670");
    k.tap(IntentKind::Next);
    CHECK(k.message() == "phone-mismatch");
    k.tap(IntentKind::Dismiss);
    CHECK(k.view().keypad.prompt == "phone.enter");  // start again from the first entry
    CHECK(k.screen() == Screen::Phone);
}

TEST_CASE("a number many residents share is flagged to the resident and in the audit log") {
    KioskFixture k;
    for (int i = 0; i < 4; ++i) {
        auto r = test_resident(100 + i);
        r.phone = "13900000000";
        REQUIRE(k.store->record_signing(new_signing(r), k.now).ok());
    }
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("13900000000");
    k.tap(IntentKind::Next);
    k.keys("13900000000");
    k.tap(IntentKind::Next);
    CHECK(k.message() == "phone-shared");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Fees);
    const auto log = k.store->audit_log().value();
    REQUIRE_FALSE(log.empty());
    CHECK(log.back().action == "phone-shared-number");
    CHECK(log.back().detail.find("13900000000") == std::string::npos);
}

TEST_CASE("a card whose number does not check, and a code the kiosk does not use") {
    KioskFixture k;
    auto card = card_born("19800301", "013");
    card.number.back() = card.number.back() == '1' ? '2' : '1';
    k.card(card);
    CHECK(k.message() == "card-unreadable");
    CHECK(k.screen() == Screen::Home);
    k.tap(IntentKind::Dismiss);
    k.advance(1);
    k.flow.qr({flow::CodeKind::NotOurs, ""}, k.now);
    CHECK(k.message() == "qr-not-used");
    CHECK(k.store->status()->residents == 0);
}

TEST_CASE("mid-term switching where the district forbids it is refused with a reason") {
    KioskFixture k;
    const auto card = card_born("19800301", "013");
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.card(card);
    k.tap(IntentKind::Switch);  // not offered; a forged tap reaches the rules
    k.tap(IntentKind::ChooseTeam, "team-d");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.tap(IntentKind::KeepPhone);
    k.tap(IntentKind::Next);
    k.sign_pad();
    k.tap(IntentKind::Next);
    CHECK(k.message() == "switch-not-allowed");
    CHECK(contracts_of_card(k, card).size() == 1);
}

TEST_CASE("no team to offer: the resident is told, and sent back to the status") {
    KioskFixture k;
    REQUIRE(k.store->cache_teams({}, k.now).ok());
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::Sign);
    CHECK(k.message() == "no-teams");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
}

TEST_CASE("booking without a center to ask: one sentence, and home stays") {
    KioskFixture k;
    k.tap(IntentKind::StartBooking);
    CHECK(k.message() == "booking-offline");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Home);
    CHECK_FALSE(k.view().message.has_value());
}

TEST_CASE("back goes one step back, and the way forward is kept") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::TogglePackage, "tcm");
    k.tap(IntentKind::Back);
    CHECK(k.screen() == Screen::Teams);
    k.tap(IntentKind::ChooseTeam, "team-d");
    CHECK(k.view().choices[1].chosen);  // TCM still chosen
    k.tap(IntentKind::Back);
    k.tap(IntentKind::Back);
    CHECK(k.screen() == Screen::Status);
    k.tap(IntentKind::Finish);
    CHECK(k.screen() == Screen::Home);
}

TEST_CASE("our codes: a voucher needs the center, a health card too, a badge asks the PIN") {
    KioskFixture k;
    k.advance(1);
    k.flow.qr({flow::CodeKind::Booking, "b-42"}, k.now);
    CHECK(k.message() == "booking-offline");
    k.tap(IntentKind::Dismiss);
    k.advance(1);
    k.flow.qr({flow::CodeKind::EHealthCard, std::string(64, 'a')}, k.now);
    CHECK(k.message() == "qr-ehealth-offline");
    k.tap(IntentKind::Dismiss);
    k.advance(1);
    k.flow.qr({flow::CodeKind::Record, "c-1"}, k.now);
    CHECK(k.message() == "qr-receipt");  // a resident: no reprint without a nurse
    k.tap(IntentKind::Dismiss);

    k.advance(1);
    k.flow.qr({flow::CodeKind::NurseBadge, kNurseId}, k.now);
    CHECK(k.screen() == Screen::Pin);
    CHECK(k.message() == "qr-nurse-badge");
    CHECK_FALSE(k.view().nurse);  // a badge alone signs no one in
    k.tap(IntentKind::Dismiss);
    k.keys(kNursePin);
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::NurseMenu);
}

TEST_CASE("a nurse scans a receipt's code: that receipt is printed again") {
    KioskFixture k;
    k.card(card_born("19800301", "013"));
    sign_with(k, "team-a");
    const std::string qr = k.view().receipt->qr;  // "jiayi:contract:<id>"
    const std::string record = qr.substr(qr.rfind(':') + 1);
    k.tap(IntentKind::Finish);
    k.nurse_sign_in();
    k.advance(1);
    k.flow.qr({flow::CodeKind::Record, record}, k.now);
    CHECK(k.screen() == Screen::Receipt);
    CHECK(k.view().receipt->qr == qr);
    k.tap(IntentKind::Finish);
    k.advance(1);
    k.flow.qr({flow::CodeKind::Record, "no-such-record"}, k.now);
    CHECK(k.message() == "receipt-gone");
}

TEST_CASE("before the first pull of teams: the resident is sent to the desk, a nurse told why") {
    KioskFixture k(nullptr, nullptr, false);
    REQUIRE_FALSE(k.store->pulled("teams").value().has_value());
    k.card(card_born("19800301", "021"));
    k.tap(IntentKind::Sign);
    CHECK(k.message() == "teams-not-pulled");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
    k.tap(IntentKind::Finish);

    // A nurse assisting reads what is wrong, not the resident's words.
    k.nurse_sign_in();
    k.card(card_born("19800301", "022"));
    REQUIRE(k.screen() == Screen::Status);
    k.tap(IntentKind::Sign);
    CHECK(k.message() == "teams-not-pulled-staff");

    // Once pulled, an empty or full list is "no team", not "ask at the desk".
    KioskFixture pulled(nullptr, nullptr, false);
    REQUIRE(pulled.store->replace_teams({}, "W/\"e\"", pulled.now).ok());
    pulled.card(card_born("19800301", "023"));
    pulled.tap(IntentKind::Sign);
    CHECK(pulled.message() == "no-teams");
}

TEST_CASE("a resident on the township's pulled registry is classified with its populations") {
    KioskFixture k;
    const flow::CardData flagged = card_born("19800301", "031");
    const flow::CardData other = card_born("19800301", "032");
    store::RegistryEntry entry{
        flagged.number,
        {{domain::Population::RegisteredPoor, std::nullopt, std::nullopt},
         // A flag whose period ended does not count today.
         {domain::Population::Disabled, std::nullopt, domain::Date{2026, 1, 31}}}};
    REQUIRE(k.store->replace_registry({entry}, "W/\"f\"", k.now).ok());
    const std::string poor =
        "population." + std::string(domain::code(domain::Population::RegisteredPoor));
    const std::string disabled =
        "population." + std::string(domain::code(domain::Population::Disabled));

    k.card(flagged);
    REQUIRE(k.screen() == Screen::Status);
    const auto& shown = k.view().person.populations;
    CHECK(std::find(shown.begin(), shown.end(), poor) != shown.end());
    CHECK(std::find(shown.begin(), shown.end(), disabled) == shown.end());
    // The waiver follows: the resident pays less than one not on the registry.
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Fees);
    const std::string flagged_pays = k.view().fees.resident_pays;
    k.tap(IntentKind::Finish);

    k.card(other);
    REQUIRE(k.screen() == Screen::Status);
    const auto& none = k.view().person.populations;
    CHECK(std::find(none.begin(), none.end(), poor) == none.end());
    k.tap(IntentKind::Sign);
    k.tap(IntentKind::ChooseTeam, "team-a");
    k.tap(IntentKind::Next);
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    k.keys("13912345678");
    k.tap(IntentKind::Next);
    REQUIRE(k.screen() == Screen::Fees);
    CHECK(k.view().fees.resident_pays != flagged_pays);
}
