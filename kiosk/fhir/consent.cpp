#include "kiosk/fhir/consent.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/signer.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using detail::extension;
using nlohmann::json;

namespace {

// LOINC 59284-0 "Patient Consent": the category R4's examples use.
json consent_category() {
    return json::array({detail::concept_of(kLoinc, "59284-0")});
}

}  // namespace

json to_opt_out_consent(const domain::OptOut& o, const std::string& patient_reference) {
    return {
        {"resourceType", "Consent"},
        {"id", o.id},
        {"extension", json::array({extension(kExtChannel, "valueCode", domain::code(o.channel)),
                                   signer_extension(o.signer)})},
        {"status", "active"},
        {"scope", detail::concept_of(kConsentScopeSystem, "treatment")},
        {"category", consent_category()},
        {"patient", {{"reference", patient_reference}}},
        {"dateTime", domain::to_iso(o.date)},
        {"performer", json::array({signer_reference(o.signer, patient_reference)})},
        {"policyRule", detail::concept_of(kNoticeSystem, o.notice_version)},
        {"provision", {{"type", "deny"}}},
    };
}

Result<domain::OptOut, ParseError> parse_opt_out_consent(const json& resource) {
    return detail::read_guarded<domain::OptOut>([&] {
        Element root(resource, "Consent");
        root.expect_resource("Consent");
        const Element type = root.at("provision").at("type");
        if (type.string() != "deny") {
            detail::bad(type.path(), "an opt-out denies");
        }
        domain::OptOut o;
        o.id = root.string("id");
        o.resident_id = root.at("patient").reference_id("Patient");
        o.date = root.at("dateTime").date();
        o.notice_version = root.at("policyRule").code_in(kNoticeSystem);
        if (auto channel = root.extension(kExtChannel)) {
            const Element value = channel->at("valueCode");
            o.channel = detail::known(domain::channel_from_code(value.string()), value, "channel");
        }
        if (auto signer = root.extension(kExtSigner)) {
            o.signer = read_signer_extension(*signer);
        }
        return o;
    });
}

json to_privacy_consent(const PrivacyConsent& c, const std::string& patient_reference) {
    return {
        {"resourceType", "Consent"},
        {"id", c.id},
        {"status", "active"},
        {"scope", detail::concept_of(kConsentScopeSystem, "patient-privacy")},
        {"category", consent_category()},
        {"patient", {{"reference", patient_reference}}},
        {"dateTime", domain::to_iso(c.date)},
        {"policyRule", detail::concept_of(kNoticeSystem, c.notice_version)},
        {"provision", {{"type", "permit"}}},
    };
}

}  // namespace jiayi::fhir
