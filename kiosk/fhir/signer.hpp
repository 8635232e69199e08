#pragma once
// Who signed (the resident, a guardian for a minor, a proxy), as FHIR: the
// signer extension on EpisodeOfCare and Consent, and the `who` of a
// signature (the resident's Patient, or a RelatedPerson named by document).

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/domain/contract.hpp"
#include "kiosk/fhir/element.hpp"

namespace jiayi::fhir {

nlohmann::json signer_extension(const domain::Signer& signer);
domain::Signer read_signer_extension(const detail::Element& extension);

// The Reference of the person who signed: the patient for Self; otherwise a
// RelatedPerson by document identifier (the hub keeps no RelatedPerson
// resources, so the reference is logical).
nlohmann::json signer_reference(const domain::Signer& signer, const std::string& patient_reference);

}  // namespace jiayi::fhir
