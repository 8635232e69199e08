#include <doctest/doctest.h>

#include "kiosk/domain/team.hpp"

using namespace jiayi::domain;

TEST_CASE("a team takes residents up to its capacity") {
    Team team;
    team.signed_count = 1499;
    CHECK(places_left(team, TeamRules{}) == 1);
    CHECK(check_team_accepts(team, TeamRules{}).ok());
    team.signed_count = 1500;
    CHECK(places_left(team, TeamRules{}) == 0);
    CHECK(check_team_accepts(team, TeamRules{}).error() == Refusal::TeamFull);
    team.signed_count = 1700;  // the hub may report more after offline signings
    CHECK(places_left(team, TeamRules{}) == 0);
}

TEST_CASE("the hub's capacity wins over the configured default") {
    Team team;
    team.capacity = 800;
    team.signed_count = 800;
    CHECK(check_team_accepts(team, TeamRules{}).error() == Refusal::TeamFull);
    TeamRules rules;
    rules.default_capacity = 10;
    Team unspecified;
    unspecified.signed_count = 10;
    CHECK(check_team_accepts(unspecified, rules).error() == Refusal::TeamFull);
}

TEST_CASE("a closed team is refused whatever its places") {
    Team team;
    team.open = false;
    CHECK(check_team_accepts(team, TeamRules{}).error() == Refusal::TeamClosed);
}
