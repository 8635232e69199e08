#include <doctest/doctest.h>

#include "kiosk/domain/population.hpp"

using namespace jiayi::domain;

namespace {
constexpr Date kToday{2026, 11, 23};
const PopulationRules kRules{};
}  // namespace

TEST_CASE("elderly from the 65th birthday, children through age 6") {
    struct Row {
        Date birth;
        bool elderly;
        bool child;
    };
    const Row rows[] = {
        {{1961, 11, 23}, true, false},   // 65 today
        {{1961, 11, 24}, false, false},  // 65 tomorrow
        {{2026, 11, 23}, false, true},   // born today
        {{2019, 11, 24}, false, true},   // 6, turns 7 tomorrow
        {{2019, 11, 23}, false, false},  // 7 today
    };
    for (const Row& row : rows) {
        CAPTURE(to_iso(row.birth));
        auto set = age_populations(row.birth, kToday, kRules);
        CHECK(set.has(Population::Elderly) == row.elderly);
        CHECK(set.has(Population::Child) == row.child);
    }
}

TEST_CASE("the age limits come from configuration") {
    PopulationRules rules;
    rules.elderly_min_age = 60;
    rules.child_max_age = 3;
    auto set = age_populations(Date{1966, 11, 23}, kToday, rules);
    CHECK(set.has(Population::Elderly));
    CHECK_FALSE(age_populations(Date{2022, 11, 23}, kToday, rules).has(Population::Child));
}

TEST_CASE("registry flags are verified, declarations are not, and age groups are facts") {
    auto flags = classify(
        Date{1980, 5, 1}, kToday, PopulationSet{Population::Hypertension, Population::Elderly},
        PopulationSet{Population::Diabetes2, Population::Hypertension, Population::Child}, kRules);
    CHECK(flags.verified == PopulationSet{Population::Hypertension});
    CHECK(flags.declared == PopulationSet{Population::Diabetes2});
    CHECK(flags.is_key_population());
    CHECK(flags.all().has(Population::Diabetes2));
}

TEST_CASE("a resident in no group is not a key population") {
    auto flags = classify(Date{1980, 5, 1}, kToday, {}, {}, kRules);
    CHECK_FALSE(flags.is_key_population());
}

TEST_CASE("population codes round-trip") {
    for (Population p : kAllPopulations) {
        CHECK(population_from_code(code(p)) == p);
    }
    CHECK_FALSE(population_from_code("vip"));
}
