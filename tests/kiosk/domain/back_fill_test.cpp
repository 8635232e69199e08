// The back-fill of a paper contract (kiosk/domain/back_fill.hpp): the date,
// the form number, the team, who signed, and the one-team rule.

#include <doctest/doctest.h>

#include "kiosk/domain/back_fill.hpp"
#include "support/people.hpp"

using namespace jiayi::domain;
using jiayi::test::document_of;
using jiayi::test::make_id;

namespace {

constexpr Date kToday{2026, 11, 23};
const SigningRules kRules{};

Catalogue catalogue() {
    Catalogue c;
    c.packages.push_back({"tcm", "中医包", "TCM", PackageKind::Personalised, yuan(80), {}});
    c.packages.push_back({"basic", "基础包", "Basic", PackageKind::Basic, yuan(36), {}});
    return c;
}

Team team(const char* id = "team-a") {
    Team t;
    t.id = id;
    t.name = id;
    t.signed_count = 10;
    return t;
}

ResidentFacts resident(const std::string& birth = "19800101") {
    ResidentFacts r;
    r.resident_id = "r-1";
    r.document = document_of(make_id("500114", birth, "011"), kToday);
    r.populations = classify(r.document.birth_date, kToday, {}, {}, PopulationRules{});
    return r;
}

BackFillEntry entry(Date signed_on = {2026, 3, 15}) {
    BackFillEntry e;
    e.signed_on = signed_on;
    e.form_number = "qj-2026-0042";
    e.team_id = "team-a";
    e.entered_by = "N0001";
    return e;
}

Contract on_file(Date start, ContractStatus status = ContractStatus::Active) {
    Contract c;
    c.id = "c-old";
    c.resident_id = "r-1";
    c.team_id = "team-b";
    c.package_ids = {"basic"};
    c.start = start;
    c.end = term_end(start, ContractRules{});
    c.status = status;
    return c;
}

}  // namespace

TEST_CASE("back-fill: the typed date is a real day, not after today, its term still running") {
    struct Row {
        const char* typed;
        bool ok;
        BackFillProblem problem;
    };
    const Row rows[] = {
        {"20261123", true, {}},                            // signed today
        {"20251124", true, {}},                            // the term's last day is today
        {"20251123", false, BackFillProblem::DateTooOld},  // the term ended yesterday
        {"20261124", false, BackFillProblem::DateInFuture},
        {"20260231", false, BackFillProblem::DateInvalid},
        {"2026031", false, BackFillProblem::DateInvalid},
        {"", false, BackFillProblem::DateInvalid},
    };
    for (const Row& row : rows) {
        CAPTURE(row.typed);
        const auto date = back_fill_date(row.typed, kToday, ContractRules{});
        CHECK(date.ok() == row.ok);
        if (!row.ok && !date.ok()) {
            CHECK(date.error() == row.problem);
        }
    }
    CHECK(back_fill_date("20260315", kToday, ContractRules{}).value() == Date{2026, 3, 15});
}

TEST_CASE("back-fill: the form number is 4 to 20 letters, digits or dashes, kept upper-case") {
    CHECK(back_fill_form_number("qj-2026-0042").value() == "QJ-2026-0042");
    CHECK(back_fill_form_number("0042").value() == "0042");
    for (const char* bad :
         {"", "042", "----", "QJ 2026", "QJ/2026", "123456789012345678901", "表"}) {
        CAPTURE(bad);
        const auto form = back_fill_form_number(bad);
        REQUIRE_FALSE(form.ok());
        CHECK(form.error() == BackFillProblem::FormNumberInvalid);
    }
}

TEST_CASE("back-fill: the contract starts on the paper's date with the basic package") {
    const Team t = team();
    auto made = back_fill(resident(), entry(), &t, catalogue(), kRules, kToday, "c-new");
    REQUIRE(made.ok());
    const Contract& c = made.value().change.contract;
    CHECK(c.id == "c-new");
    CHECK(c.resident_id == "r-1");
    CHECK(c.team_id == "team-a");
    CHECK(c.start == Date{2026, 3, 15});
    CHECK(c.end == Date{2027, 3, 14});
    CHECK(c.type == ContractType::New);
    CHECK(c.status == ContractStatus::Active);
    CHECK(c.channel == Channel::NurseAssisted);
    CHECK(c.package_ids == std::vector<std::string>{"basic"});
    CHECK(c.fees.total() == yuan(36));
    CHECK(made.value().change.updated.empty());
    CHECK(made.value().facts.signed_on == Date{2026, 3, 15});
    CHECK(made.value().facts.form_number == "QJ-2026-0042");
    CHECK(made.value().facts.entered_by == "N0001");
}

