#include "hub/fhir/capability.hpp"

#include "hub/fhir/validate.hpp"

namespace jiayi::hub::fhir {

namespace {

nlohmann::json search_params(std::string_view type) {
    auto param = [](const char* name, const char* kind) {
        return nlohmann::json{{"name", name}, {"type", kind}};
    };
    auto list = nlohmann::json::array();
    if (type == "Organization") {
        list = {param("type", "token"), param("partof", "reference")};
    } else if (type == "Flag" || type == "EpisodeOfCare" || type == "Appointment") {
        list = {param("patient.identifier", "token"), param("status", "token")};
    } else if (type == "Slot") {
        list = {param("service-category", "token"), param("status", "token"),
                param("start", "date"), param("schedule", "reference")};
    } else if (type == "Schedule") {
        // The pool's Schedules that have a free slot from now, each with
        // how many (extension free-pool-slots): the kiosk's department list.
        list = {param("service-category", "token")};
    }
    return list;
}

}  // namespace

nlohmann::json capability_statement(std::string_view software_version, std::string_view date) {
    auto resources = nlohmann::json::array();
    for (auto type : kept_types()) {
        nlohmann::json resource = {
            {"type", std::string(type)},
            {"versioning", "versioned-update"},
            {"readHistory", false},
            {"updateCreate", true},
            {"conditionalUpdate", type == "Patient"},
            {"interaction", {{{"code", "read"}}, {{"code", "update"}}}},
        };
        auto params = search_params(type);
        if (!params.empty()) {
            resource["interaction"].push_back({{"code", "search-type"}});
            resource["searchParam"] = params;
        }
        resources.push_back(resource);
    }
    return {
        {"resourceType", "CapabilityStatement"},
        {"status", "active"},
        {"date", std::string(date)},
        {"kind", "instance"},
        {"software", {{"name", "jiayi-hub"}, {"version", std::string(software_version)}}},
        // cpb-14: a statement of kind instance describes its implementation.
        {"implementation",
         {{"description", "jiayi-hub: the district's family-doctor signing server"}}},
        {"fhirVersion", "4.0.1"},
        {"format", {"application/fhir+json"}},
        {"rest",
         {{{"mode", "server"},
           {"security",
            {{"description", "Bearer token per kiosk, issued by the hub's administrator"}}},
           {"resource", resources},
           {"interaction", {{{"code", "transaction"}}}}}}},
    };
}

}  // namespace jiayi::hub::fhir
