#include "kiosk/sync/outbox_records.hpp"

#include "kiosk/domain/date.hpp"
#include "kiosk/fhir/feedback.hpp"

namespace jiayi::sync::outbox {

using nlohmann::json;

namespace {

bool is_change(const store::PendingEntry& p) {
    return p.entry.record_type == "privacy-consent" ||
           (p.entry.record_type == "contract" && !p.creates);
}

Instant instant_of(const std::string& iso) {
    return parse_iso8601(iso).value_or(Instant{});
}

fhir::Resident fhir_resident(const store::ResidentRecord& r) {
    return {r.id, r.document, r.name, r.phone, r.address};
}

}  // namespace

Grouping group_entries(const std::vector<store::PendingEntry>& page, bool page_full) {
    Grouping out;
    const std::size_t n = page.size();
    std::size_t i = 0;
    auto take = [&](Group group, std::size_t end) {
        for (std::size_t k = i; k < end; ++k) {
            group.entries.push_back(page[k].entry);
        }
        out.last_seq = page[end - 1].entry.seq;
        out.groups.push_back(std::move(group));
        i = end;
    };
    while (i < n) {
        const store::PendingEntry& p = page[i];
        const std::string& type = p.entry.record_type;
        const std::string& resident = p.entry.resident_id;
        auto same_resident = [&](std::size_t k, const char* wanted) {
            return k < n && page[k].entry.resident_id == resident &&
                   page[k].entry.record_type == wanted;
        };
        if (type == "feedback") {
            take({Kind::Feedback, "", {}}, i + 1);
        } else if (type == "opt-out" && p.creates) {
            if (i + 1 == n && page_full) {
                break;
            }
            take({Kind::OptOut, resident, {}}, same_resident(i + 1, "signature") ? i + 2 : i + 1);
        } else if (is_change(p) || (type == "contract" && p.creates)) {
            // A signing's transaction writes: the privacy consent given on
            // the visit, the contracts it ended, the new contract, its
            // signature. Ended contracts written at another moment are a
            // termination of their own.
            std::size_t j = i;
            while (j < n && page[j].entry.resident_id == resident && is_change(page[j])) {
                ++j;
            }
            if (j == n && page_full) {
                break;
            }
            const bool signing = j < n && page[j].entry.resident_id == resident &&
                                 page[j].entry.record_type == "contract" && page[j].creates;
            if (signing) {
                std::size_t first = i;
                // Changes written at another moment than the new contract
                // are not part of its transaction.
                while (first < j && page[first].entry.created_at != page[j].entry.created_at) {
                    ++first;
                }
                if (first > i) {
                    const bool consents = page[i].entry.record_type == "privacy-consent";
                    take({consents && first == i + 1 ? Kind::PrivacyConsent : Kind::Termination,
                          resident,
                          {}},
                         first);
                    continue;
                }
                if (j + 1 == n && page_full) {
                    break;
                }
                take({Kind::Signing, resident, {}},
                     same_resident(j + 1, "signature") ? j + 2 : j + 1);
            } else if (type == "privacy-consent") {
                take({Kind::PrivacyConsent, resident, {}}, i + 1);
            } else {
                std::size_t end = i;
                while (end < j && page[end].entry.record_type == "contract") {
                    ++end;
                }
                take({Kind::Termination, resident, {}}, end);
            }
        } else {
            take({Kind::Unsendable, resident, {}}, i + 1);
        }
    }
    return out;
}

fhir::Episode episode_of(const store::ContractOnFile& c) {
    fhir::Episode episode{c.contract, std::nullopt};
    if (c.back_fill) {
        episode.back_fill = fhir::BackFill{c.back_fill->signed_on, c.back_fill->form_number,
                                           c.back_fill->entered_by};
    }
    return episode;
}

json entries_of(const json& bundle) {
    return bundle.at("entry");
}

Result<json, BuildError> Builder::entries(const Group& g) {
    switch (g.kind) {
        case Kind::Signing:
            return signing(g);
        case Kind::OptOut:
            return opt_out(g);
        case Kind::Feedback:
            return feedback(g);
        case Kind::PrivacyConsent:
            return privacy_consent(g);
        case Kind::Termination:
        case Kind::Unsendable:
            break;
    }
    return fail(BuildError{"no Bundle for this record type"});
}

Result<fhir::Resident, BuildError> Builder::resident(const std::string& id) {
    auto r = found(store_.resident(id), "the resident");
    if (!r) {
        return fail(r.error());
    }
    return fhir_resident(r.value());
}

const store::OutboxEntry* Builder::find(const Group& g, std::string_view type, bool last) {
    const store::OutboxEntry* hit = nullptr;
    for (const auto& e : g.entries) {
        if (e.record_type == type) {
            hit = &e;
            if (!last) {
                break;
            }
        }
    }
    return hit;
}

std::optional<fhir::PrivacyConsent> Builder::consent_of(const Group& g) {
    const store::OutboxEntry* e = find(g, "privacy-consent");
    if (e == nullptr) {
        return std::nullopt;
    }
    const auto at = store_.privacy_consent_at(g.resident_id);
    const std::string when = at && at.value() ? *at.value() : e->created_at;
    // The consent's id is its outbox entry's: the same UUID at every replay.
    return fhir::PrivacyConsent{e->id,
                                domain::local_date(instant_of(when), options_.utc_offset_minutes),
                                options_.privacy_notice_version};
}

Result<std::optional<fhir::SignatureEvidence>, BuildError> Builder::evidence(
    const Group& g, const domain::Signer& signer, const std::string& kiosk,
    const std::string& nurse) {
    const store::OutboxEntry* e = find(g, "signature");
    if (e == nullptr) {
        return std::optional<fhir::SignatureEvidence>();
    }
    auto s = found(store_.signature(e->record_id), "a signature");
    if (!s) {
        return fail(s.error());
    }
    fhir::SignatureEvidence made;
    made.id = s->id;
    made.signed_at = instant_of(s->created_at);
    made.png.assign(s->png.begin(), s->png.end());
    made.signer = signer;
    made.kiosk_id = kiosk;
    made.operator_id = nurse;
    return std::optional<fhir::SignatureEvidence>(std::move(made));
}

Result<json, BuildError> Builder::signing(const Group& g) {
    const store::OutboxEntry* e = find(g, "contract", true);
    auto contract = found(store_.contract(e->record_id), "a contract");
    auto who = resident(g.resident_id);
    if (!contract || !who) {
        return fail(!contract ? contract.error() : who.error());
    }
    fhir::SigningSubmission s;
    s.resident = who.value();
    s.episode = episode_of(contract.value());
    // The contract as it was made (every new one is made active): a
    // later renewal, switch or termination of it is a change record of
    // its own, sent after this one. A resend after a lost answer is then
    // the same body, which the hub answers as the first time, instead of
    // a different one under the same id (a conflict, wrongly refused).
    domain::Contract& made = s.episode.contract;
    made.status = domain::ContractStatus::Active;
    made.end_reason.reset();
    made.end_note.clear();
    if (contract->made_end) {
        made.end = *contract->made_end;
    }
    auto signed_by =
        evidence(g, contract->contract.signer, contract->kiosk_id, contract->operator_id);
    if (!signed_by) {
        return fail(signed_by.error());
    }
    s.signature = signed_by.value();
    s.privacy_consent = consent_of(g);
    return entries_of(fhir::signing_bundle(s));
}

Result<json, BuildError> Builder::opt_out(const Group& g) {
    auto o = found(store_.opt_out(g.entries.front().record_id), "an opt-out");
    auto who = resident(g.resident_id);
    if (!o || !who) {
        return fail(!o ? o.error() : who.error());
    }
    auto signed_by = evidence(g, o->opt_out.signer, o->kiosk_id, o->operator_id);
    if (!signed_by) {
        return fail(signed_by.error());
    }
    if (!signed_by.value()) {
        return fail(BuildError{"an opt-out without its signature"});
    }
    return entries_of(fhir::opt_out_bundle({who.value(), o->opt_out, *signed_by.value()}));
}

Result<json, BuildError> Builder::feedback(const Group& g) {
    auto f = found(store_.feedback(g.entries.front().record_id), "a feedback");
    if (!f) {
        return fail(f.error());
    }
    const std::string about =
        (f->record_type == "opt-out" ? "Consent/" : "EpisodeOfCare/") + f->record_id;
    fhir::FeedbackRecord record{f->id, about, f->feedback, instant_of(f->created_at)};
    return entries_of(fhir::transaction({fhir::put(fhir::to_questionnaire_response(record))}));
}

Result<json, BuildError> Builder::privacy_consent(const Group& g) {
    auto who = resident(g.resident_id);
    if (!who) {
        return fail(who.error());
    }
    const auto consent = consent_of(g);
    return entries_of(fhir::transaction(
        {fhir::patient_entry(who.value()),
         fhir::put(fhir::to_privacy_consent(*consent, fhir::resident_urn(who.value())))}));
}

}  // namespace jiayi::sync::outbox
