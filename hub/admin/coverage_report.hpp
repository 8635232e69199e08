#pragma once
// `report coverage [--township T] [--quarter Q]`: signing against the targets
// of rules.md (seed 001; seed 000 §六's quarterly evaluation), per township
// and, under it, per team. The store counts; this file turns the counts into
// the table and marks each figure below its target.
//
// What the store supplies, one CoverageFigures per township (team_id empty)
// and one per team:
//   population        the township's resident population (常住人口); 0 on team lines
//   residents_signed  residents with an active contract at the quarter's end
//   key_population    flagged residents (import flags, verified) of the
//                     township; `signed_count` those of them signed. On a team
//                     line `total` is 0 (a flagged resident not yet signed
//                     has no team), and only `signed_count` is shown
//   disabled, registered_poor, family_planning_special: likewise, each one of
//                     the three groups that must all sign (100 %)
//   renewals          contracts that reached their end in the quarter
//                     (`total`), and of those renewed (`signed_count`)
//   refusals_with_notice  opt-outs (拒签, with the informed notice) in the quarter
//   awareness         answers to "do you know your family doctor?" in the
//                     quarter (`total`) and "yes" (`signed_count`)
//   satisfaction      the 1–5 ratings' sum and count in the quarter
// Elderly and children are key populations derived from birth dates: the
// store counts them into key_population from the residents' ID numbers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hub/admin/table.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::admin {

struct Tally {
    std::int64_t total = 0;
    std::int64_t signed_count = 0;  // of `total`, those signed (renewed, answering yes)
};

struct CoverageFigures {
    std::string township;
    std::string team_id;  // empty: the township's own line
    std::string team_name;
    std::int64_t population = 0;
    std::int64_t residents_signed = 0;
    Tally key_population;
    Tally disabled;
    Tally registered_poor;
    Tally family_planning_special;
    Tally renewals;
    std::int64_t refusals_with_notice = 0;
    Tally awareness;
    std::int64_t satisfaction_sum = 0;
    std::int64_t satisfaction_answers = 0;
};

// A quarter, "2026Q4" or "2026-Q4": its first day and the first day after it.
struct Quarter {
    int year = 0;
    int number = 1;  // 1–4
    domain::Date first() const;
    domain::Date after() const;
    std::string label() const;  // "2026Q4"
};
std::optional<Quarter> parse_quarter(std::string_view text);
Quarter quarter_of(domain::Date day);

// Township lines in the order given, each followed by its teams (lines whose
// township matches), then a district total over the township lines.
Table coverage_table(const std::vector<CoverageFigures>& figures,
                     const domain::CoverageTargets& targets, const std::string& title);

}  // namespace jiayi::hub::admin
