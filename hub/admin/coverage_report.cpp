#include "hub/admin/coverage_report.hpp"

#include <charconv>

#include "kiosk/domain/coverage.hpp"

namespace jiayi::hub::admin {

domain::Date Quarter::first() const {
    return {year, (number - 1) * 3 + 1, 1};
}

domain::Date Quarter::after() const {
    return number == 4 ? domain::Date{year + 1, 1, 1} : domain::Date{year, number * 3 + 1, 1};
}

std::string Quarter::label() const {
    return std::to_string(year) + "Q" + std::to_string(number);
}

std::optional<Quarter> parse_quarter(std::string_view text) {
    std::string t = ascii_lower(trim(text));
    if (t.size() == 7 && t[4] == '-') {
        t.erase(4, 1);
    }
    if (t.size() != 6 || t[4] != 'q' || t[5] < '1' || t[5] > '4') {
        return std::nullopt;
    }
    int year = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + 4, year);
    if (ec != std::errc{} || end != t.data() + 4 || year < 1900) {
        return std::nullopt;
    }
    return Quarter{year, t[5] - '0'};
}

Quarter quarter_of(domain::Date day) {
    return Quarter{day.year, (day.month - 1) / 3 + 1};
}

namespace {

std::vector<TableColumn> columns() {
    return {
        {"township", "township"},
        {"team", "team"},
        {"population", "population", Align::Right},
        {"signed", "signed", Align::Right},
        {"signed_rate", "signed %", Align::Right},
        {"key_signed", "key pop. signed", Align::Right},
        {"key_total", "key pop.", Align::Right},
        {"key_rate", "key %", Align::Right},
        {"disabled_rate", "disabled %", Align::Right},
        {"poor_rate", "reg. poor %", Align::Right},
        {"family_planning_rate", "FP special %", Align::Right},
        {"renewals", "renewed", Align::Right},
        {"renewal_rate", "renewal %", Align::Right},
        {"refusals_with_notice", "refusals (notice)", Align::Right},
        {"awareness_rate", "awareness %", Align::Right},
        {"satisfaction", "satisfaction", Align::Right},
    };
}

// The three groups that must all sign are each measured against the
// priority target with the domain's rule (an empty group counts as met).
bool below(const Tally& t, int percent) {
    domain::CoverageCounts counts;
    counts.priority = t.total;
    counts.priority_signed = t.signed_count;
    domain::CoverageTargets targets;
    targets.priority_percent = percent;
    return !domain::coverage_progress(counts, targets).priority_met;
}

Cell group_cell(const Tally& t, int percent, bool township_line) {
    if (!township_line) {
        return Cell::count(t.signed_count);  // signed of the group, no denominator
    }
    return percent_cell(t.signed_count, t.total, below(t, percent));
}

std::vector<Cell> line(const CoverageFigures& f, const domain::CoverageTargets& targets) {
    const bool township_line = f.team_id.empty();
    domain::CoverageCounts counts;
    counts.residents = f.population;
    counts.residents_signed = f.residents_signed;
    counts.key_population = f.key_population.total;
    counts.key_population_signed = f.key_population.signed_count;
    const domain::CoverageProgress progress = domain::coverage_progress(counts, targets);
    std::vector<Cell> cells;
    cells.push_back(Cell::of(township_line ? f.township : ""));
    cells.push_back(
        Cell::of(township_line ? "" : f.team_id + (f.team_name.empty() ? "" : " " + f.team_name)));
    cells.push_back(township_line ? Cell::count(f.population) : Cell::of(""));
    cells.push_back(Cell::count(f.residents_signed));
    cells.push_back(township_line
                        ? percent_cell(f.residents_signed, f.population, !progress.resident_met)
                        : Cell::of(""));
    cells.push_back(Cell::count(f.key_population.signed_count));
    cells.push_back(township_line ? Cell::count(f.key_population.total) : Cell::of(""));
    cells.push_back(township_line
                        ? percent_cell(f.key_population.signed_count, f.key_population.total,
                                       !progress.key_population_met)
                        : Cell::of(""));
    cells.push_back(group_cell(f.disabled, targets.priority_percent, township_line));
    cells.push_back(group_cell(f.registered_poor, targets.priority_percent, township_line));
    cells.push_back(group_cell(f.family_planning_special, targets.priority_percent, township_line));
    cells.push_back(Cell::count(f.renewals.signed_count));
    cells.push_back(percent_cell(f.renewals.signed_count, f.renewals.total));
    cells.push_back(Cell::count(f.refusals_with_notice));
    cells.push_back(percent_cell(f.awareness.signed_count, f.awareness.total));
    if (f.satisfaction_answers > 0) {
        const std::int64_t tenths = f.satisfaction_sum * 10 / f.satisfaction_answers;
        cells.push_back(Cell{std::to_string(tenths / 10) + "." + std::to_string(tenths % 10),
                             static_cast<double>(tenths) / 10.0, false});
    } else {
        cells.push_back(Cell{"—", std::nullopt, false});
    }
    return cells;
}

void add(Tally& into, const Tally& t) {
    into.total += t.total;
    into.signed_count += t.signed_count;
}

}  // namespace

Table coverage_table(const std::vector<CoverageFigures>& figures,
                     const domain::CoverageTargets& targets, const std::string& title) {
    Table table;
    table.title = title;
    table.columns = columns();
    CoverageFigures total;
    total.township = "total";
    int townships = 0;
    for (const CoverageFigures& f : figures) {
        if (!f.team_id.empty()) {
            continue;
        }
        table.rows.push_back(line(f, targets));
        for (const CoverageFigures& team : figures) {
            if (!team.team_id.empty() && team.township == f.township) {
                table.rows.push_back(line(team, targets));
            }
        }
        ++townships;
        total.population += f.population;
        total.residents_signed += f.residents_signed;
        add(total.key_population, f.key_population);
        add(total.disabled, f.disabled);
        add(total.registered_poor, f.registered_poor);
        add(total.family_planning_special, f.family_planning_special);
        add(total.renewals, f.renewals);
        total.refusals_with_notice += f.refusals_with_notice;
        add(total.awareness, f.awareness);
        total.satisfaction_sum += f.satisfaction_sum;
        total.satisfaction_answers += f.satisfaction_answers;
    }
    if (townships > 1) {
        table.rows.push_back(line(total, targets));
    }
    table.notes.push_back("targets: signed ≥ " + std::to_string(targets.resident_percent) +
                          " % of the population, key populations ≥ " +
                          std::to_string(targets.key_population_percent) +
                          " %, disabled / registered poor / family-planning special ≥ " +
                          std::to_string(targets.priority_percent) + " %");
    table.notes.push_back("team lines show signed counts; rates are per township");
    return table;
}

}  // namespace jiayi::hub::admin
