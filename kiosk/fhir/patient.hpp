#pragma once
// A resident as a FHIR Patient (protocols/hub-fhir.md, "Resources": resident).
// The hub matches a Patient by its document identifier under a unique index,
// never by an id the kiosk invents; the kiosk's own UUID for the resident
// travels as a second identifier (kKioskResidentSystem).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

// What a Patient carries: the store's ResidentRecord less what is the
// kiosk's own business (insurance, populations and consent travel as their
// own resources or not at all).
struct Resident {
    std::string id;  // the kiosk's UUID for the resident
    domain::Document document;
    std::string name;
    std::string phone;  // normalised digits, or empty
    std::string address;
};

// The identifier system of a document's kind.
std::string_view identifier_system(domain::DocumentKind kind);

// "Patient?identifier=<system>|<number>": the conditional update URL and
// conditional reference that name a resident by document on the hub.
std::string patient_search(const domain::Document& document);

nlohmann::json to_patient(const Resident& resident);

// `today` bounds the birth date the document number holds (as parse_document).
Result<Resident, ParseError> parse_patient(const nlohmann::json& patient, domain::Date today);

}  // namespace jiayi::fhir
