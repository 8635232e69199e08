#pragma once
// Consents as FHIR Consent (protocols/hub-fhir.md, "Resources": opt-out).
//
// 拒签 (an opt-out): the resident declines family-doctor signing and signs
// the informed notice (知情告知书): provision.type = deny, the notice's
// version as policyRule (invariant ppc-1 asks for a policy or a policyRule),
// scope treatment. Its signature is a Provenance targeting the Consent.
//
// Privacy consent (given at a first signing): provision.type = permit,
// scope patient-privacy, the privacy notice's version as policyRule.

#include <nlohmann/json.hpp>
#include <string>

#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

nlohmann::json to_opt_out_consent(const domain::OptOut& opt_out,
                                  const std::string& patient_reference);
// resident_id is the id in the patient reference.
Result<domain::OptOut, ParseError> parse_opt_out_consent(const nlohmann::json& consent);

struct PrivacyConsent {
    std::string id;  // a kiosk UUID
    domain::Date date;
    std::string notice_version;
};

nlohmann::json to_privacy_consent(const PrivacyConsent& consent,
                                  const std::string& patient_reference);

}  // namespace jiayi::fhir
