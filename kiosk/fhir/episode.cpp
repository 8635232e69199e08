#include "kiosk/fhir/episode.hpp"

#include "kiosk/fhir/element.hpp"
#include "kiosk/fhir/patient.hpp"
#include "kiosk/fhir/signer.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::fhir {

using detail::Element;
using detail::extension;
using detail::known;
using nlohmann::json;

namespace {

std::string_view fhir_status(domain::ContractStatus status) {
    switch (status) {
        case domain::ContractStatus::Active:
            return "active";
        case domain::ContractStatus::Superseded:
        case domain::ContractStatus::Terminated:
            return "finished";
        case domain::ContractStatus::Cancelled:
            break;
    }
    return "cancelled";
}

json fee_line(const domain::FeeLine& line) {
    return {{"url", kExtFeeLine},
            {"extension", json::array({
                              extension("package", "valueCoding",
                                        detail::coding(kServicePackageSystem, line.package_id)),
                              extension("payer", "valueCode", domain::code(line.payer)),
                              extension("amount", "valueMoney", detail::money(line.amount)),
                          })}};
}

domain::FeeLine read_fee_line(const Element& ext) {
    domain::FeeLine line;
    auto part = [&](std::string_view url) {
        auto found = ext.extension(url);
        if (!found) {
            detail::bad(ext.path() + ".extension", "no " + std::string(url));
        }
        return *found;
    };
    line.package_id = part("package").at("valueCoding").string("code");
    const Element payer = part("payer").at("valueCode");
    line.payer = known(domain::payer_from_code(payer.string()), payer, "payer");
    line.amount = part("amount").at("valueMoney").money();
    return line;
}

}  // namespace

json to_episode_of_care(const Episode& episode, const std::string& patient_reference) {
    const domain::Contract& c = episode.contract;
    json ext = json::array();
    ext.push_back(extension(kExtContractStatus, "valueCode", domain::code(c.status)));
    for (const auto& id : c.package_ids) {
        ext.push_back(
            extension(kExtPackage, "valueCoding", detail::coding(kServicePackageSystem, id)));
    }
    for (const auto& line : c.fees.lines) {
        ext.push_back(fee_line(line));
    }
    ext.push_back(extension(kExtChannel, "valueCode", domain::code(c.channel)));
    ext.push_back(signer_extension(c.signer));
    if (!c.previous_id.empty()) {
        ext.push_back(extension(kExtPreviousEpisode, "valueReference",
                                detail::reference("EpisodeOfCare", c.previous_id)));
    }
    if (!c.hospitals.secondary.empty() || !c.hospitals.tertiary.empty()) {
        json parts = json::array();
        if (!c.hospitals.secondary.empty()) {
            parts.push_back(extension("secondary", "valueReference",
                                      detail::reference("Organization", c.hospitals.secondary)));
        }
        if (!c.hospitals.tertiary.empty()) {
            parts.push_back(extension("tertiary", "valueReference",
                                      detail::reference("Organization", c.hospitals.tertiary)));
        }
        ext.push_back({{"url", kExtHospitals}, {"extension", std::move(parts)}});
    }
    if (c.end_reason) {
        json parts = json::array({extension("reason", "valueCode", domain::code(*c.end_reason))});
        if (!c.end_note.empty()) {
            parts.push_back(extension("note", "valueString", c.end_note));
        }
        ext.push_back({{"url", kExtEndReason}, {"extension", std::move(parts)}});
    }
    if (c.cross_region) {
        ext.push_back(extension(kExtCrossRegion, "valueBoolean", true));
    }
    if (episode.back_fill) {
        const BackFill& b = *episode.back_fill;
        ext.push_back(
            {{"url", kExtBackFill},
             {"extension", json::array({
                               extension("signed-on", "valueDate", domain::to_iso(b.signed_on)),
                               extension("form", "valueIdentifier",
                                         detail::identifier(kPaperFormSystem, b.form_number)),
                               extension("entered-by", "valueIdentifier",
                                         detail::identifier(kStaffSystem, b.entered_by)),
                           })}});
    }
    return {
        {"resourceType", "EpisodeOfCare"},
        {"id", c.id},
        {"extension", std::move(ext)},
        {"status", fhir_status(c.status)},
        {"type", json::array({detail::concept_of(kContractTypeSystem, domain::code(c.type))})},
        {"patient", {{"reference", patient_reference}}},
        {"managingOrganization", detail::reference("Organization", c.team_id)},
        {"period", {{"start", domain::to_iso(c.start)}, {"end", domain::to_iso(c.end)}}},
    };
}