TEST_CASE("back-fill: one team at a time, a contract on file meeting its term refuses it") {
    const Team t = team();
    struct Row {
        const char* what;
        Contract contract;
        bool ok;
    };
    const Row rows[] = {
        {"in force over the paper's date", on_file({2025, 12, 1}), false},
        {"signed after the paper", on_file({2026, 6, 1}), false},
        {"terminated after the paper's date",
         [] {
             Contract c = on_file({2025, 6, 1}, ContractStatus::Terminated);
             c.end = Date{2026, 4, 1};
             return c;
         }(),
         false},
        {"ended before the paper's date", on_file({2025, 3, 1}), true},
        {"cancelled", on_file({2026, 6, 1}, ContractStatus::Cancelled), true},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        ResidentFacts r = resident();
        r.contracts = {row.contract};
        auto made = back_fill(r, entry(), &t, catalogue(), kRules, kToday, "c-new");
        CHECK(made.ok() == row.ok);
        if (!made.ok()) {
            CHECK(made.error() == BackFillProblem::ContractOnFile);
        }
    }
    // An older contract still marked active (its term ran out) is superseded.
    ResidentFacts r = resident();
    r.contracts = {on_file({2025, 3, 1})};
    auto made = back_fill(r, entry(), &t, catalogue(), kRules, kToday, "c-new");
    REQUIRE(made.ok());
    REQUIRE(made.value().change.updated.size() == 1);
    CHECK(made.value().change.updated[0].status == ContractStatus::Superseded);
}

TEST_CASE("back-fill: the date, form, team and signer are each checked") {
    const Team open = team();
    Team full = team();
    full.capacity = 10;
    Team closed = team();
    closed.open = false;
    const Team other = team("team-z");
    auto problem = [&](const ResidentFacts& r, const BackFillEntry& e, const Team* t) {
        auto made = back_fill(r, e, t, catalogue(), kRules, kToday, "c-new");
        REQUIRE_FALSE(made.ok());
        return made.error();
    };
    CHECK(problem(resident(), entry({2026, 11, 24}), &open) == BackFillProblem::DateInFuture);
    CHECK(problem(resident(), entry({2025, 11, 1}), &open) == BackFillProblem::DateTooOld);
    BackFillEntry bad_form = entry();
    bad_form.form_number = "4/2";
    CHECK(problem(resident(), bad_form, &open) == BackFillProblem::FormNumberInvalid);
    CHECK(problem(resident(), entry(), nullptr) == BackFillProblem::TeamUnknown);
    CHECK(problem(resident(), entry(), &other) == BackFillProblem::TeamUnknown);
    CHECK(problem(resident(), entry(), &full) == BackFillProblem::TeamFull);
    CHECK(problem(resident(), entry(), &closed) == BackFillProblem::TeamClosed);
    BackFillEntry proxy = entry();
    proxy.signer.role = SignerRole::Proxy;
    CHECK(problem(resident(), proxy, &open) == BackFillProblem::RelationRequired);
    proxy.signer.relation = "spouse";
    CHECK(back_fill(resident(), proxy, &open, catalogue(), kRules, kToday, "c").ok());
    // A child on the paper's date: a guardian signed.
    const ResidentFacts child = resident("20200101");
    CHECK(problem(child, entry(), &open) == BackFillProblem::GuardianRequired);
    BackFillEntry guardian = entry();
    guardian.signer = {SignerRole::Guardian, "mother", std::nullopt};
    CHECK(back_fill(child, guardian, &open, catalogue(), kRules, kToday, "c").ok());
    // Seventeen on the paper's date, eighteen today: the paper's day decides.
    const ResidentFacts turned_adult = resident("20080601");
    CHECK(problem(turned_adult, entry(), &open) == BackFillProblem::GuardianRequired);
    CHECK(back_fill(turned_adult, guardian, &open, catalogue(), kRules, kToday, "c").ok());
    Catalogue none;
    auto made = back_fill(resident(), entry(), &open, none, kRules, kToday, "c");
    REQUIRE_FALSE(made.ok());
    CHECK(made.error() == BackFillProblem::NoBasicPackage);
}

TEST_CASE("an on-site event's kiosk marks every record on-site-event, assisted or not") {
    CHECK(record_channel(Channel::OnSiteEvent, false) == Channel::OnSiteEvent);
    CHECK(record_channel(Channel::OnSiteEvent, true) == Channel::OnSiteEvent);
    CHECK(record_channel(Channel::Kiosk, true) == Channel::NurseAssisted);
    CHECK(record_channel(Channel::Kiosk, false) == Channel::Kiosk);
}

TEST_CASE("back-fill problems have distinct codes") {
    const BackFillProblem all[] = {
        BackFillProblem::DateInvalid,      BackFillProblem::DateInFuture,
        BackFillProblem::DateTooOld,       BackFillProblem::FormNumberInvalid,
        BackFillProblem::FormNumberUsed,   BackFillProblem::TeamUnknown,
        BackFillProblem::TeamFull,         BackFillProblem::TeamClosed,
        BackFillProblem::GuardianRequired, BackFillProblem::RelationRequired,
        BackFillProblem::ContractOnFile,   BackFillProblem::NoBasicPackage};
    for (std::size_t i = 0; i < std::size(all); ++i) {
        CHECK(code(all[i]) != "unknown");
        for (std::size_t j = i + 1; j < std::size(all); ++j) {
            CHECK(code(all[i]) != code(all[j]));
        }
    }
}
