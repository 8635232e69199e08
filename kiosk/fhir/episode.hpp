#pragma once
// A signing contract as a FHIR EpisodeOfCare (protocols/hub-fhir.md,
// "Resources": signing contract, termination, back-filled contract).
//
//   status            active | finished (superseded, terminated) | cancelled;
//                     the domain's own status in kExtContractStatus, so
//                     superseded and terminated stay apart
//   patient           the reference the caller gives (urn:uuid: inside a
//                     signing Bundle, a conditional reference, Patient/[id])
//   managingOrganization  Organization/[team]
//   period            start, end (the inclusive last day)
//   type              kContractTypeSystem: new | renewal | switch
//   extensions        packages, fee lines (Money), channel, signer,
//                     previous episode, 1+1+1 hospitals, end reason,
//                     cross-region, back-fill

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

// A contract signed on paper and entered later by a nurse or `jiayi-hub
// import contracts` (seed 000 §四): marked as such on the hub.
struct BackFill {
    domain::Date signed_on;   // the date on the paper form
    std::string form_number;  // the paper form's number
    std::string entered_by;   // the staff member who entered it
};

struct Episode {
    domain::Contract contract;
    std::optional<BackFill> back_fill;
};

nlohmann::json to_episode_of_care(const Episode& episode, const std::string& patient_reference);

// The contract's resident_id is the id in the patient reference (the kiosk's
// UUID inside a signing Bundle, the hub's Patient id in the hub's answers).
Result<Episode, ParseError> parse_episode_of_care(const nlohmann::json& episode);

}  // namespace jiayi::fhir
