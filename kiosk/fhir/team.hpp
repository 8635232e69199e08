#pragma once
// A family-doctor team as a FHIR Organization (protocols/hub-fhir.md,
// "Resources": team): type = team (kOrganizationTypeSystem), partOf = the
// health center, active = open to new signings, the hub's capacity and
// current count in extensions, the leader and their phone as contact,
// specialties and villages served in extensions. The hub writes it; the
// kiosk reads it (GET Organization?type=team&partof=…).

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "kiosk/domain/team.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

nlohmann::json to_organization(const domain::Team& team);
Result<domain::Team, ParseError> parse_team(const nlohmann::json& organization);

}  // namespace jiayi::fhir
