#pragma once
// The hub's refusals as OperationOutcome (protocols/hub-fhir.md, "Exactly
// once"; hub/README.md, "Refusals"): issue[0].details.coding with
// kRefusalSystem and a code (a domain::Refusal code, or one of the hub's own:
// invalid, conflict, forbidden, unknown-token, too-large), the failing
// element or Bundle entry in issue.expression. Both sides use these two
// functions, so the code is read where it is written.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace jiayi::fhir {

// `severity` error; `issue_type` is FHIR's issue-type ("business-rule",
// "conflict", "invalid", "forbidden", "login", "too-long"…).
nlohmann::json refusal_outcome(std::string_view code, std::string_view issue_type,
                               std::string_view diagnostics, std::string_view expression = {});

// The refusal code an OperationOutcome carries, if any.
std::optional<std::string> refusal_code(const nlohmann::json& outcome);

}  // namespace jiayi::fhir
