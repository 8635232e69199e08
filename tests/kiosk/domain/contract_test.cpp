#include <doctest/doctest.h>

#include "kiosk/domain/contract.hpp"
#include "support/people.hpp"

using namespace jiayi::domain;
using jiayi::test::document_of;
using jiayi::test::make_id;

namespace {

constexpr Date kToday{2026, 11, 23};

Catalogue catalogue() {
    Catalogue c;
    c.packages.push_back({"basic", "基础包", "Basic", PackageKind::Basic, yuan(36), {}});
    c.packages.push_back({"tcm", "中医包", "TCM", PackageKind::Personalised, yuan(80), {}});
    c.hospitals.push_back({"h2", "区人民医院", "District hospital", 2});
    c.hospitals.push_back({"h3", "市中心医院", "Central hospital", 3});
    return c;
}

Team team(const char* id) {
    Team t;
    t.id = id;
    t.name = id;
    t.signed_count = 10;
    return t;
}

ResidentFacts resident(const std::string& birth = "19800101", Date today = kToday) {
    ResidentFacts r;
    r.resident_id = "r-1";
    r.document = document_of(make_id("500114", birth, "011"), today);
    r.populations = classify(r.document.birth_date, today, {}, {}, PopulationRules{});
    return r;
}

SigningChoice choice(const char* team_id = "team-a") {
    SigningChoice c;
    c.team_id = team_id;
    c.package_ids = {"basic"};
    c.privacy_consent = true;
    c.signature = true;
    return c;
}

Contract active(Date start, const char* team_id = "team-a", const char* id = "c-old") {
    Contract c;
    c.id = id;
    c.resident_id = "r-1";
    c.team_id = team_id;
    c.package_ids = {"basic", "tcm"};
    c.start = start;
    c.end = term_end(start, ContractRules{});
    return c;
}

const SigningRules kRules{};

}  // namespace

TEST_CASE("the term is one year, ending the day before the anniversary") {
    struct Row {
        Date start;
        Date end;
    };
    const Row rows[] = {
        {{2026, 11, 23}, {2027, 11, 22}}, {{2023, 3, 1}, {2024, 2, 29}},  // ends on a leap day
        {{2024, 2, 29}, {2025, 2, 28}},                                   // starts on a leap day
        {{2023, 2, 28}, {2024, 2, 27}},   {{2026, 1, 1}, {2026, 12, 31}},
    };
    for (const Row& row : rows) {
        CAPTURE(to_iso(row.start));
        CHECK(term_end(row.start, ContractRules{}) == row.end);
    }
    ContractRules two_years;
    two_years.term_years = 2;
    CHECK(term_end(Date{2026, 11, 23}, two_years) == Date{2028, 11, 22});
}

