#include "kiosk/domain/coverage.hpp"

namespace jiayi::domain {

bool is_priority(PopulationSet populations) {
    return populations.intersects(PopulationSet{
        Population::Disabled, Population::FamilyPlanningSpecial, Population::RegisteredPoor});
}

namespace {

// An empty group has nothing left to cover: 100 %, and met.
int permille(std::int64_t part, std::int64_t whole) {
    return whole <= 0 ? 1000 : static_cast<int>(part * 1000 / whole);
}

bool met(std::int64_t part, std::int64_t whole, int percent) {
    return whole <= 0 || part * 100 >= whole * percent;
}

}  // namespace

CoverageProgress coverage_progress(const CoverageCounts& c, const CoverageTargets& t) {
    CoverageProgress p;
    p.resident_permille = permille(c.residents_signed, c.residents);
    p.key_population_permille = permille(c.key_population_signed, c.key_population);
    p.priority_permille = permille(c.priority_signed, c.priority);
    p.resident_met = met(c.residents_signed, c.residents, t.resident_percent);
    p.key_population_met = met(c.key_population_signed, c.key_population, t.key_population_percent);
    p.priority_met = met(c.priority_signed, c.priority, t.priority_percent);
    return p;
}

}  // namespace jiayi::domain
