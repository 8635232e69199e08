#include "kiosk/fhir/provenance.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/signer.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using nlohmann::json;

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// ASTM E1762: 1.2.840.10065.1.12.1.1 is the author's signature; a guardian
// or proxy signs as 1.2.840.10065.1.12.1.7 (consent signature: for someone).
std::string_view signature_type(domain::SignerRole role) {
    return role == domain::SignerRole::Self ? "1.2.840.10065.1.12.1.1" : "1.2.840.10065.1.12.1.7";
}

json agent(std::string_view type, json who) {
    return {{"type", detail::concept_of(kProvenanceAgentTypeSystem, type)},
            {"who", std::move(who)}};
}

}  // namespace

std::string to_base64(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t n =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i + 1 == bytes.size()) {
        const std::uint32_t n = std::uint32_t{bytes[i]} << 16;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const std::uint32_t n =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> from_base64(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t n = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            std::uint32_t v = 0;
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
            } else if (pad > 0) {
                return std::nullopt;  // data after padding
            } else {
                const auto at = kAlphabet.find(c);
                if (at == std::string_view::npos) {
                    return std::nullopt;
                }
                v = static_cast<std::uint32_t>(at);
            }
            n = (n << 6) | v;
        }
        out.push_back(static_cast<std::uint8_t>(n >> 16));
        if (pad < 2) {
            out.push_back(static_cast<std::uint8_t>((n >> 8) & 0xff));
        }
        if (pad < 1) {
            out.push_back(static_cast<std::uint8_t>(n & 0xff));
        }
    }
    return out;
}

json to_provenance(const SignatureEvidence& e, const std::string& patient_reference) {
    const json who = signer_reference(e.signer, patient_reference);
    const std::string when = to_iso8601(e.signed_at);
    json signer_agent = agent("author", who);
    if (e.signer.role != domain::SignerRole::Self) {
        signer_agent["onBehalfOf"] = {{"reference", patient_reference}};
    }
    json agents = json::array({std::move(signer_agent)});
    agents.push_back(agent("assembler", detail::reference("Device", e.kiosk_id)));
    if (!e.operator_id.empty()) {
        agents.push_back(
            agent("enterer", {{"type", "Practitioner"},
                              {"identifier", detail::identifier(kStaffSystem, e.operator_id)}}));
    }
    return {
        {"resourceType", "Provenance"},
        {"id", e.id},
        // Who signed, and as what (guardian, proxy and relation), as on the contract.
        {"extension", json::array({signer_extension(e.signer)})},
        {"target", json::array({{{"reference", e.target}}})},
        {"recorded", when},
        {"agent", std::move(agents)},
        {"signature", json::array({{
                          {"type", json::array({detail::coding(kSignatureTypeSystem,
                                                               signature_type(e.signer.role))})},
                          {"when", when},
                          {"who", who},
                          {"sigFormat", "image/png"},
                          {"data", to_base64(e.png)},
                      }})},
    };
}

Result<SignatureEvidence, ParseError> parse_provenance(const json& resource) {
    return detail::read_guarded<SignatureEvidence>([&] {
        Element root(resource, "Provenance");
        root.expect_resource("Provenance");
        SignatureEvidence e;
        e.id = root.string("id");
        e.target = root.first("target").string("reference");
        e.signed_at = root.at("recorded").instant();
        const Element signature = root.first("signature");
        const Element data = signature.at("data");
        auto png = from_base64(data.string());
        if (!png) {
            detail::bad(data.path(), "not base64");
        }
        e.png = std::move(*png);
        for (auto& a : root.items("agent")) {
            const std::string type = a.at("type").code_in(kProvenanceAgentTypeSystem);
            const Element who = a.at("who");
            if (type == "assembler") {
                e.kiosk_id = who.reference_id("Device");
            } else if (type == "enterer") {
                e.operator_id = who.at("identifier").string("value");
            }
        }
        if (auto signer = root.extension(kExtSigner)) {
            e.signer = read_signer_extension(*signer);
        }
        return e;
    });
}

}  // namespace jiayi::fhir
