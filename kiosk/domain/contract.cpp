#include "kiosk/domain/contract.hpp"

#include <algorithm>
#include <stdexcept>

namespace jiayi::domain {

namespace {

bool counts(const Contract& c) {
    return c.status != ContractStatus::Cancelled;
}

// The chain's last contract: the latest start among those that took effect or
// will; on a tie, the Active one.
const Contract* latest_of(const std::vector<Contract>& contracts) {
    const Contract* latest = nullptr;
    for (const Contract& c : contracts) {
        if (!counts(c)) {
            continue;
        }
        if (latest == nullptr || c.start > latest->start ||
            (c.start == latest->start && c.status == ContractStatus::Active)) {
            latest = &c;
        }
    }
    return latest;
}

const Contract* in_force_on(const std::vector<Contract>& contracts, Date day) {
    for (const Contract& c : contracts) {
        if (counts(c) && c.start <= day && day <= c.end) {
            return &c;
        }
    }
    return nullptr;
}

// In force today, or an active contract yet to start: either blocks a new one.
bool has_open_contract(const std::vector<Contract>& contracts, Date today) {
    if (in_force_on(contracts, today) != nullptr) {
        return true;
    }
    const Contract* latest = latest_of(contracts);
    return latest != nullptr && latest->status == ContractStatus::Active && latest->start > today;
}

Result<void, Refusal> check_hospitals(const HospitalChoice& choice, const Catalogue& catalogue) {
    auto level_ok = [&](const std::string& id, int level) {
        if (id.empty()) {
            return true;
        }
        const Hospital* h = catalogue.hospital(id);
        return h != nullptr && h->level == level;
    };
    if (!level_ok(choice.secondary, 2) || !level_ok(choice.tertiary, 3)) {
        return fail(Refusal::HospitalInvalid);
    }
    return Ok{};
}

// How a signed action meets the team's rules (rules.md, "Teams"): a team
// closed to new signings takes no new member, but renewing is no new signing;
// a member whose contract has ended takes a place again, one still under
// contract is already counted.
enum class TeamEntry {
    Joins,    // a new signing or a switch: the team must be open and have room
    Returns,  // a renewal after the end: room is needed, closed or not
    Stays,    // a renewal before the end: nothing to check
};

// The checks every signed action shares, in the order a resident meets them
// on the screens: who signs, consent, signature, team, packages, hospitals.
Result<FeeBreakdown, Refusal> check_signing(const ResidentFacts& resident,
                                            const SigningChoice& choice, const Team& team,
                                            TeamEntry entry, const Catalogue& catalogue,
                                            const SigningRules& rules, Date today) {
    if (auto ok = check_signer(resident.document, choice.signer, today, rules.contract); !ok) {
        return fail(ok.error());
    }
    if (!resident.has_privacy_consent && !choice.privacy_consent) {
        return fail(Refusal::ConsentRequired);
    }
    if (!choice.signature) {
        return fail(Refusal::SignatureRequired);
    }
    if (entry == TeamEntry::Joins) {
        if (auto ok = check_team_accepts(team, rules.team); !ok) {
            return fail(ok.error());
        }
    } else if (entry == TeamEntry::Returns && places_left(team, rules.team) <= 0) {
        return fail(Refusal::TeamFull);
    }
    auto fees = compute_fees(choice.package_ids, catalogue, resident.populations,
                             resident.insurance, rules.fees);
    if (!fees) {
        return fees;
    }
    if (auto ok = check_hospitals(choice.hospitals, catalogue); !ok) {
        return fail(ok.error());
    }
    return fees;
}

Contract make_contract(const ResidentFacts& resident, const SigningChoice& choice, const Team& team,
                       FeeBreakdown fees, const SigningRules& rules, Date start, ContractType type,
                       std::string id) {
    Contract c;
    c.id = std::move(id);
    c.resident_id = resident.resident_id;
    c.team_id = team.id;
    c.package_ids = choice.package_ids;
    c.fees = std::move(fees);
    c.hospitals = choice.hospitals;
    c.start = start;
    c.end = term_end(start, rules.contract);
    c.type = type;
    c.status = ContractStatus::Active;
    c.channel = choice.channel;
    c.signer = choice.signer;
    c.cross_region =
        is_cross_region(resident.document, rules.site.region_code, rules.site.cross_region_level);
    return c;
}

// Any other Active contract stops being the latest once a new one is written.
void supersede_others(const std::vector<Contract>& contracts, const std::string& except_id,
                      std::optional<EndReason> reason, std::vector<Contract>& updated) {
    for (const Contract& c : contracts) {
        if (c.status == ContractStatus::Active && c.id != except_id) {
            Contract u = c;
            u.status = ContractStatus::Superseded;
            u.end_reason = reason;
            updated.push_back(std::move(u));
        }
    }
}

}  // namespace

Channel record_channel(Channel configured, bool assisted) {
    if (configured == Channel::OnSiteEvent) {
        return configured;
    }
    return assisted ? Channel::NurseAssisted : configured;
}

Date term_end(Date start, const ContractRules& rules) {
    return add_days(anniversary(start, rules.term_years), -1);
}

RenewalWindow renewal_window(Date end, const ContractRules& rules) {
    return {add_days(end, -rules.renewal_days_before), add_days(end, rules.renewal_days_after)};
}

ContractStanding standing_on(const std::vector<Contract>& contracts, Date today,
                             const ContractRules& rules) {
    ContractStanding result;
    const Contract* latest = latest_of(contracts);
    if (latest == nullptr) {
        return result;
    }
    result.latest = *latest;
    const Contract* current = in_force_on(contracts, today);
    if (current != nullptr) {
        result.current = *current;
    }
    if (current != nullptr || latest->start > today) {
        result.days_left = days_between(today, latest->end);
        const bool window_open = latest->status == ContractStatus::Active &&
                                 renewal_window(latest->end, rules).contains(today);
        result.standing = window_open ? Standing::ExpiringSoon : Standing::Active;
        return result;
    }
    if (latest->status == ContractStatus::Terminated) {
        result.standing = Standing::Terminated;
    } else if (renewal_window(latest->end, rules).contains(today)) {
        result.standing = Standing::Lapsed;
    } else {
        result.standing = Standing::Expired;
    }
    return result;
}

bool needs_guardian(const Document& resident, Date today, const ContractRules& rules) {
    return resident.birth_date &&
           age_on(*resident.birth_date, today) < rules.guardian_required_under;
}

Result<void, Refusal> check_signer(const Document& resident, const Signer& signer, Date today,
                                   const ContractRules& rules) {
    if (needs_guardian(resident, today, rules) && signer.role != SignerRole::Guardian) {
        return fail(Refusal::GuardianRequired);
    }
    if (signer.role == SignerRole::Self) {
        return Ok{};
    }
    if (!signer.document || signer.relation.empty() || signer.document->number == resident.number) {
        return fail(Refusal::ProxyIncomplete);
    }
    if (signer.document->birth_date &&
        age_on(*signer.document->birth_date, today) < rules.adult_age) {
        return fail(Refusal::GuardianNotAdult);
    }
    return Ok{};
}

Result<void, Refusal> check_renewal(const std::vector<Contract>& contracts, Date today,
                                    const ContractRules& rules) {
    const Contract* latest = latest_of(contracts);
    if (latest == nullptr || latest->status != ContractStatus::Active) {
        return fail(Refusal::NotSigned);
    }
    if (!renewal_window(latest->end, rules).contains(today)) {
        return fail(Refusal::OutsideRenewalWindow);
    }
    return Ok{};
}

Result<ContractChange, Refusal> sign_new(const ResidentFacts& resident, const SigningChoice& choice,
                                         const Team& team, const Catalogue& catalogue,
                                         const SigningRules& rules, Date today,
                                         std::string new_id) {
    if (has_open_contract(resident.contracts, today)) {
        return fail(Refusal::AlreadySigned);
    }
    auto fees = check_signing(resident, choice, team, TeamEntry::Joins, catalogue, rules, today);
    if (!fees) {
        return fail(fees.error());
    }
    ContractChange change;
    change.contract = make_contract(resident, choice, team, std::move(fees).value(), rules, today,
                                    ContractType::New, std::move(new_id));
    supersede_others(resident.contracts, change.contract.id, std::nullopt, change.updated);
    return change;
}

Result<ContractChange, Refusal> renew(const ResidentFacts& resident, const SigningChoice& choice,
                                      const Team& team, const Catalogue& catalogue,
                                      const SigningRules& rules, Date today, std::string new_id) {
    const Contract* latest = latest_of(resident.contracts);
    if (latest == nullptr || latest->status != ContractStatus::Active) {
        return fail(Refusal::NotSigned);
    }
    SigningChoice kept = choice;
    if (kept.package_ids.empty()) {
        kept.package_ids = latest->package_ids;
    }
    if (team.id != latest->team_id) {
        return switch_team(resident, kept, team, catalogue, rules, today, std::move(new_id));
    }
    if (auto ok = check_renewal(resident.contracts, today, rules.contract); !ok) {
        return fail(ok.error());
    }
    const bool lapsed = latest->end < today;
    auto fees = check_signing(resident, kept, team, lapsed ? TeamEntry::Returns : TeamEntry::Stays,
                              catalogue, rules, today);
    if (!fees) {
        return fail(fees.error());
    }
    const Date start = lapsed ? today : add_days(latest->end, 1);
    ContractChange change;
    change.contract = make_contract(resident, kept, team, std::move(fees).value(), rules, start,
                                    ContractType::Renewal, std::move(new_id));
    change.contract.previous_id = latest->id;
    supersede_others(resident.contracts, change.contract.id, EndReason::Renewed, change.updated);
    return change;
}

Result<ContractChange, Refusal> switch_team(const ResidentFacts& resident,
                                            const SigningChoice& choice, const Team& new_team,
                                            const Catalogue& catalogue, const SigningRules& rules,
                                            Date today, std::string new_id) {
    const Contract* latest = latest_of(resident.contracts);
    if (latest == nullptr || latest->status != ContractStatus::Active) {
        return fail(Refusal::NotSigned);
    }
    if (new_team.id == latest->team_id) {
        return fail(Refusal::SameTeam);
    }
    const RenewalWindow window = renewal_window(latest->end, rules.contract);
    // Renewed early and not yet started: the switch replaces that renewal.
    const bool pending = latest->start > today;
    if (!pending && today > window.closes) {
        return fail(Refusal::NotSigned);  // long expired: this is a new signing
    }
    const bool at_renewal = pending || window.contains(today);
    if (!at_renewal && !rules.contract.allow_midterm_switch) {
        return fail(Refusal::SwitchNotAllowed);
    }
    auto fees =
        check_signing(resident, choice, new_team, TeamEntry::Joins, catalogue, rules, today);
    if (!fees) {
        return fail(fees.error());
    }

    Date start;
    Contract old = *latest;
    old.end_reason = EndReason::Switched;
    if (pending) {
        start = latest->start;
        old.status = ContractStatus::Cancelled;
    } else if (at_renewal) {
        // At renewal the old contract runs its term; the new team follows it.
        start = today <= latest->end ? add_days(latest->end, 1) : today;
        old.status = ContractStatus::Superseded;
    } else {
        // Mid-term: the old contract ends yesterday, or never starts.
        start = std::max(today, latest->start);
        if (start == latest->start) {
            old.status = ContractStatus::Cancelled;
        } else {
            old.status = ContractStatus::Superseded;
            old.end = add_days(today, -1);
        }
    }
    ContractChange change;
    change.contract = make_contract(resident, choice, new_team, std::move(fees).value(), rules,
                                    start, ContractType::Switch, std::move(new_id));
    change.contract.previous_id = latest->id;
    change.updated.push_back(old);
    supersede_others(resident.contracts, latest->id, EndReason::Switched, change.updated);
    return change;
}

Result<OptOut, Refusal> decline(const ResidentFacts& resident, const Signer& signer, bool signature,
                                std::string_view notice_version, Channel channel,
                                const SigningRules& rules, Date today, std::string new_id) {
    if (has_open_contract(resident.contracts, today)) {
        return fail(Refusal::AlreadySigned);
    }
    if (auto ok = check_signer(resident.document, signer, today, rules.contract); !ok) {
        return fail(ok.error());
    }
    if (!signature) {
        return fail(Refusal::SignatureRequired);
    }
    return OptOut{std::move(new_id),
                  resident.resident_id,
                  today,
                  signer,
                  std::string(notice_version),
                  channel};
}

Result<std::vector<Contract>, Refusal> terminate(const std::vector<Contract>& contracts,
                                                 EndReason reason, std::string_view note,
                                                 const ContractRules& rules, Date today) {
    if (reason == EndReason::Renewed || reason == EndReason::Switched) {
        throw std::invalid_argument("terminate: renewal and switch are not termination reasons");
    }
    if (reason == EndReason::Other && note.empty()) {
        return fail(Refusal::ReasonNoteRequired);
    }
    std::vector<Contract> changed;
    for (const Contract& c : contracts) {
        if (!counts(c) || c.status == ContractStatus::Terminated) {
            continue;
        }
        if (c.end < today) {
            // Ended but still renewable: terminating it (a death, a move)
            // stops the renewal offers; its term stays as it was.
            if (c.status == ContractStatus::Active &&
                renewal_window(c.end, rules).contains(today)) {
                Contract u = c;
                u.status = ContractStatus::Terminated;
                u.end_reason = reason;
                u.end_note = std::string(note);
                changed.push_back(std::move(u));
            }
            continue;
        }
        Contract u = c;
        u.end_reason = reason;
        u.end_note = std::string(note);
        if (c.start >= today) {
            u.status = ContractStatus::Cancelled;
        } else {
            u.status = ContractStatus::Terminated;
            u.end = add_days(today, -1);
        }
        changed.push_back(std::move(u));
    }
    if (changed.empty()) {
        return fail(Refusal::NotActive);
    }
    return changed;
}

namespace {

template <class Enum, std::size_t N>
std::optional<Enum> from_code(std::string_view text, const Enum (&all)[N]) {
    for (Enum value : all) {
        if (code(value) == text) {
            return value;
        }
    }
    return std::nullopt;
}

constexpr ContractType kTypes[] = {ContractType::New, ContractType::Renewal, ContractType::Switch};
constexpr ContractStatus kStatuses[] = {ContractStatus::Active, ContractStatus::Superseded,
                                        ContractStatus::Terminated, ContractStatus::Cancelled};
constexpr EndReason kReasons[] = {
    EndReason::Renewed,        EndReason::Switched,  EndReason::MovedAway, EndReason::Unreachable,
    EndReason::RefusedService, EndReason::Voluntary, EndReason::Deceased,  EndReason::Other};
constexpr Channel kChannels[] = {Channel::Kiosk, Channel::OnSiteEvent, Channel::NurseAssisted,
                                 Channel::Import};
constexpr SignerRole kRoles[] = {SignerRole::Self, SignerRole::Guardian, SignerRole::Proxy};

}  // namespace

std::string_view code(ContractType type) {
    switch (type) {
        case ContractType::New:
            return "new";
        case ContractType::Renewal:
            return "renewal";
        case ContractType::Switch:
            return "switch";
    }
    return "unknown";
}

std::string_view code(ContractStatus status) {
    switch (status) {
        case ContractStatus::Active:
            return "active";
        case ContractStatus::Superseded:
            return "superseded";
        case ContractStatus::Terminated:
            return "terminated";
        case ContractStatus::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

std::string_view code(EndReason reason) {
    switch (reason) {
        case EndReason::Renewed:
            return "renewed";
        case EndReason::Switched:
            return "switched";
        case EndReason::MovedAway:
            return "moved-away";
        case EndReason::Unreachable:
            return "unreachable";
        case EndReason::RefusedService:
            return "refused-service";
        case EndReason::Voluntary:
            return "voluntary";
        case EndReason::Deceased:
            return "deceased";
        case EndReason::Other:
            return "other";
    }
    return "unknown";
}

std::string_view code(Channel channel) {
    switch (channel) {
        case Channel::Kiosk:
            return "kiosk";
        case Channel::OnSiteEvent:
            return "on-site-event";
        case Channel::NurseAssisted:
            return "nurse-assisted";
        case Channel::Import:
            return "import";
    }
    return "unknown";
}

std::string_view code(SignerRole role) {
    switch (role) {
        case SignerRole::Self:
            return "self";
        case SignerRole::Guardian:
            return "guardian";
        case SignerRole::Proxy:
            return "proxy";
    }
    return "unknown";
}

std::string_view code(Standing standing) {
    switch (standing) {
        case Standing::None:
            return "none";
        case Standing::Active:
            return "active";
        case Standing::ExpiringSoon:
            return "expiring-soon";
        case Standing::Lapsed:
            return "lapsed";
        case Standing::Expired:
            return "expired";
        case Standing::Terminated:
            return "terminated";
    }
    return "unknown";
}

std::optional<EndReason> end_reason_from_code(std::string_view text) {
    return from_code(text, kReasons);
}
std::optional<ContractType> contract_type_from_code(std::string_view text) {
    return from_code(text, kTypes);
}
std::optional<ContractStatus> contract_status_from_code(std::string_view text) {
    return from_code(text, kStatuses);
}
std::optional<Channel> channel_from_code(std::string_view text) {
    return from_code(text, kChannels);
}
std::optional<SignerRole> signer_role_from_code(std::string_view text) {
    return from_code(text, kRoles);
}

}  // namespace jiayi::domain