TEST_CASE("a new signing starts today with the fees and the cross-region flag") {
    auto r = resident();
    auto change = sign_new(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-1");
    REQUIRE(change.ok());
    const Contract& c = change->contract;
    CHECK(c.id == "c-1");
    CHECK(c.start == kToday);
    CHECK(c.end == Date{2027, 11, 22});
    CHECK(c.type == ContractType::New);
    CHECK(c.status == ContractStatus::Active);
    CHECK(c.fees.total() == yuan(36));
    CHECK_FALSE(c.cross_region);
    CHECK(change->updated.empty());

    SigningRules elsewhere = kRules;
    elsewhere.site.region_code = "530000";
    elsewhere.site.cross_region_level = 2;
    auto flagged = sign_new(r, choice(), team("team-a"), catalogue(), elsewhere, kToday, "c-2");
    REQUIRE(flagged.ok());
    CHECK(flagged->contract.cross_region);
}

TEST_CASE("one team at a time") {
    auto r = resident();
    r.contracts.push_back(active(Date{2026, 6, 1}));
    CHECK(
        sign_new(r, choice("team-b"), team("team-b"), catalogue(), kRules, kToday, "c-1").error() ==
        Refusal::AlreadySigned);
    // Even on the last day of the old term.
    r.contracts[0].start = Date{2025, 11, 24};
    r.contracts[0].end = kToday;
    CHECK(sign_new(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-1").error() ==
          Refusal::AlreadySigned);
    // The day after it ended, a new signing is allowed and the old one is superseded.
    r.contracts[0].end = add_days(kToday, -1);
    auto change = sign_new(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-1");
    REQUIRE(change.ok());
    REQUIRE(change->updated.size() == 1);
    CHECK(change->updated[0].status == ContractStatus::Superseded);
}

TEST_CASE("the refusals of a signing, in the order a resident meets them") {
    auto r = resident();
    struct Row {
        const char* what;
        SigningChoice choice;
        Team team;
        Refusal refusal;
    };
    auto no_consent = choice();
    no_consent.privacy_consent = false;
    auto no_signature = choice();
    no_signature.signature = false;
    auto no_basic = choice();
    no_basic.package_ids = {"tcm"};
    auto bad_hospital = choice();
    bad_hospital.hospitals.secondary = "h3";  // a tertiary hospital in the secondary slot
    auto unknown_hospital = choice();
    unknown_hospital.hospitals.tertiary = "h9";
    auto closed = team("team-a");
    closed.open = false;
    auto full = team("team-a");
    full.signed_count = 1500;
    const Row rows[] = {
        {"no consent", no_consent, team("team-a"), Refusal::ConsentRequired},
        {"no signature", no_signature, team("team-a"), Refusal::SignatureRequired},
        {"closed team", choice(), closed, Refusal::TeamClosed},
        {"full team", choice(), full, Refusal::TeamFull},
        {"no basic package", no_basic, team("team-a"), Refusal::BasicPackageRequired},
        {"wrong hospital level", bad_hospital, team("team-a"), Refusal::HospitalInvalid},
        {"unknown hospital", unknown_hospital, team("team-a"), Refusal::HospitalInvalid},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        auto result = sign_new(r, row.choice, row.team, catalogue(), kRules, kToday, "c-1");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error() == row.refusal);
    }
}

TEST_CASE("consent on record need not be given again") {
    auto r = resident();
    r.has_privacy_consent = true;
    auto c = choice();
    c.privacy_consent = false;
    CHECK(sign_new(r, c, team("team-a"), catalogue(), kRules, kToday, "c-1").ok());
}

TEST_CASE("1+1+1 hospitals of the right levels are kept") {
    auto c = choice();
    c.hospitals = {"h2", "h3"};
    auto change = sign_new(resident(), c, team("team-a"), catalogue(), kRules, kToday, "c-1");
    REQUIRE(change.ok());
    CHECK(change->contract.hospitals.secondary == "h2");
    CHECK(change->contract.hospitals.tertiary == "h3");
}

TEST_CASE("who may sign") {
    const auto adult_id = document_of(make_id("500114", "19850101", "022"), kToday);
    const auto teen_id = document_of(make_id("500114", "20100101", "022"), kToday);
    auto minor = resident("20150601");         // 11 years old
    auto just_adult = resident("20081123");    // 18 today
    auto almost_adult = resident("20081124");  // 18 tomorrow
    struct Row {
        const char* what;
        ResidentFacts who;
        Signer signer;
        std::optional<Refusal> refusal;
    };
    const Row rows[] = {
        {"adult signs", resident(), {SignerRole::Self, "", std::nullopt}, std::nullopt},
        {"18 today signs", just_adult, {SignerRole::Self, "", std::nullopt}, std::nullopt},
        {"17 signs alone",
         almost_adult,
         {SignerRole::Self, "", std::nullopt},
         Refusal::GuardianRequired},
        {"minor signs alone",
         minor,
         {SignerRole::Self, "", std::nullopt},
         Refusal::GuardianRequired},
        {"minor by proxy", minor, {SignerRole::Proxy, "aunt", adult_id}, Refusal::GuardianRequired},
        {"minor by guardian", minor, {SignerRole::Guardian, "mother", adult_id}, std::nullopt},
        {"guardian without ID",
         minor,
         {SignerRole::Guardian, "mother", std::nullopt},
         Refusal::ProxyIncomplete},
        {"guardian without relation",
         minor,
         {SignerRole::Guardian, "", adult_id},
         Refusal::ProxyIncomplete},
        {"teen guardian",
         minor,
         {SignerRole::Guardian, "sister", teen_id},
         Refusal::GuardianNotAdult},
        {"adult by proxy", resident(), {SignerRole::Proxy, "son", adult_id}, std::nullopt},
        {"proxy without relation",
         resident(),
         {SignerRole::Proxy, "", adult_id},
         Refusal::ProxyIncomplete},
        {"proxy is the resident",
         resident(),
         {SignerRole::Proxy, "self", resident().document},
         Refusal::ProxyIncomplete},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        auto c = choice();
        c.signer = row.signer;
        auto result = sign_new(row.who, c, team("team-a"), catalogue(), kRules, kToday, "c-1");
        if (row.refusal) {
            REQUIRE_FALSE(result.ok());
            CHECK(result.error() == *row.refusal);
        } else {
            CHECK(result.ok());
        }
    }
}

TEST_CASE("the guardian age is configurable") {
    ContractRules rules;
    rules.guardian_required_under = 14;
    auto fifteen = resident("20110101");
    CHECK(check_signer(fifteen.document, Signer{}, kToday, rules).ok());
    auto thirteen = resident("20130101");
    CHECK(check_signer(thirteen.document, Signer{}, kToday, rules).error() ==
          Refusal::GuardianRequired);
}

TEST_CASE("who needs a guardian: under the configured age on the day, by the document") {
    struct Row {
        const char* birth;
        int under;
        bool guardian;
    };
    const Row rows[] = {
        {"20081124", 18, true},                           // 18 tomorrow
        {"20081123", 18, false},                          // 18 today
        {"20150601", 18, true},  {"20121124", 14, true},  // 14 tomorrow
        {"20121123", 14, false}, {"19800101", 18, false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.birth);
        ContractRules rules;
        rules.guardian_required_under = row.under;
        CHECK(needs_guardian(resident(row.birth).document, kToday, rules) == row.guardian);
    }
    // A passport typed by a nurse carries no birth date: taken as an adult's.
    auto passport = parse_document_as(DocumentKind::Other, "E12345678", kToday);
    REQUIRE(passport.ok());
    CHECK_FALSE(needs_guardian(*passport, kToday, ContractRules{}));
}

TEST_CASE("the renewal window: 30 days before to 90 days after the end") {
    // The old contract ends on 2026-12-23; the window is 11-23 … 2027-03-23.
    const Date end{2026, 12, 23};
    const RenewalWindow window = renewal_window(end, ContractRules{});
    CHECK(window.opens == Date{2026, 11, 23});
    CHECK(window.closes == Date{2027, 3, 23});
    struct Row {
        Date today;
        bool allowed;
        Date new_start;
    };
    const Row rows[] = {
        {{2026, 11, 22}, false, {}},             // a day before the window
        {{2026, 11, 23}, true, {2026, 12, 24}},  // first day: starts after the old end
        {{2026, 12, 23}, true, {2026, 12, 24}},  // the old end day itself
        {{2026, 12, 24}, true, {2026, 12, 24}},  // the day after: starts today
        {{2027, 3, 23}, true, {2027, 3, 23}},    // last day of the window
        {{2027, 3, 24}, false, {}},              // a day after the window
    };
    for (const Row& row : rows) {
        CAPTURE(to_iso(row.today));
        auto r = resident("19800101", row.today);
        r.contracts.push_back(active(add_days(end, -364) /* 2025-12-24 */));
        REQUIRE(r.contracts[0].end == end);
        auto c = choice();
        c.package_ids.clear();  // keep the old packages
        auto result = renew(r, c, team("team-a"), catalogue(), kRules, row.today, "c-new");
        REQUIRE(result.ok() == row.allowed);
        if (!row.allowed) {
            CHECK(result.error() == Refusal::OutsideRenewalWindow);
            continue;
        }
        CHECK(result->contract.start == row.new_start);
        CHECK(result->contract.end == term_end(row.new_start, ContractRules{}));
        CHECK(result->contract.type == ContractType::Renewal);
        CHECK(result->contract.previous_id == "c-old");
        CHECK(result->contract.team_id == "team-a");
        CHECK(result->contract.package_ids == std::vector<std::string>{"basic", "tcm"});
        REQUIRE(result->updated.size() == 1);
        CHECK(result->updated[0].status == ContractStatus::Superseded);
        CHECK(result->updated[0].end_reason == EndReason::Renewed);
        CHECK(result->updated[0].end == end);  // the old term is untouched
    }
}

TEST_CASE("renewal needs a contract and a signature, and capacity only once lapsed") {
    auto none = resident();
    CHECK(renew(none, choice(), team("team-a"), catalogue(), kRules, kToday, "c").error() ==
          Refusal::NotSigned);

    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));  // ends 2026-11-30: in window
    auto unsigned_choice = choice();
    unsigned_choice.signature = false;
    CHECK(renew(r, unsigned_choice, team("team-a"), catalogue(), kRules, kToday, "c").error() ==
          Refusal::SignatureRequired);

    auto full = team("team-a");
    full.signed_count = 1500;
    CHECK(renew(r, choice(), full, catalogue(), kRules, kToday, "c").ok());

    auto lapsed = resident();
    lapsed.contracts.push_back(active(Date{2025, 11, 1}));  // ended 2026-10-31
    CHECK(renew(lapsed, choice(), full, catalogue(), kRules, kToday, "c").error() ==
          Refusal::TeamFull);
}

