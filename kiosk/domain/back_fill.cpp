#include "kiosk/domain/back_fill.hpp"

#include <algorithm>

namespace jiayi::domain {

std::string_view code(BackFillProblem problem) {
    switch (problem) {
        case BackFillProblem::DateInvalid:
            return "date-invalid";
        case BackFillProblem::DateInFuture:
            return "date-in-future";
        case BackFillProblem::DateTooOld:
            return "date-too-old";
        case BackFillProblem::FormNumberInvalid:
            return "form-invalid";
        case BackFillProblem::FormNumberUsed:
            return "form-used";
        case BackFillProblem::TeamUnknown:
            return "team-unknown";
        case BackFillProblem::TeamFull:
            return "team-full";
        case BackFillProblem::TeamClosed:
            return "team-closed";
        case BackFillProblem::GuardianRequired:
            return "guardian-required";
        case BackFillProblem::RelationRequired:
            return "relation-required";
        case BackFillProblem::ContractOnFile:
            return "contract-on-file";
        case BackFillProblem::NoBasicPackage:
            return "no-basic-package";
    }
    return "unknown";
}

Result<Date, BackFillProblem> back_fill_date(std::string_view typed, Date today,
                                             const ContractRules& rules) {
    const auto date = typed.size() == 8 ? parse_compact_date(typed) : std::nullopt;
    if (!date) {
        return fail(BackFillProblem::DateInvalid);
    }
    if (*date > today) {
        return fail(BackFillProblem::DateInFuture);
    }
    // The paper contract must still be in force today.
    if (term_end(*date, rules) < today) {
        return fail(BackFillProblem::DateTooOld);
    }
    return *date;
}

Result<std::string, BackFillProblem> back_fill_form_number(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
            return fail(BackFillProblem::FormNumberInvalid);
        }
        out += c;
    }
    const bool has_alnum = std::any_of(out.begin(), out.end(), [](char c) { return c != '-'; });
    if (out.size() < 4 || out.size() > 20 || !has_alnum) {
        return fail(BackFillProblem::FormNumberInvalid);
    }
    return out;
}

namespace {

// The catalogue's basic package for everyone (no target population).
const Package* basic_package(const Catalogue& catalogue) {
    for (const Package& p : catalogue.packages) {
        if (p.kind == PackageKind::Basic && p.targets.empty()) {
            return &p;
        }
    }
    return nullptr;
}

}  // namespace

Result<BackFillChange, BackFillProblem> back_fill(const ResidentFacts& resident,
                                                  const BackFillEntry& entry, const Team* team,
                                                  const Catalogue& catalogue,
                                                  const SigningRules& rules, Date today,
                                                  std::string new_id) {
    if (entry.signed_on > today) {
        return fail(BackFillProblem::DateInFuture);
    }
    const Date end = term_end(entry.signed_on, rules.contract);
    if (end < today) {
        return fail(BackFillProblem::DateTooOld);
    }
    auto form = back_fill_form_number(entry.form_number);
    if (!form) {
        return fail(form.error());
    }
    if (team == nullptr || team->id != entry.team_id) {
        return fail(BackFillProblem::TeamUnknown);
    }
    if (auto ok = check_team_accepts(*team, rules.team); !ok) {
        return fail(ok.error() == Refusal::TeamClosed ? BackFillProblem::TeamClosed
                                                      : BackFillProblem::TeamFull);
    }
    // Who signed, on the day they signed.
    if (needs_guardian(resident.document, entry.signed_on, rules.contract) &&
        entry.signer.role != SignerRole::Guardian) {
        return fail(BackFillProblem::GuardianRequired);
    }
    if (entry.signer.role != SignerRole::Self && entry.signer.relation.empty()) {
        return fail(BackFillProblem::RelationRequired);
    }
    // One team at a time: no contract on file may run on or after the
    // paper's date (overlapping its term, or following it).
    for (const Contract& c : resident.contracts) {
        if (c.status != ContractStatus::Cancelled && c.end >= entry.signed_on) {
            return fail(BackFillProblem::ContractOnFile);
        }
    }
    const Package* basic = basic_package(catalogue);
    if (basic == nullptr) {
        return fail(BackFillProblem::NoBasicPackage);
    }
    auto fees =
        compute_fees({basic->id}, catalogue, resident.populations, resident.insurance, rules.fees);
    if (!fees) {
        return fail(BackFillProblem::NoBasicPackage);
    }

    BackFillChange out;
    Contract& c = out.change.contract;
    c.id = std::move(new_id);
    c.resident_id = resident.resident_id;
    c.team_id = team->id;
    c.package_ids = {basic->id};
    c.fees = std::move(fees).value();
    c.start = entry.signed_on;
    c.end = end;
    c.type = ContractType::New;
    c.status = ContractStatus::Active;
    c.channel = entry.channel;
    c.signer = entry.signer;
    c.signer.document.reset();
    c.cross_region =
        is_cross_region(resident.document, rules.site.region_code, rules.site.cross_region_level);
    // An earlier contract still marked active (its term ran out) is no
    // longer the latest, as a new signing would leave it.
    for (const Contract& old : resident.contracts) {
        if (old.status == ContractStatus::Active) {
            Contract u = old;
            u.status = ContractStatus::Superseded;
            out.change.updated.push_back(std::move(u));
        }
    }
    out.facts = {entry.signed_on, std::move(form).value(), entry.entered_by};
    return out;
}

}  // namespace jiayi::domain
