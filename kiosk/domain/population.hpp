#pragma once
// Key populations (重点人群, rules.md). Age-derived groups are computed from the
// birth date on a given day; the others come from registries on the central
// server, or from a nurse's declaration awaiting verification.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kiosk/domain/date.hpp"

namespace jiayi::domain {

enum class Population : std::uint8_t {
    Elderly,  // ≥ 65 (age-derived)
    Child,    // 0–6 (age-derived)
    Pregnant,
    Postpartum,
    Disabled,
    RegisteredPoor,          // 建档立卡贫困人口
    PovertyAlleviated,       // 脱贫人口
    MinimumLivingAllowance,  // 低保
    Destitute,               // 特困供养人员
    FamilyPlanningSpecial,   // 计划生育特殊家庭
    Hypertension,
    Diabetes2,
    Tuberculosis,
    SevereMentalDisorder,
    OtherChronic,
};

inline constexpr Population kAllPopulations[] = {
    Population::Elderly,           Population::Child,
    Population::Pregnant,          Population::Postpartum,
    Population::Disabled,          Population::RegisteredPoor,
    Population::PovertyAlleviated, Population::MinimumLivingAllowance,
    Population::Destitute,         Population::FamilyPlanningSpecial,
    Population::Hypertension,      Population::Diabetes2,
    Population::Tuberculosis,      Population::SevereMentalDisorder,
    Population::OtherChronic,
};

std::string_view code(Population population);
std::optional<Population> population_from_code(std::string_view code);

// A set of populations as a bit mask.
class PopulationSet {
  public:
    PopulationSet() = default;
    PopulationSet(std::initializer_list<Population> members) {
        for (Population p : members) {
            add(p);
        }
    }
    void add(Population p) { bits_ |= bit(p); }
    bool has(Population p) const { return (bits_ & bit(p)) != 0; }
    bool empty() const { return bits_ == 0; }
    bool intersects(PopulationSet other) const { return (bits_ & other.bits_) != 0; }
    PopulationSet operator|(PopulationSet other) const { return from_bits(bits_ | other.bits_); }
    std::vector<Population> members() const;
    std::uint32_t bits() const { return bits_; }
    static PopulationSet from_bits(std::uint32_t bits) {
        PopulationSet set;
        set.bits_ = bits;
        return set;
    }
    friend bool operator==(PopulationSet, PopulationSet) = default;

  private:
    static std::uint32_t bit(Population p) { return 1u << static_cast<unsigned>(p); }
    std::uint32_t bits_ = 0;
};

struct PopulationRules {
    int elderly_min_age = 65;
    int child_max_age = 6;
};

// Where a registry flag came from. A nurse's declaration counts for offering
// services but is reported as unverified until the registry confirms it.
enum class FlagSource { Derived, Registry, Declared };

struct PopulationFlags {
    PopulationSet verified;  // derived from age, or from a registry
    PopulationSet declared;  // declared to a nurse, awaiting verification
    PopulationSet all() const { return verified | declared; }
    bool is_key_population() const { return !all().empty(); }
};

PopulationSet age_populations(Date birth, Date today, const PopulationRules& rules);

PopulationFlags classify(std::optional<Date> birth, Date today, PopulationSet registry,
                         PopulationSet declared, const PopulationRules& rules);

}  // namespace jiayi::domain
