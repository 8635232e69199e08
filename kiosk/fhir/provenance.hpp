#pragma once
// A handwritten signature as a FHIR Provenance (protocols/hub-fhir.md,
// "Resources": signature): it targets the record signed (the EpisodeOfCare,
// or the Consent of an opt-out), carries the PNG in signature.data with
// `who` = the signer, and names its agents: the signer (author), the
// kiosk's Device (assembler) and the assisting nurse (enterer), when there
// was one.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

struct SignatureEvidence {
    std::string id;      // the signature's UUID on the kiosk
    std::string target;  // "EpisodeOfCare/[id]" or "Consent/[id]"
    Instant signed_at;
    std::vector<std::uint8_t> png;
    domain::Signer signer;
    std::string kiosk_id;     // the Device's id
    std::string operator_id;  // the assisting nurse, or empty
};

nlohmann::json to_provenance(const SignatureEvidence& evidence,
                             const std::string& patient_reference);
Result<SignatureEvidence, ParseError> parse_provenance(const nlohmann::json& provenance);

// RFC 4648 base64, as FHIR's base64Binary.
std::string to_base64(const std::vector<std::uint8_t>& bytes);
std::optional<std::vector<std::uint8_t>> from_base64(std::string_view text);

}  // namespace jiayi::fhir