TEST_CASE("a team closed to new signings still renews its residents, and takes no new one") {
    auto closed = team("team-a");
    closed.open = false;
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));  // ends 2026-11-30: in window
    CHECK(renew(r, choice(), closed, catalogue(), kRules, kToday, "c").ok());
    auto lapsed = resident();
    lapsed.contracts.push_back(active(Date{2025, 11, 1}));  // ended 2026-10-31, still renewable
    CHECK(renew(lapsed, choice(), closed, catalogue(), kRules, kToday, "c").ok());

    CHECK(sign_new(resident(), choice(), closed, catalogue(), kRules, kToday, "c").error() ==
          Refusal::TeamClosed);
    auto elsewhere = resident();
    elsewhere.contracts.push_back(active(Date{2025, 12, 1}, "team-b"));
    CHECK(switch_team(elsewhere, choice(), closed, catalogue(), kRules, kToday, "c").error() ==
          Refusal::TeamClosed);
}

TEST_CASE("whether a renewal may start: an active contract inside its window") {
    struct Row {
        const char* what;
        std::vector<Contract> contracts;
        std::optional<Refusal> refusal;
    };
    Contract ended = active(Date{2024, 6, 1});
    ended.status = ContractStatus::Terminated;
    const Row rows[] = {
        {"never signed", {}, Refusal::NotSigned},
        {"mid-term", {active(Date{2026, 6, 1})}, Refusal::OutsideRenewalWindow},
        {"window open", {active(Date{2025, 12, 1})}, std::nullopt},
        {"lapsed, still renewable", {active(Date{2025, 11, 1})}, std::nullopt},
        {"long expired", {active(Date{2024, 1, 1})}, Refusal::OutsideRenewalWindow},
        {"terminated", {ended}, Refusal::NotSigned},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        auto checked = check_renewal(row.contracts, kToday, ContractRules{});
        if (row.refusal) {
            REQUIRE_FALSE(checked.ok());
            CHECK(checked.error() == *row.refusal);
        } else {
            CHECK(checked.ok());
        }
    }
}

