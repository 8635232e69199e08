#include <doctest/doctest.h>

#include "kiosk/domain/package.hpp"

using namespace jiayi::domain;

namespace {

Catalogue catalogue() {
    Catalogue c;
    c.packages.push_back({"basic", "基础包", "Basic", PackageKind::Basic, yuan(36), {}});
    c.packages.push_back({"basic-2", "基础包二", "Basic 2", PackageKind::Basic, yuan(40), {}});
    c.packages.push_back({"chronic", "慢病包", "Chronic care", PackageKind::Personalised, yuan(120),
                          PopulationSet{Population::Hypertension, Population::Diabetes2}});
    c.packages.push_back({"tcm", "中医包", "TCM", PackageKind::Personalised, yuan(80), {}});
    return c;
}

PopulationFlags verified(PopulationSet set) {
    PopulationFlags flags;
    flags.verified = set;
    return flags;
}

}  // namespace

TEST_CASE("the basic package splits 12 + 12 + 12") {
    auto fees = compute_fees({"basic"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{});
    REQUIRE(fees.ok());
    CHECK(fees->total() == yuan(36));
    CHECK(fees->paid_by(Payer::InsuranceFund) == yuan(12));
    CHECK(fees->paid_by(Payer::PublicHealth) == yuan(12));
    CHECK(fees->paid_by(Payer::Personal) == yuan(12));
    CHECK(fees->resident_pays() == yuan(12));
}

TEST_CASE("a dearer basic package raises the resident's share, not the funds'") {
    auto fees = compute_fees({"basic-2"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{});
    REQUIRE(fees.ok());
    CHECK(fees->paid_by(Payer::Personal) == yuan(16));
    CHECK(fees->total() == yuan(40));
}

TEST_CASE("waivers and the employee's personal account") {
    struct Row {
        PopulationSet populations;
        InsuranceType insurance;
        Payer personal_payer;
    };
    const Row rows[] = {
        {{}, InsuranceType::UrbanRural, Payer::Personal},
        {{}, InsuranceType::None, Payer::Personal},
        {{}, InsuranceType::UrbanEmployee, Payer::PersonalAccount},
        {{Population::RegisteredPoor}, InsuranceType::UrbanRural, Payer::MedicalAssistance},
        {{Population::MinimumLivingAllowance}, InsuranceType::UrbanRural, Payer::MedicalAssistance},
        {{Population::Destitute}, InsuranceType::UrbanEmployee, Payer::MedicalAssistance},
        {{Population::Hypertension}, InsuranceType::UrbanRural, Payer::Personal},
    };
    for (const Row& row : rows) {
        CAPTURE(code(row.insurance));
        auto fees = compute_fees({"basic"}, catalogue(), verified(row.populations), row.insurance,
                                 FeeRules{});
        REQUIRE(fees.ok());
        CHECK(fees->paid_by(row.personal_payer) == yuan(12));
        CHECK(fees->total() == yuan(36));
    }
}

TEST_CASE("a declared category does not waive the fee until verified") {
    PopulationFlags flags;
    flags.declared = PopulationSet{Population::RegisteredPoor};
    auto fees = compute_fees({"basic"}, catalogue(), flags, InsuranceType::UrbanRural, FeeRules{});
    REQUIRE(fees.ok());
    CHECK(fees->resident_pays() == yuan(12));
}

TEST_CASE("waivers and the personal account follow configuration") {
    FeeRules rules;
    rules.personal_share_waived_for = {};
    rules.employee_account_pays_personal = false;
    auto fees = compute_fees({"basic"}, catalogue(), verified({Population::RegisteredPoor}),
                             InsuranceType::UrbanEmployee, rules);
    REQUIRE(fees.ok());
    CHECK(fees->resident_pays() == yuan(12));
}

TEST_CASE("personalised packages are self-paid and targeted") {
    auto fees =
        compute_fees({"basic", "chronic", "tcm"}, catalogue(), verified({Population::Hypertension}),
                     InsuranceType::UrbanEmployee, FeeRules{});
    REQUIRE(fees.ok());
    CHECK(fees->total() == yuan(236));
    CHECK(fees->resident_pays() == yuan(200));
    CHECK(fees->paid_by(Payer::PersonalAccount) == yuan(12));

    auto refused =
        compute_fees({"basic", "chronic"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{});
    CHECK(refused.error() == Refusal::PackageNotForPopulation);
}

TEST_CASE("exactly one basic package, and only known ones") {
    CHECK(compute_fees({"tcm"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{}).error() ==
          Refusal::BasicPackageRequired);
    CHECK(compute_fees({"basic", "basic-2"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{})
              .error() == Refusal::BasicPackageRequired);
    CHECK(compute_fees({"basic", "gold"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{})
              .error() == Refusal::PackageUnknown);
}

TEST_CASE("a package chosen twice is refused, not charged twice") {
    CHECK(compute_fees({"basic", "tcm", "tcm"}, catalogue(), {}, InsuranceType::UrbanRural,
                       FeeRules{})
              .error() == Refusal::PackageRepeated);
    CHECK(compute_fees({"basic", "basic"}, catalogue(), {}, InsuranceType::UrbanRural, FeeRules{})
              .error() == Refusal::PackageRepeated);
}

TEST_CASE("money prints and parses in yuan") {
    CHECK(to_yuan_string(yuan(36)) == "36.00");
    CHECK(to_yuan_string(Money{1205}) == "12.05");
    CHECK(parse_yuan("36") == yuan(36));
    CHECK(parse_yuan("36.5") == Money{3650});
    CHECK(parse_yuan("0.05") == Money{5});
    CHECK_FALSE(parse_yuan("36."));
    CHECK_FALSE(parse_yuan("-1"));
    CHECK_FALSE(parse_yuan("1.234"));
    CHECK_FALSE(parse_yuan("abc"));
}
