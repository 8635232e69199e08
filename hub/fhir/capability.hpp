#pragma once
// The hub's CapabilityStatement (GET metadata): what it keeps, which
// interactions and search parameters it answers (protocols/hub-fhir.md).

#include <nlohmann/json.hpp>
#include <string_view>

namespace jiayi::hub::fhir {

// `date`: ISO 8601, passed in (the statement's publication, e.g. start-up).
nlohmann::json capability_statement(std::string_view software_version, std::string_view date);

}  // namespace jiayi::hub::fhir
