#pragma once
// Transaction Bundles the kiosk sends (protocols/hub-fhir.md, "Exactly
// once"). Every record is `PUT [type]/[kiosk uuid]`; the resident is a
// conditional `PUT Patient?identifier=system|value` whose fullUrl is
// `urn:uuid:[kiosk resident id]`, so the other entries reference the
// resident by that urn and the hub rewrites it to its own Patient id. A
// transaction is all or nothing on the hub.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/fhir/consent.hpp"
#include "kiosk/fhir/episode.hpp"
#include "kiosk/fhir/patient.hpp"
#include "kiosk/fhir/provenance.hpp"

namespace jiayi::fhir {

struct BundleEntry {
    std::string full_url;  // "urn:uuid:…" or the resource's own URL
    nlohmann::json resource;
    std::string url;  // the request: "EpisodeOfCare/[id]", "Patient?identifier=…"
    std::optional<std::string> if_match;  // W/"3": a versioned update
};

// A PUT entry for a resource with an id: "[type]/[id]".
BundleEntry put(nlohmann::json resource);

nlohmann::json transaction(const std::vector<BundleEntry>& entries);

// The Patient entry every resident's Bundle starts with.
BundleEntry patient_entry(const Resident& resident);
// "urn:uuid:[resident id]": how the other entries of the Bundle name the resident.
std::string resident_urn(const Resident& resident);

// A signing, renewal, switch or back-fill, as the kiosk recorded it: the new
// contract, its signature, and the privacy consent given on this visit.
// The contracts it ended (ContractChange::updated) are not sent: the hub
// holds one active contract per resident and, from the new contract's type
// (renewal, switch) or a lapsed term, finishes the previous one itself in
// the same transaction (hub/README.md "Renewals and switches"). A PUT of the
// kiosk's copy would be a second, different change of a record the hub
// versions (409 without If-Match, and the kiosk does not know its version).
struct SigningSubmission {
    Resident resident;
    Episode episode;                             // the new contract
    std::optional<SignatureEvidence> signature;  // absent only for a back-fill from paper
    std::optional<PrivacyConsent> privacy_consent;
};
nlohmann::json signing_bundle(const SigningSubmission& signing);

struct OptOutSubmission {
    Resident resident;
    domain::OptOut opt_out;
    SignatureEvidence signature;  // its target is set to the Consent
};
nlohmann::json opt_out_bundle(const OptOutSubmission& opt_out);

}  // namespace jiayi::fhir
