#include "kiosk/fhir/team.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

json to_organization(const domain::Team& t) {
    json ext = json::array();
    if (t.capacity) {
        ext.push_back(detail::extension(kExtTeamCapacity, "valueInteger", *t.capacity));
    }
    ext.push_back(detail::extension(kExtTeamSigned, "valueInteger", t.signed_count));
    for (const auto& s : t.specialties) {
        ext.push_back(detail::extension(kExtSpecialty, "valueString", s));
    }
    for (const auto& v : t.villages) {
        ext.push_back(detail::extension(kExtVillage, "valueString", v));
    }
    json org = {
        {"resourceType", "Organization"},
        {"id", t.id},
        {"extension", std::move(ext)},
        {"active", t.open},
        {"type", json::array({detail::concept_of(kOrganizationTypeSystem, kTeamType)})},
        {"name", t.name},
        {"partOf", detail::reference("Organization", t.center_id)},
    };
    if (!t.leader.empty() || !t.leader_phone.empty()) {
        json contact = {{"name", {{"text", t.leader}}}};
        if (!t.leader_phone.empty()) {
            contact["telecom"] = json::array({{{"system", "phone"}, {"value", t.leader_phone}}});
        }
        org["contact"] = json::array({std::move(contact)});
    }
    return org;
}

Result<domain::Team, ParseError> parse_team(const json& resource) {
    return detail::read_guarded<domain::Team>([&] {
        Element root(resource, "Organization");
        root.expect_resource("Organization");
        const Element type = root.first("type");
        if (type.code_in(kOrganizationTypeSystem) != kTeamType) {
            detail::bad(type.path(), "not a team");
        }
        domain::Team t;
        t.id = root.string("id");
        t.name = root.string("name");
        t.center_id = root.at("partOf").reference_id("Organization");
        if (auto active = root.find("active")) {
            t.open = active->boolean();
        }
        auto whole = [](const Element& value) {
            const auto n = value.integer();
            if (n < 0 || n > 1'000'000) {
                detail::bad(value.path(), "out of range");
            }
            return static_cast<int>(n);
        };
        if (auto capacity = root.extension(kExtTeamCapacity)) {
            t.capacity = whole(capacity->at("valueInteger"));
        }
        if (auto count = root.extension(kExtTeamSigned)) {
            t.signed_count = whole(count->at("valueInteger"));
        }
        for (auto& s : root.extensions(kExtSpecialty)) {
            t.specialties.push_back(s.string("valueString"));
        }
        for (auto& v : root.extensions(kExtVillage)) {
            t.villages.push_back(v.string("valueString"));
        }
        if (auto contacts = root.items("contact"); !contacts.empty()) {
            if (auto name = contacts.front().find("name")) {
                t.leader = name->string_or("text", "");
            }
            for (auto& telecom : contacts.front().items("telecom")) {
                if (telecom.string_or("system", "") == "phone") {
                    t.leader_phone = telecom.string("value");
                }
            }
        }
        return t;
    });
}

}  // namespace jiayi::fhir
