#include "kiosk/domain/package.hpp"

#include <algorithm>

namespace jiayi::domain {

const Package* Catalogue::package(std::string_view id) const {
    auto it = std::find_if(packages.begin(), packages.end(),
                           [&](const Package& p) { return p.id == id; });
    return it == packages.end() ? nullptr : &*it;
}

const Hospital* Catalogue::hospital(std::string_view id) const {
    auto it = std::find_if(hospitals.begin(), hospitals.end(),
                           [&](const Hospital& h) { return h.id == id; });
    return it == hospitals.end() ? nullptr : &*it;
}

Money FeeBreakdown::total() const {
    Money sum;
    for (const FeeLine& line : lines) {
        sum += line.amount;
    }
    return sum;
}

Money FeeBreakdown::paid_by(Payer payer) const {
    Money sum;
    for (const FeeLine& line : lines) {
        if (line.payer == payer) {
            sum += line.amount;
        }
    }
    return sum;
}

bool offered_to(const Package& package, PopulationSet populations) {
    return package.targets.empty() || package.targets.intersects(populations);
}

Result<FeeBreakdown, Refusal> compute_fees(const std::vector<std::string>& package_ids,
                                           const Catalogue& catalogue,
                                           const PopulationFlags& populations,
                                           InsuranceType insurance, const FeeRules& rules) {
    FeeBreakdown fees;
    int basic_count = 0;
    for (auto it = package_ids.begin(); it != package_ids.end(); ++it) {
        const std::string& id = *it;
        if (std::find(package_ids.begin(), it, id) != it) {
            return fail(Refusal::PackageRepeated);  // a package is chosen once
        }
        const Package* package = catalogue.package(id);
        if (package == nullptr) {
            return fail(Refusal::PackageUnknown);
        }
        if (!offered_to(*package, populations.all())) {
            return fail(Refusal::PackageNotForPopulation);
        }
        if (package->kind == PackageKind::Personalised) {
            fees.lines.push_back({id, Payer::Personal, package->price});
            continue;
        }
        ++basic_count;
        // The basic package's price is split three ways; whatever the price is
        // above the funds' shares is the resident's share.
        const Money personal =
            package->price - rules.basic_insurance_fund - rules.basic_public_health;
        Payer personal_payer = Payer::Personal;
        if (populations.verified.intersects(rules.personal_share_waived_for)) {
            personal_payer = Payer::MedicalAssistance;
        } else if (insurance == InsuranceType::UrbanEmployee &&
                   rules.employee_account_pays_personal) {
            personal_payer = Payer::PersonalAccount;
        }
        fees.lines.push_back({id, Payer::InsuranceFund, rules.basic_insurance_fund});
        fees.lines.push_back({id, Payer::PublicHealth, rules.basic_public_health});
        fees.lines.push_back({id, personal_payer, personal});
    }
    if (basic_count != 1) {
        return fail(Refusal::BasicPackageRequired);
    }
    return fees;
}

std::string_view code(PackageKind kind) {
    return kind == PackageKind::Basic ? "basic" : "personalised";
}

std::string_view code(Payer payer) {
    switch (payer) {
        case Payer::InsuranceFund:
            return "insurance-fund";
        case Payer::PublicHealth:
            return "public-health";
        case Payer::Personal:
            return "personal";
        case Payer::PersonalAccount:
            return "personal-account";
        case Payer::MedicalAssistance:
            return "medical-assistance";
    }
    return "unknown";
}

std::string_view code(InsuranceType insurance) {
    switch (insurance) {
        case InsuranceType::None:
            return "none";
        case InsuranceType::UrbanRural:
            return "urban-rural";
        case InsuranceType::UrbanEmployee:
            return "urban-employee";
    }
    return "unknown";
}

std::optional<Payer> payer_from_code(std::string_view text) {
    for (auto payer : {Payer::InsuranceFund, Payer::PublicHealth, Payer::Personal,
                       Payer::PersonalAccount, Payer::MedicalAssistance}) {
        if (code(payer) == text) {
            return payer;
        }
    }
    return std::nullopt;
}

std::optional<InsuranceType> insurance_from_code(std::string_view text) {
    for (auto insurance :
         {InsuranceType::None, InsuranceType::UrbanRural, InsuranceType::UrbanEmployee}) {
        if (code(insurance) == text) {
            return insurance;
        }
    }
    return std::nullopt;
}

}  // namespace jiayi::domain
