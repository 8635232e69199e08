#include "kiosk/fhir/outcome.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using nlohmann::json;

json refusal_outcome(std::string_view code, std::string_view issue_type,
                     std::string_view diagnostics, std::string_view expression) {
    json issue = {{"severity", "error"},
                  {"code", issue_type},
                  {"details", detail::concept_of(kRefusalSystem, code)}};
    if (!diagnostics.empty()) {
        issue["diagnostics"] = diagnostics;
    }
    if (!expression.empty()) {
        issue["expression"] = json::array({expression});
    }
    return {{"resourceType", "OperationOutcome"}, {"issue", json::array({std::move(issue)})}};
}

std::optional<std::string> refusal_code(const json& outcome) {
    if (!outcome.is_object() || outcome.value("resourceType", "") != "OperationOutcome") {
        return std::nullopt;
    }
    const auto issues = outcome.find("issue");
    if (issues == outcome.end() || !issues->is_array()) {
        return std::nullopt;
    }
    for (const auto& issue : *issues) {
        const auto details = issue.find("details");
        if (!issue.is_object() || details == issue.end() || !details->is_object()) {
            continue;
        }
        const auto codings = details->find("coding");
        if (codings == details->end() || !codings->is_array()) {
            continue;
        }
        for (const auto& c : *codings) {
            if (c.is_object() && c.value("system", "") == kRefusalSystem && c.contains("code") &&
                c["code"].is_string()) {
                return c["code"].get<std::string>();
            }
        }
    }
    return std::nullopt;
}

}  // namespace jiayi::fhir
