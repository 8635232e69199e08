#pragma once
// Family-doctor teams (家庭医生团队) and their capacity.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

struct Team {
    std::string id;
    std::string name;
    std::string center_id;
    std::string leader;        // the family doctor
    std::string leader_phone;  // shown on the status screen
    std::vector<std::string> specialties;
    std::vector<std::string> villages;
    std::optional<int> capacity;  // the hub's figure; else the configured default
    int signed_count = 0;
    bool open = true;
};

int capacity_of(const Team& team, const TeamRules& rules);
int places_left(const Team& team, const TeamRules& rules);

// Whether the team takes one more resident: closed or full teams are not offered.
Result<void, Refusal> check_team_accepts(const Team& team, const TeamRules& rules);

}  // namespace jiayi::domain
