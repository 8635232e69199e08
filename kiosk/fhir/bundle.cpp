#include "kiosk/fhir/bundle.hpp"

namespace jiayi::fhir {

using nlohmann::json;

BundleEntry put(json resource) {
    const std::string url =
        resource.at("resourceType").get<std::string>() + "/" + resource.at("id").get<std::string>();
    return {url, std::move(resource), url, std::nullopt};
}

json transaction(const std::vector<BundleEntry>& entries) {
    json list = json::array();
    for (const auto& e : entries) {
        json request = {{"method", "PUT"}, {"url", e.url}};
        if (e.if_match) {
            request["ifMatch"] = *e.if_match;
        }
        list.push_back({{"fullUrl", e.full_url}, {"resource", e.resource}, {"request", request}});
    }
    return {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", std::move(list)}};
}

std::string resident_urn(const Resident& resident) {
    return "urn:uuid:" + resident.id;
}

BundleEntry patient_entry(const Resident& resident) {
    return {resident_urn(resident), to_patient(resident), patient_search(resident.document),
            std::nullopt};
}

json signing_bundle(const SigningSubmission& s) {
    const std::string patient = resident_urn(s.resident);
    std::vector<BundleEntry> entries{patient_entry(s.resident)};
    entries.push_back(put(to_episode_of_care(s.episode, patient)));
    if (s.signature) {
        SignatureEvidence signature = *s.signature;
        signature.target = "EpisodeOfCare/" + s.episode.contract.id;
        entries.push_back(put(to_provenance(signature, patient)));
    }
    if (s.privacy_consent) {
        entries.push_back(put(to_privacy_consent(*s.privacy_consent, patient)));
    }
    return transaction(entries);
}

json opt_out_bundle(const OptOutSubmission& s) {
    const std::string patient = resident_urn(s.resident);
    SignatureEvidence signature = s.signature;
    signature.target = "Consent/" + s.opt_out.id;
    return transaction({patient_entry(s.resident), put(to_opt_out_consent(s.opt_out, patient)),
                        put(to_provenance(signature, patient))});
}

}  // namespace jiayi::fhir
