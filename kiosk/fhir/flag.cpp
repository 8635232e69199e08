#include "kiosk/fhir/flag.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

json to_flag(const PopulationFlag& f, const std::string& patient_reference) {
    json flag = {
        {"resourceType", "Flag"},
        {"id", f.id},
        {"status", f.active ? "active" : "inactive"},
        {"code", detail::concept_of(kPopulationSystem, domain::code(f.population))},
        {"subject", {{"reference", patient_reference}}},
    };
    if (f.start || f.end) {
        json period = json::object();
        if (f.start) {
            period["start"] = domain::to_iso(*f.start);
        }
        if (f.end) {
            period["end"] = domain::to_iso(*f.end);
        }
        flag["period"] = std::move(period);
    }
    if (!f.registry.empty()) {
        flag["author"] = detail::reference("Organization", f.registry);
    }
    return flag;
}

Result<PopulationFlag, ParseError> parse_flag(const json& resource) {
    return detail::read_guarded<PopulationFlag>([&] {
        Element root(resource, "Flag");
        root.expect_resource("Flag");
        PopulationFlag f;
        f.id = root.string("id");
        const Element status = root.at("status");
        if (status.string() != "active" && status.string() != "inactive" &&
            status.string() != "entered-in-error") {
            detail::bad(status.path(), "not a flag status");
        }
        f.active = status.string() == "active";
        const Element code = root.at("code");
        f.population = detail::known(domain::population_from_code(code.code_in(kPopulationSystem)),
                                     code, "population");
        if (auto period = root.find("period")) {
            if (auto start = period->find("start")) {
                f.start = start->date();
            }
            if (auto end = period->find("end")) {
                f.end = end->date();
            }
        }
        if (auto author = root.find("author")) {
            f.registry = author->reference_id("Organization");
        }
        return f;
    });
}

domain::PopulationSet registry_populations(const std::vector<PopulationFlag>& flags,
                                           domain::Date today) {
    domain::PopulationSet set;
    for (const auto& f : flags) {
        if (f.active && (!f.start || *f.start <= today) && (!f.end || today <= *f.end)) {
            set.add(f.population);
        }
    }
    return set;
}

}  // namespace jiayi::fhir
