// POST [base]/$reconcile — a kiosk's daily ledger digest against the hub's
// records of that kiosk and day (seed 000 §一: 台账和系统报表数据一致;
// protocols/hub-fhir.md, "Reconciliation"). The kiosk is the caller (its
// token), so a kiosk can compare only its own day.
//
//   in   Parameters: date (valueDate, the kiosk's local day), contracts and
//        optOuts (valueInteger), digest (valueString, BLAKE2b-256 hex over
//        the canonical lines, hub/admin/reconcile.hpp)
//   out  Parameters: agrees (valueBoolean), the hub's contracts, optOuts and
//        digest, and when it does not agree one `record` (valueString) per
//        record the hub holds for that day: its canonical line — ids, types,
//        statuses, teams, dates and totals, nothing personal — so the kiosk
//        can name the records that differ.

#include "hub/fhir/json_text.hpp"
#include "hub/store/hub_service.hpp"
#include "hub/store/reports.hpp"

namespace jiayi::hub::store {

namespace {

using nlohmann::json;

fhir::Answer invalid(std::string diagnostics) {
    return fhir::answer(fhir::Refusal{400, std::string(fhir::refusal::invalid),
                                      std::move(diagnostics), "Parameters"});
}

const json* parameter(const json& parameters, std::string_view name) {
    const auto list = parameters.find("parameter");
    if (list == parameters.end() || !list->is_array()) {
        return nullptr;
    }
    for (const auto& p : *list) {
        if (p.is_object() && p.value("name", "") == name) {
            return &p;
        }
    }
    return nullptr;
}

json named(std::string_view name, std::string_view kind, json value) {
    return {{"name", name}, {std::string(kind), std::move(value)}};
}

}  // namespace

fhir::Answer reconcile_operation(db::Database& database, const HubRules& rules,
                                 const fhir::Caller& caller, const fhir::Request& request) {
    const json in = fhir::parse_json(request.body).value_or(json());
    if (!in.is_object() || in.value("resourceType", "") != "Parameters") {
        return invalid("$reconcile takes a Parameters resource");
    }
    const json* date = parameter(in, "date");
    const json* contracts = parameter(in, "contracts");
    const json* opt_outs = parameter(in, "optOuts");
    const json* digest = parameter(in, "digest");
    if (date == nullptr || contracts == nullptr || opt_outs == nullptr || digest == nullptr) {
        return invalid("$reconcile needs date, contracts, optOuts and digest");
    }
    const auto day = domain::parse_iso_date(date->value("valueDate", ""));
    const json count_c = contracts->value("valueInteger", json());
    const json count_o = opt_outs->value("valueInteger", json());
    const std::string hex = digest->value("valueString", "");
    if (!day || !count_c.is_number_integer() || !count_o.is_number_integer() || hex.size() != 64) {
        return invalid(
            "$reconcile: date is YYYY-MM-DD, contracts and optOuts integers, digest 64 hex digits");
    }
    auto records = ledger_records(database, caller.kiosk, *day, rules.utc_offset_minutes);
    if (!records) {
        return fhir::answer(records.error());
    }
    const admin::LedgerDigest kiosk{*day, count_c.get<std::int64_t>(), count_o.get<std::int64_t>(),
                                    hex};
    const admin::LedgerDigest hub = admin::digest_of(*day, records.value());
    const bool agrees = hub.contracts == kiosk.contracts && hub.opt_outs == kiosk.opt_outs &&
                        hub.blake2b_hex == kiosk.blake2b_hex;
    json out = {
        {"resourceType", "Parameters"},
        {"parameter",
         {named("agrees", "valueBoolean", agrees), named("date", "valueDate", domain::to_iso(*day)),
          named("contracts", "valueInteger", hub.contracts),
          named("optOuts", "valueInteger", hub.opt_outs),
          named("digest", "valueString", hub.blake2b_hex)}}};
    if (!agrees) {
        for (const auto& record : records.value()) {
            out["parameter"].push_back(
                named("record", "valueString", admin::canonical_line(record)));
        }
    }
    fhir::Answer answer;
    answer.body = std::move(out);
    return answer;
}

}  // namespace jiayi::hub::store
