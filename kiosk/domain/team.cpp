#include "kiosk/domain/team.hpp"

#include <algorithm>

namespace jiayi::domain {

int capacity_of(const Team& team, const TeamRules& rules) {
    return team.capacity.value_or(rules.default_capacity);
}

int places_left(const Team& team, const TeamRules& rules) {
    return std::max(0, capacity_of(team, rules) - team.signed_count);
}

Result<void, Refusal> check_team_accepts(const Team& team, const TeamRules& rules) {
    if (!team.open) {
        return fail(Refusal::TeamClosed);
    }
    if (places_left(team, rules) <= 0) {
        return fail(Refusal::TeamFull);
    }
    return Ok{};
}

}  // namespace jiayi::domain