TEST_CASE("renewing with another team is a switch") {
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));
    auto result = renew(r, choice("team-b"), team("team-b"), catalogue(), kRules, kToday, "c-new");
    REQUIRE(result.ok());
    CHECK(result->contract.type == ContractType::Switch);
    CHECK(result->contract.team_id == "team-b");
    CHECK(result->contract.start == Date{2026, 12, 1});
}

TEST_CASE("switching mid-term needs the district's permission") {
    auto r = resident();
    r.contracts.push_back(active(Date{2026, 6, 1}));  // mid-term today
    CHECK(switch_team(r, choice("team-b"), team("team-b"), catalogue(), kRules, kToday, "c")
              .error() == Refusal::SwitchNotAllowed);

    SigningRules allowing = kRules;
    allowing.contract.allow_midterm_switch = true;
    auto result =
        switch_team(r, choice("team-b"), team("team-b"), catalogue(), allowing, kToday, "c-new");
    REQUIRE(result.ok());
    CHECK(result->contract.start == kToday);
    CHECK(result->contract.type == ContractType::Switch);
    REQUIRE(result->updated.size() == 1);
    CHECK(result->updated[0].status == ContractStatus::Superseded);
    CHECK(result->updated[0].end == add_days(kToday, -1));
    CHECK(result->updated[0].end_reason == EndReason::Switched);
}

