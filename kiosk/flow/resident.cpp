#include "kiosk/flow/resident.hpp"

#include "kiosk/flow/center.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;

namespace {

// What a refused record was, for the resident's sentence: "signing",
// "renewal", "switch", "termination", "opt-out", or "record" (a privacy
// consent alone, or a contract this kiosk no longer holds). A contract the
// center refused as created is cancelled here (Store::refuse); one that
// stands was refused as changed: its end, recorded by a nurse.
std::string refused_record(const store::OutboxEntry& e,
                           const std::vector<domain::Contract>& contracts) {
    if (e.record_type == "opt-out") {
        return "opt-out";
    }
    if (e.record_type != "contract") {
        return "record";
    }
    for (const auto& c : contracts) {
        if (c.id != e.record_id) {
            continue;
        }
        if (c.status != domain::ContractStatus::Cancelled) {
            return "termination";
        }
        switch (c.type) {
            case domain::ContractType::New:
                return "signing";
            case domain::ContractType::Renewal:
                return "renewal";
            case domain::ContractType::Switch:
                return "switch";
        }
    }
    return "record";
}

// The store keeps the center's refusals per outbox entry, without personal
// data; the list is short (a refusal is rare), so it is read whole. A
// record's signature is refused with it and says nothing more.
CenterRefusal latest_refusal(Context& ctx, const std::string& resident_id,
                             const std::vector<domain::Contract>& contracts) {
    CenterRefusal latest;
    for (const auto& e : ctx.store.refused_entries().value_or({})) {
        if (e.resident_id == resident_id && e.record_type != "signature") {
            // Oldest first: the last one wins.
            latest = {refused_record(e, contracts), known_refusal(e.refusal_code)};
        }
    }
    return latest;
}

}  // namespace

bool Resident::needs_guardian(const Context& ctx) const {
    return domain::needs_guardian(facts.document, ctx.today(), ctx.config.rules.contract);
}

const domain::Team* Resident::team(const std::string& id) const {
    for (const auto& t : teams) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

void Resident::refresh(Context& ctx) {
    facts.contracts = ctx.store.contracts_of(record.id).value_or({});
    standing = domain::standing_on(facts.contracts, ctx.today(), ctx.config.rules.contract);
    center_refusal = latest_refusal(ctx, record.id, facts.contracts);
}

void Resident::classify(Context& ctx) {
    // The registry flags as the hub last gave them (this resident's own
    // answer, or the township's pulled list: kiosk/sync/pull.hpp) name the
    // resident's key populations today; before any, those on file stand.
    // What is found here is also what the record keeps.
    if (auto registry = ctx.store.registry_populations(record.document.number, ctx.today());
        registry && registry.value()) {
        record.registry_populations = *registry.value();
    }
    facts.populations =
        domain::classify(record.document.birth_date, ctx.today(), record.registry_populations,
                         record.declared_populations, ctx.config.rules.populations);
}

void Resident::take_flags(Context& ctx, const std::vector<HubFlag>& flags) {
    store::RegistryEntry entry;
    entry.document_number = record.document.number;
    for (const HubFlag& f : flags) {
        entry.flags.push_back({f.population, f.start, f.end});
    }
    if (ctx.store.keep_registry_entry(entry)) {
        classify(ctx);
    }  // else the flags on file stand
}

void Resident::scrub() {
    detail::scrub(record.name);
    detail::scrub(record.address);
    detail::scrub(record.phone);
    detail::scrub(record.document.number);
    detail::scrub(facts.document.number);
}

std::optional<Resident> identify(Context& ctx, const domain::Document& document,
                                 const CardData& card) {
    Resident r;
    auto known = ctx.store.find_resident(document.number);
    if (!known) {
        ctx.nav.show("store-failed");
        return std::nullopt;
    }
    if (known.value()) {
        r.record = std::move(*known.value());
        if (!card.name.empty()) {
            r.record.name = card.name;
        }
        if (!card.address.empty()) {
            r.record.address = card.address;
        }
        r.record.document = document;
    } else {
        r.record.id = ctx.ids();
        r.record.document = document;
        r.record.name = card.name;
        r.record.address = card.address;
    }
    auto contracts = ctx.store.contracts_of(r.record.id);
    if (!contracts) {
        ctx.nav.show("store-failed");
        return std::nullopt;
    }
    const auto& rules = ctx.config.rules;
    r.facts.resident_id = r.record.id;
    r.facts.document = document;
    r.classify(ctx);
    r.facts.insurance = r.record.insurance;
    r.facts.has_privacy_consent = r.record.privacy_consent;
    r.facts.contracts = std::move(contracts).value();
    r.standing = domain::standing_on(r.facts.contracts, ctx.today(), rules.contract);
    r.teams = ctx.store.teams().value_or({});
    r.center_refusal = latest_refusal(ctx, r.record.id, r.facts.contracts);
    return r;
}

}  // namespace jiayi::flow
