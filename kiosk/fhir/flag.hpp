#pragma once
// Key-population membership as a FHIR Flag (protocols/hub-fhir.md,
// "Resources": key-population membership): code from kPopulationSystem,
// status active|inactive, period, subject the resident, author the registry
// (an Organization). The hub writes them from `import flags`; the kiosk
// reads them (GET Flag?patient.identifier=…&status=active) into the
// registry populations that waive fees.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/population.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

struct PopulationFlag {
    std::string id;
    domain::Population population = domain::Population::Disabled;
    bool active = true;
    std::optional<domain::Date> start;
    std::optional<domain::Date> end;
    std::string registry;  // the registry's Organization id, or empty
};

nlohmann::json to_flag(const PopulationFlag& flag, const std::string& patient_reference);
Result<PopulationFlag, ParseError> parse_flag(const nlohmann::json& flag);

// The registry populations of a resident on `today`: active flags whose
// period holds today.
domain::PopulationSet registry_populations(const std::vector<PopulationFlag>& flags,
                                           domain::Date today);

}  // namespace jiayi::fhir