TEST_CASE("a switch on the day a contract starts cancels it") {
    SigningRules allowing = kRules;
    allowing.contract.allow_midterm_switch = true;
    auto r = resident();
    r.contracts.push_back(active(kToday));
    auto result =
        switch_team(r, choice("team-b"), team("team-b"), catalogue(), allowing, kToday, "c-new");
    REQUIRE(result.ok());
    CHECK(result->updated[0].status == ContractStatus::Cancelled);
    CHECK(result->contract.start == kToday);
}

TEST_CASE("switch refusals") {
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));
    CHECK(switch_team(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c").error() ==
          Refusal::SameTeam);
    auto full = team("team-b");
    full.signed_count = 1500;
    CHECK(switch_team(r, choice("team-b"), full, catalogue(), kRules, kToday, "c").error() ==
          Refusal::TeamFull);
    CHECK(
        switch_team(resident(), choice("team-b"), team("team-b"), catalogue(), kRules, kToday, "c")
            .error() == Refusal::NotSigned);
    auto long_ago = resident();
    long_ago.contracts.push_back(active(Date{2024, 1, 1}));
    CHECK(switch_team(long_ago, choice("team-b"), team("team-b"), catalogue(), kRules, kToday, "c")
              .error() == Refusal::NotSigned);
}

TEST_CASE("standing on a day") {
    struct Row {
        Date start;
        Standing standing;
        std::int64_t days_left;
    };
    const Row rows[] = {
        {{2026, 6, 1}, Standing::Active, 189},         // ends 2027-05-31
        {{2025, 12, 24}, Standing::ExpiringSoon, 30},  // ends 2026-12-23: window opens today
        {{2025, 12, 25}, Standing::Active, 31},        // ends 2026-12-24
        {{2025, 11, 24}, Standing::ExpiringSoon, 0},   // ends today
        {{2025, 11, 23}, Standing::Lapsed, 0},         // ended yesterday
        {{2025, 8, 26}, Standing::Lapsed, 0},          // ended 2026-08-25: 90 days ago
        {{2025, 8, 25}, Standing::Expired, 0},         // ended 91 days ago
    };
    for (const Row& row : rows) {
        CAPTURE(to_iso(row.start));
        auto s = standing_on({active(row.start)}, kToday, ContractRules{});
        CHECK(s.standing == row.standing);
        CHECK(s.days_left == row.days_left);
    }
    CHECK(standing_on({}, kToday, ContractRules{}).standing == Standing::None);
}

