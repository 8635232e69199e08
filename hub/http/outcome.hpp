#pragma once
// The OperationOutcomes the HTTP layer answers itself, before the service
// sees a request: an unknown token, a body too large, a wrong media type, a
// path outside the FHIR base. The code goes in issue.details.coding with
// fhir::kRefusalSystem, as the service's refusals do (hub/README.md,
// "Refusals"), so the kiosk reads both the same way.

#include <nlohmann/json.hpp>
#include <string_view>

namespace jiayi::hub::http {

// `issue_type` is FHIR's IssueType (login, too-long, not-supported,
// not-found, exception, invalid); `code` ours (unknown-token, too-large, …);
// `text` a sentence for the district's IT, never personal data.
nlohmann::json transport_outcome(std::string_view issue_type, std::string_view code,
                                 std::string_view text);

}  // namespace jiayi::hub::http
