#include "kiosk/fhir/signer.hpp"

#include "kiosk/fhir/patient.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using detail::extension;
using nlohmann::json;

json signer_extension(const domain::Signer& signer) {
    json parts = json::array({extension("role", "valueCode", domain::code(signer.role))});
    if (!signer.relation.empty()) {
        parts.push_back(extension("relation", "valueString", signer.relation));
    }
    if (signer.document) {
        parts.push_back(extension(
            "document", "valueIdentifier",
            detail::identifier(identifier_system(signer.document->kind), signer.document->number)));
    }
    return {{"url", kExtSigner}, {"extension", std::move(parts)}};
}

domain::Signer read_signer_extension(const Element& ext) {
    domain::Signer signer;
    auto role = ext.extension("role");
    if (!role) {
        detail::bad(ext.path() + ".extension", "no role");
    }
    const Element code = role->at("valueCode");
    signer.role = detail::known(domain::signer_role_from_code(code.string()), code, "signer role");
    if (auto relation = ext.extension("relation")) {
        signer.relation = relation->string("valueString");
    }
    if (auto document = ext.extension("document")) {
        // The signer's document is kept as written: its kind from the system,
        // its number as is (the kiosk checked it when it was entered).
        const Element id = document->at("valueIdentifier");
        const std::string system = id.string("system");
        domain::Document d;
        d.number = id.string("value");
        bool found = false;
        for (auto kind :
             {domain::DocumentKind::ResidentId, domain::DocumentKind::HmtPermit,
              domain::DocumentKind::ForeignerPermanent2017,
              domain::DocumentKind::ForeignerPermanent2023, domain::DocumentKind::Other}) {
            if (identifier_system(kind) == system) {
                d.kind = kind;
                found = true;
            }
        }
        if (!found) {
            detail::bad(id.path() + ".system", "not a document system");
        }
        signer.document = d;
    }
    return signer;
}

json signer_reference(const domain::Signer& signer, const std::string& patient_reference) {
    if (signer.role == domain::SignerRole::Self || !signer.document) {
        return {{"reference", patient_reference}};
    }
    return {{"type", "RelatedPerson"},
            {"identifier", detail::identifier(identifier_system(signer.document->kind),
                                              signer.document->number)}};
}

}  // namespace jiayi::fhir