TEST_CASE("after an early renewal the resident is active until the new end") {
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));
    auto renewal = renew(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-new");
    REQUIRE(renewal.ok());
    std::vector<Contract> after = renewal->updated;
    after.push_back(renewal->contract);
    auto s = standing_on(after, kToday, ContractRules{});
    CHECK(s.standing == Standing::Active);
    REQUIRE(s.current);
    CHECK(s.current->id == "c-old");
    REQUIRE(s.latest);
    CHECK(s.latest->id == "c-new");
    CHECK(s.days_left == days_between(kToday, Date{2027, 11, 30}));
    // And a second renewal or a new signing is refused meanwhile.
    ResidentFacts again = r;
    again.contracts = after;
    CHECK(sign_new(again, choice(), team("team-a"), catalogue(), kRules, kToday, "x").error() ==
          Refusal::AlreadySigned);
    CHECK(renew(again, choice(), team("team-a"), catalogue(), kRules, kToday, "x").error() ==
          Refusal::OutsideRenewalWindow);
}

TEST_CASE("declining records the informed notice") {
    auto r = resident();
    auto opt_out = decline(r, Signer{}, true, "notice-2026", Channel::Kiosk, kRules, kToday, "o-1");
    REQUIRE(opt_out.ok());
    CHECK(opt_out->date == kToday);
    CHECK(opt_out->notice_version == "notice-2026");
    CHECK(
        decline(r, Signer{}, false, "notice-2026", Channel::Kiosk, kRules, kToday, "o-1").error() ==
        Refusal::SignatureRequired);
    r.contracts.push_back(active(Date{2026, 6, 1}));
    CHECK(
        decline(r, Signer{}, true, "notice-2026", Channel::Kiosk, kRules, kToday, "o-1").error() ==
        Refusal::AlreadySigned);
    auto minor = resident("20200101");
    CHECK(decline(minor, Signer{}, true, "n", Channel::Kiosk, kRules, kToday, "o-1").error() ==
          Refusal::GuardianRequired);
}

TEST_CASE("termination ends what is in force and cancels what has not started") {
    std::vector<Contract> chain{active(Date{2025, 12, 1}),
                                active(Date{2026, 12, 1}, "team-a", "c-next")};
    chain[0].status = ContractStatus::Superseded;
    auto changed = terminate(chain, EndReason::MovedAway, "", ContractRules{}, kToday);
    REQUIRE(changed.ok());
    REQUIRE(changed->size() == 2);
    CHECK((*changed)[0].status == ContractStatus::Terminated);
    CHECK((*changed)[0].end == add_days(kToday, -1));
    CHECK((*changed)[0].end_reason == EndReason::MovedAway);
    CHECK((*changed)[1].status == ContractStatus::Cancelled);
    auto s = standing_on(*changed, kToday, ContractRules{});
    CHECK(s.standing == Standing::Terminated);
}

TEST_CASE("termination refusals") {
    CHECK(terminate({active(Date{2026, 6, 1})}, EndReason::Other, "", ContractRules{}, kToday)
              .error() == Refusal::ReasonNoteRequired);
    CHECK(terminate({active(Date{2026, 6, 1})}, EndReason::Other, "left for the city",
                    ContractRules{}, kToday)
              .ok());
    CHECK(terminate({active(Date{2024, 6, 1})}, EndReason::Deceased, "", ContractRules{}, kToday)
              .error() == Refusal::NotActive);
    CHECK(terminate({}, EndReason::Voluntary, "", ContractRules{}, kToday).error() ==
          Refusal::NotActive);
    CHECK_THROWS(
        terminate({active(Date{2026, 6, 1})}, EndReason::Renewed, "", ContractRules{}, kToday));
}

