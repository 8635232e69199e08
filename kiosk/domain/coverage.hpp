#pragma once
// Coverage targets per township (rules.md, seed 001): the share of residents
// signed, of key populations, and of the priority groups that must all sign.

#include <cstdint>

#include "kiosk/domain/population.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

// Disabled people, family-planning special families and the registered poor.
bool is_priority(PopulationSet populations);

struct CoverageCounts {
    std::int64_t residents = 0;
    std::int64_t residents_signed = 0;
    std::int64_t key_population = 0;
    std::int64_t key_population_signed = 0;
    std::int64_t priority = 0;
    std::int64_t priority_signed = 0;
};

struct CoverageProgress {
    int resident_permille = 0;  // signed share, in tenths of a percent
    int key_population_permille = 0;
    int priority_permille = 0;
    bool resident_met = false;
    bool key_population_met = false;
    bool priority_met = false;
};

CoverageProgress coverage_progress(const CoverageCounts& counts, const CoverageTargets& targets);

}  // namespace jiayi::domain
