#pragma once
// Service packages (服务包) and the fee each payer owes (rules.md, "Service
// packages and fees").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/money.hpp"
#include "kiosk/domain/population.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

enum class PackageKind {
    Basic,         // 基础包: basic medical + basic public-health services
    Personalised,  // 个性化包: optional, informed, voluntary, self-paid
};

struct Package {
    std::string id;
    std::string name_zh;
    std::string name_en;
    PackageKind kind = PackageKind::Basic;
    Money price;            // per person per year
    PopulationSet targets;  // empty: offered to everyone
};

// 1+1+1: with the team, optionally one secondary and one tertiary hospital.
struct Hospital {
    std::string id;
    std::string name_zh;
    std::string name_en;
    int level = 2;  // 2 = secondary, 3 = tertiary
};

struct Catalogue {
    std::vector<Package> packages;
    std::vector<Hospital> hospitals;

    const Package* package(std::string_view id) const;
    const Hospital* hospital(std::string_view id) const;
};

enum class Payer {
    InsuranceFund,      // medical-insurance fund
    PublicHealth,       // basic public-health funds
    Personal,           // the resident, in cash or by phone
    PersonalAccount,    // urban-employee insurance personal account
    MedicalAssistance,  // waived personal share, borne by medical assistance
};

enum class InsuranceType {
    None,
    UrbanRural,     // 城乡居民医保
    UrbanEmployee,  // 城镇职工医保
};

struct FeeLine {
    std::string package_id;
    Payer payer = Payer::Personal;
    Money amount;
};

struct FeeBreakdown {
    std::vector<FeeLine> lines;
    Money total() const;
    Money paid_by(Payer payer) const;
    // What the resident pays at the kiosk (cash or phone).
    Money resident_pays() const { return paid_by(Payer::Personal); }
};

// Whether a resident in `populations` may choose the package.
bool offered_to(const Package& package, PopulationSet populations);

// The fee split of a choice of packages: exactly one basic package, and only
// packages offered to this resident. Waivers use registry-verified categories
// only (a declaration awaiting verification does not waive a fee).
Result<FeeBreakdown, Refusal> compute_fees(const std::vector<std::string>& package_ids,
                                           const Catalogue& catalogue,
                                           const PopulationFlags& populations,
                                           InsuranceType insurance, const FeeRules& rules);

std::string_view code(PackageKind kind);
std::string_view code(Payer payer);
std::string_view code(InsuranceType insurance);
std::optional<Payer> payer_from_code(std::string_view code);
std::optional<InsuranceType> insurance_from_code(std::string_view code);

}  // namespace jiayi::domain
