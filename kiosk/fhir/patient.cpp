#include "kiosk/fhir/patient.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

namespace {

constexpr domain::DocumentKind kKinds[] = {
    domain::DocumentKind::ResidentId,
    domain::DocumentKind::HmtPermit,
    domain::DocumentKind::ForeignerPermanent2017,
    domain::DocumentKind::ForeignerPermanent2023,
    domain::DocumentKind::Other,
};

std::string_view gender(domain::Sex sex) {
    switch (sex) {
        case domain::Sex::Male:
            return "male";
        case domain::Sex::Female:
            return "female";
        case domain::Sex::Unknown:
            break;
    }
    return "unknown";
}

}  // namespace

std::string_view identifier_system(domain::DocumentKind kind) {
    switch (kind) {
        case domain::DocumentKind::ResidentId:
            return kResidentIdSystem;
        case domain::DocumentKind::HmtPermit:
            return kHmtPermitSystem;
        case domain::DocumentKind::ForeignerPermanent2017:
            return kForeigner2017System;
        case domain::DocumentKind::ForeignerPermanent2023:
            return kForeigner2023System;
        case domain::DocumentKind::Other:
            break;
    }
    return kOtherDocumentSystem;
}

std::string patient_search(const domain::Document& document) {
    return "Patient?identifier=" + std::string(identifier_system(document.kind)) + "|" +
           document.number;
}

json to_patient(const Resident& resident) {
    json patient = {{"resourceType", "Patient"}};
    json ids = json::array();
    ids.push_back(
        detail::identifier(identifier_system(resident.document.kind), resident.document.number));
    ids.back()["use"] = "official";
    if (!resident.id.empty()) {
        ids.push_back(detail::identifier(kKioskResidentSystem, resident.id));
        ids.back()["use"] = "secondary";
    }
    patient["identifier"] = std::move(ids);
    if (!resident.name.empty()) {
        // Chinese names are written whole (family name first, no space):
        // text, not given/family split by guesswork.
        patient["name"] = json::array({{{"use", "official"}, {"text", resident.name}}});
    }
    if (!resident.phone.empty()) {
        patient["telecom"] = json::array({{{"system", "phone"}, {"value", resident.phone}}});
    }
    patient["gender"] = gender(resident.document.sex);
    if (resident.document.birth_date) {
        patient["birthDate"] = domain::to_iso(*resident.document.birth_date);
    }
    if (!resident.address.empty()) {
        patient["address"] = json::array({{{"use", "home"}, {"text", resident.address}}});
    }
    return patient;
}

Result<Resident, ParseError> parse_patient(const json& patient, domain::Date today) {
    return detail::read_guarded<Resident>([&] {
        Element root(patient, "Patient");
        root.expect_resource("Patient");
        Resident resident;
        std::optional<Element> document;
        std::optional<domain::DocumentKind> kind;
        for (auto& id : root.items("identifier")) {
            const std::string system = id.string_or("system", "");
            if (system == kKioskResidentSystem) {
                resident.id = id.string("value");
                continue;
            }
            for (auto k : kKinds) {
                if (!document && system == identifier_system(k)) {
                    document = id;
                    kind = k;
                }
            }
        }
        if (!document) {
            detail::bad("Patient.identifier", "no document identifier");
        }
        const Element number = document->at("value");
        auto parsed = domain::parse_document_as(*kind, number.string(), today);
        if (!parsed) {
            detail::bad(number.path(), "invalid " + std::string(domain::code(*kind)) + ": " +
                                           std::string(domain::code(parsed.error())));
        }
        resident.document = std::move(parsed).value();
        if (auto names = root.items("name"); !names.empty()) {
            resident.name = names.front().string_or("text", "");
        }
        for (auto& telecom : root.items("telecom")) {
            if (telecom.string_or("system", "") == "phone") {
                resident.phone = telecom.string("value");
                break;
            }
        }
        if (auto addresses = root.items("address"); !addresses.empty()) {
            resident.address = addresses.front().string_or("text", "");
        }
        return resident;
    });
}

}  // namespace jiayi::fhir