Result<Episode, ParseError> parse_episode_of_care(const json& resource) {
    return detail::read_guarded<Episode>([&] {
        Element root(resource, "EpisodeOfCare");
        root.expect_resource("EpisodeOfCare");
        Episode episode;
        domain::Contract& c = episode.contract;
        c.id = root.string("id");
        c.resident_id = root.at("patient").reference_id("Patient");
        c.team_id = root.at("managingOrganization").reference_id("Organization");
        const Element period = root.at("period");
        c.start = period.at("start").date();
        c.end = period.at("end").date();
        const Element type = root.first("type");
        c.type = known(domain::contract_type_from_code(type.code_in(kContractTypeSystem)), type,
                       "contract type");

        // Without our status extension (a contract from another system), the
        // FHIR status says what it can: finished reads as superseded.
        const Element status = root.at("status");
        if (auto ext = root.extension(kExtContractStatus)) {
            const Element value = ext->at("valueCode");
            c.status = known(domain::contract_status_from_code(value.string()), value, "status");
        } else if (status.string() == "active") {
            c.status = domain::ContractStatus::Active;
        } else if (status.string() == "finished") {
            c.status = domain::ContractStatus::Superseded;
        } else if (status.string() == "cancelled") {
            c.status = domain::ContractStatus::Cancelled;
        } else {
            detail::bad(status.path(), "not a contract status");
        }

        for (auto& ext : root.extensions(kExtPackage)) {
            c.package_ids.push_back(ext.at("valueCoding").string("code"));
        }
        for (auto& ext : root.extensions(kExtFeeLine)) {
            c.fees.lines.push_back(read_fee_line(ext));
        }
        if (auto ext = root.extension(kExtChannel)) {
            const Element value = ext->at("valueCode");
            c.channel = known(domain::channel_from_code(value.string()), value, "channel");
        }
        if (auto ext = root.extension(kExtSigner)) {
            c.signer = read_signer_extension(*ext);
        }
        if (auto ext = root.extension(kExtPreviousEpisode)) {
            c.previous_id = ext->at("valueReference").reference_id("EpisodeOfCare");
        }
        if (auto ext = root.extension(kExtHospitals)) {
            if (auto s = ext->extension("secondary")) {
                c.hospitals.secondary = s->at("valueReference").reference_id("Organization");
            }
            if (auto t = ext->extension("tertiary")) {
                c.hospitals.tertiary = t->at("valueReference").reference_id("Organization");
            }
        }
        if (auto ext = root.extension(kExtEndReason)) {
            const Element value = ext->extension("reason").value_or(*ext).at("valueCode");
            c.end_reason = known(domain::end_reason_from_code(value.string()), value, "end reason");
            if (auto note = ext->extension("note")) {
                c.end_note = note->string("valueString");
            }
        }
        if (auto ext = root.extension(kExtCrossRegion)) {
            c.cross_region = ext->at("valueBoolean").boolean();
        }
        if (auto ext = root.extension(kExtBackFill)) {
            BackFill b;
            auto part = [&](std::string_view url) {
                auto found = ext->extension(url);
                if (!found) {
                    detail::bad(ext->path() + ".extension", "no " + std::string(url));
                }
                return *found;
            };
            b.signed_on = part("signed-on").at("valueDate").date();
            b.form_number = part("form").at("valueIdentifier").string("value");
            b.entered_by = part("entered-by").at("valueIdentifier").string("value");
            episode.back_fill = b;
        }
        return episode;
    });
}

}  // namespace jiayi::fhir
