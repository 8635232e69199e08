#include "hub/fhir/validate.hpp"

#include <array>
#include <regex>

namespace jiayi::hub::fhir {

namespace {

constexpr std::array<std::string_view, 13> kTypes = {
    "Patient",
    "Organization",
    "Flag",
    "EpisodeOfCare",
    "Provenance",
    "Consent",
    "QuestionnaireResponse",
    "Schedule",
    "Slot",
    "Appointment",
    "ServiceRequest",
    "Device",
    "PractitionerRole",
};

bool has_text(const nlohmann::json& resource, const nlohmann::json::json_pointer& pointer) {
    return resource.contains(pointer) && resource.at(pointer).is_string() &&
           !resource.at(pointer).get_ref<const std::string&>().empty();
}

bool has_items(const nlohmann::json& resource, std::string_view element) {
    const auto found = resource.find(std::string(element));
    return found != resource.end() && found->is_array() && !found->empty();
}

Refusal missing(std::string_view type, std::string_view element) {
    return Refusal{422, std::string(refusal::invalid),
                   std::string(type) + " needs " + std::string(element),
                   std::string(type) + "." + std::string(element)};
}

Refusal bad_value(std::string_view type, std::string_view element) {
    return Refusal{
        422, std::string(refusal::invalid),
        std::string(type) + "." + std::string(element) + " has a value FHIR R4 does not allow",
        std::string(type) + "." + std::string(element)};
}

bool one_of(const nlohmann::json& value, std::initializer_list<std::string_view> allowed) {
    if (!value.is_string()) {
        return false;
    }
    const auto& text = value.get_ref<const std::string&>();
    for (auto a : allowed) {
        if (text == a) {
            return true;
        }
    }
    return false;
}

// The elements each type needs; the first one missing is named.
std::optional<Refusal> check_elements(const nlohmann::json& r, std::string_view type) {
    using P = nlohmann::json::json_pointer;
    auto need_text = [&](const char* pointer, std::string_view element) -> std::optional<Refusal> {
        if (!has_text(r, P(pointer))) {
            return missing(type, element);
        }
        return std::nullopt;
    };
    auto need_items = [&](std::string_view element) -> std::optional<Refusal> {
        if (!has_items(r, element)) {
            return missing(type, element);
        }
        return std::nullopt;
    };
    std::optional<Refusal> problem;
    if (type == "Patient") {
        if ((problem = need_items("identifier"))) {
            return problem;
        }
        for (const auto& identifier : r["identifier"]) {
            if (!identifier.is_object() || !has_text(identifier, P("/system")) ||
                !has_text(identifier, P("/value"))) {
                return missing(type, "identifier.system and identifier.value");
            }
        }
    } else if (type == "EpisodeOfCare") {
        if ((problem = need_text("/status", "status")) ||
            (problem = need_text("/patient/reference", "patient")) ||
            (problem = need_text("/managingOrganization/reference", "managingOrganization")) ||
            (problem = need_text("/period/start", "period.start"))) {
            return problem;
        }
        if (!one_of(r["status"], {"planned", "waitlist", "active", "onhold", "finished",
                                  "cancelled", "entered-in-error"})) {
            return bad_value(type, "status");
        }
    } else if (type == "Appointment") {
        if ((problem = need_text("/status", "status")) || (problem = need_items("participant"))) {
            return problem;
        }
        if (!one_of(r["status"],
                    {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
                     "entered-in-error", "checked-in", "waitlist"})) {
            return bad_value(type, "status");
        }
        // app-3: a booked appointment has a start and an end; the hub also
        // needs the slot it takes and the patient it is for.
        if (r["status"] == "booked" &&
            ((problem = need_text("/start", "start")) || (problem = need_text("/end", "end")) ||
             (problem = need_items("slot")) ||
             (problem = need_text("/slot/0/reference", "slot.reference")))) {
            return problem;
        }
    } else if (type == "Slot") {
        if ((problem = need_text("/schedule/reference", "schedule")) ||
            (problem = need_text("/status", "status")) ||
            (problem = need_text("/start", "start")) || (problem = need_text("/end", "end"))) {
            return problem;
        }
        if (!one_of(r["status"],
                    {"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"})) {
            return bad_value(type, "status");
        }
    } else if (type == "Schedule") {
        return need_items("actor");
    } else if (type == "Flag") {
        if ((problem = need_text("/status", "status")) ||
            (problem = need_text("/subject/reference", "subject"))) {
            return problem;
        }
        if (!r.contains("code")) {
            return missing(type, "code");
        }
    } else if (type == "Provenance") {
        if ((problem = need_items("target")) || (problem = need_text("/recorded", "recorded")) ||
            (problem = need_items("agent"))) {
            return problem;
        }
    } else if (type == "Consent") {
        if ((problem = need_text("/status", "status")) || (problem = need_items("category"))) {
            return problem;
        }
        if (!r.contains("scope")) {
            return missing(type, "scope");
        }
    } else if (type == "QuestionnaireResponse") {
        return need_text("/status", "status");
    } else if (type == "ServiceRequest") {
        if ((problem = need_text("/status", "status")) ||
            (problem = need_text("/intent", "intent")) ||
            (problem = need_text("/subject/reference", "subject"))) {
            return problem;
        }
    } else if (type == "PractitionerRole") {
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::span<const std::string_view> kept_types() {
    return kTypes;
}

bool is_kept_type(std::string_view type) {
    for (auto t : kTypes) {
        if (t == type) {
            return true;
        }
    }
    return false;
}

std::optional<Refusal> check_resource(const nlohmann::json& resource, std::string_view type,
                                      std::string_view id) {
    if (!resource.is_object()) {
        return Refusal{400, std::string(refusal::invalid), "the body is not a JSON object", ""};
    }
    const auto kind = resource.find("resourceType");
    if (kind == resource.end() || !kind->is_string()) {
        return Refusal{400, std::string(refusal::invalid), "the body has no resourceType",
                       "resourceType"};
    }
    if (kind->get_ref<const std::string&>() != type) {
        return Refusal{
            400, std::string(refusal::invalid),
            "the body is a " + kind->get<std::string>() + ", the URL names a " + std::string(type),
            "resourceType"};
    }
    if (!is_kept_type(type)) {
        return Refusal{400, std::string(refusal::not_supported),
                       "the hub does not keep " + std::string(type), "resourceType"};
    }
    const auto body_id = resource.find("id");
    if (!id.empty()) {
        if (body_id == resource.end() || !body_id->is_string() ||
            body_id->get_ref<const std::string&>() != id) {
            return Refusal{400, std::string(refusal::invalid),
                           "the body's id must equal the URL's id", std::string(type) + ".id"};
        }
    }
    // FHIR R4 id: [A-Za-z0-9\-\.]{1,64}
    if (body_id != resource.end()) {
        static const std::regex kId("[A-Za-z0-9\\-\\.]{1,64}");
        if (!body_id->is_string() ||
            !std::regex_match(body_id->get_ref<const std::string&>(), kId)) {
            return Refusal{400, std::string(refusal::invalid), "the id is not a FHIR id",
                           std::string(type) + ".id"};
        }
    }
    return check_elements(resource, type);
}

std::optional<std::string> reference_id(const nlohmann::json& reference, std::string_view type) {
    if (!reference.is_object() || !reference.contains("reference") ||
        !reference["reference"].is_string()) {
        return std::nullopt;
    }
    const auto& text = reference["reference"].get_ref<const std::string&>();
    const std::string prefix = std::string(type) + "/";
    if (!text.starts_with(prefix) || text.size() == prefix.size()) {
        return std::nullopt;
    }
    std::string id = text.substr(prefix.size());
    if (const auto history = id.find('/'); history != std::string::npos) {
        id.resize(history);  // "Slot/x/_history/3"
    }
    return id;
}

}  // namespace jiayi::hub::fhir
