#include "hub/http/outcome.hpp"

#include "hub/fhir/interaction.hpp"

namespace jiayi::hub::http {

nlohmann::json transport_outcome(std::string_view issue_type, std::string_view code,
                                 std::string_view text) {
    nlohmann::json coding = {{"system", std::string(fhir::kRefusalSystem)},
                             {"code", std::string(code)}};
    nlohmann::json issue = {
        {"severity", "error"},
        {"code", std::string(issue_type)},
        {"details", {{"coding", nlohmann::json::array({coding})}, {"text", std::string(text)}}}};
    return {{"resourceType", "OperationOutcome"}, {"issue", nlohmann::json::array({issue})}};
}

}  // namespace jiayi::hub::http
