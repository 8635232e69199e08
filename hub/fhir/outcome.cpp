#include "hub/fhir/outcome.hpp"

namespace jiayi::hub::fhir {

std::string_view issue_type(std::string_view code) {
    if (code == refusal::invalid || code == refusal::invalid_identifier) {
        return "invalid";
    }
    if (code == refusal::not_found) {
        return "not-found";
    }
    if (code == refusal::conflict || code == refusal::stale || code == refusal::slot_taken) {
        return "conflict";
    }
    if (code == refusal::forbidden) {
        return "forbidden";
    }
    if (code == refusal::unknown_token) {
        return "login";
    }
    if (code == refusal::too_large) {
        return "too-costly";
    }
    if (code == refusal::not_supported) {
        return "not-supported";
    }
    if (code == refusal::unavailable) {
        return "transient";
    }
    return "business-rule";
}

nlohmann::json operation_outcome(const Refusal& refusal) {
    nlohmann::json issue = {
        {"severity", "error"},
        {"code", std::string(issue_type(refusal.code))},
        {"details",
         {{"coding", nlohmann::json::array(
                         {{{"system", std::string(kRefusalSystem)}, {"code", refusal.code}}})},
          {"text", refusal.code}}},
    };
    if (!refusal.diagnostics.empty()) {
        issue["diagnostics"] = refusal.diagnostics;
    }
    if (!refusal.expression.empty()) {
        issue["expression"] = nlohmann::json::array({refusal.expression});
    }
    return {{"resourceType", "OperationOutcome"}, {"issue", nlohmann::json::array({issue})}};
}

Answer answer(const Refusal& refusal) {
    Answer out;
    out.status = refusal.status;
    out.body = operation_outcome(refusal);
    return out;
}

std::string refusal_code(const nlohmann::json& outcome) {
    if (!outcome.is_object() || !outcome.contains("issue") || !outcome["issue"].is_array()) {
        return "";
    }
    for (const auto& issue : outcome["issue"]) {
        const auto coding = issue.value("/details/coding"_json_pointer, nlohmann::json::array());
        for (const auto& c : coding) {
            if (c.value("system", "") == kRefusalSystem) {
                return c.value("code", "");
            }
        }
    }
    return "";
}

}  // namespace jiayi::hub::fhir
