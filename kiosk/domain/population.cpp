#include "kiosk/domain/population.hpp"

#include "kiosk/domain/document.hpp"

namespace jiayi::domain {

std::string_view code(Population population) {
    switch (population) {
        case Population::Elderly:
            return "elderly";
        case Population::Child:
            return "child";
        case Population::Pregnant:
            return "pregnant";
        case Population::Postpartum:
            return "postpartum";
        case Population::Disabled:
            return "disabled";
        case Population::RegisteredPoor:
            return "registered-poor";
        case Population::PovertyAlleviated:
            return "poverty-alleviated";
        case Population::MinimumLivingAllowance:
            return "minimum-living-allowance";
        case Population::Destitute:
            return "destitute";
        case Population::FamilyPlanningSpecial:
            return "family-planning-special";
        case Population::Hypertension:
            return "hypertension";
        case Population::Diabetes2:
            return "diabetes-2";
        case Population::Tuberculosis:
            return "tuberculosis";
        case Population::SevereMentalDisorder:
            return "severe-mental-disorder";
        case Population::OtherChronic:
            return "other-chronic";
    }
    return "unknown";
}

std::optional<Population> population_from_code(std::string_view text) {
    for (Population p : kAllPopulations) {
        if (code(p) == text) {
            return p;
        }
    }
    return std::nullopt;
}

std::vector<Population> PopulationSet::members() const {
    std::vector<Population> out;
    for (Population p : kAllPopulations) {
        if (has(p)) {
            out.push_back(p);
        }
    }
    return out;
}

PopulationSet age_populations(Date birth, Date today, const PopulationRules& rules) {
    PopulationSet set;
    const int age = age_on(birth, today);
    if (age >= rules.elderly_min_age) {
        set.add(Population::Elderly);
    }
    if (age >= 0 && age <= rules.child_max_age) {
        set.add(Population::Child);
    }
    return set;
}

PopulationFlags classify(std::optional<Date> birth, Date today, PopulationSet registry,
                         PopulationSet declared, const PopulationRules& rules) {
    // Age groups are facts of the birth date: a registry or a declaration
    // cannot add or remove them.
    const PopulationSet age_groups{Population::Elderly, Population::Child};
    auto without_age = [&](PopulationSet set) {
        return PopulationSet::from_bits(set.bits() & ~age_groups.bits());
    };
    PopulationFlags flags;
    flags.verified = without_age(registry);
    if (birth) {
        flags.verified = flags.verified | age_populations(*birth, today, rules);
    }
    flags.declared =
        PopulationSet::from_bits(without_age(declared).bits() & ~flags.verified.bits());
    return flags;
}

}  // namespace jiayi::domain