TEST_CASE("codes round-trip") {
    for (auto r :
         {EndReason::Renewed, EndReason::Switched, EndReason::MovedAway, EndReason::Unreachable,
          EndReason::RefusedService, EndReason::Voluntary, EndReason::Deceased, EndReason::Other}) {
        CHECK(end_reason_from_code(code(r)) == r);
    }
    for (auto c : {Channel::Kiosk, Channel::OnSiteEvent, Channel::NurseAssisted, Channel::Import}) {
        CHECK(channel_from_code(code(c)) == c);
    }
    CHECK(contract_status_from_code("superseded") == ContractStatus::Superseded);
    CHECK(contract_type_from_code("renewal") == ContractType::Renewal);
    CHECK(signer_role_from_code("guardian") == SignerRole::Guardian);
    CHECK_FALSE(channel_from_code("fax"));
}

TEST_CASE("a contract that ended but is still renewable can be terminated") {
    // Ended 2026-10-31, inside the 90 days after: lapsed and renewable.
    auto changed =
        terminate({active(Date{2025, 11, 1})}, EndReason::Deceased, "", ContractRules{}, kToday);
    REQUIRE(changed.ok());
    REQUIRE(changed->size() == 1);
    CHECK((*changed)[0].status == ContractStatus::Terminated);
    CHECK((*changed)[0].end == Date{2026, 10, 31});  // the term stays as it was
    CHECK(standing_on(*changed, kToday, ContractRules{}).standing == Standing::Terminated);
    auto r = resident();
    r.contracts = *changed;
    CHECK(renew(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c").error() ==
          Refusal::NotSigned);
}

TEST_CASE("a switch after an early renewal replaces the renewal") {
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));  // ends 2026-11-30
    auto renewal = renew(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-renewal");
    REQUIRE(renewal.ok());
    r.contracts = renewal->updated;
    r.contracts.push_back(renewal->contract);

    auto result = switch_team(r, choice("team-b"), team("team-b"), catalogue(), kRules,
                              add_days(kToday, 2), "c-switch");
    REQUIRE(result.ok());
    CHECK(result->contract.start == Date{2026, 12, 1});
    CHECK(result->contract.team_id == "team-b");
    REQUIRE(result->updated.size() == 1);
    CHECK(result->updated[0].id == "c-renewal");
    CHECK(result->updated[0].status == ContractStatus::Cancelled);
    // The contract in force keeps its team until its end.
    std::vector<Contract> after = r.contracts;
    after[1] = result->updated[0];
    after.push_back(result->contract);
    auto s = standing_on(after, add_days(kToday, 2), ContractRules{});
    REQUIRE(s.current);
    CHECK(s.current->team_id == "team-a");
    CHECK(s.latest->id == "c-switch");
}

TEST_CASE("renewing with another team keeps the old packages when none are chosen") {
    auto r = resident();
    r.contracts.push_back(active(Date{2025, 12, 1}));
    auto c = choice("team-b");
    c.package_ids.clear();
    auto result = renew(r, c, team("team-b"), catalogue(), kRules, kToday, "c-new");
    REQUIRE(result.ok());
    CHECK(result->contract.package_ids == std::vector<std::string>{"basic", "tcm"});
}

TEST_CASE("HK/Macau/Taiwan residents and foreigners may sign, and are not cross-region") {
    for (const char* number :
         {"810000199408230021", "830000199201300022", "911398199012310021", "KAZ110090123105"}) {
        CAPTURE(std::string(number));
        ResidentFacts r;
        r.resident_id = "r-x";
        r.document = document_of(number, kToday);
        auto change = sign_new(r, choice(), team("team-a"), catalogue(), kRules, kToday, "c-x");
        REQUIRE(change.ok());
        CHECK_FALSE(change->contract.cross_region);
    }
}
