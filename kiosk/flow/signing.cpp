// Sign, renew and switch: who signs, a team, packages, 1+1+1 hospitals, the
// phone, the fees, consent, the signature, and the contract written.

#include <algorithm>

#include "kiosk/domain/mask.hpp"
#include "kiosk/domain/phone.hpp"
#include "kiosk/domain/signature.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/journey.hpp"
#include "kiosk/flow/keypad.hpp"
#include "kiosk/flow/signature.hpp"

namespace jiayi::flow {

using domain::Refusal;
using namespace detail;

ContractJourney::ContractJourney(JourneyKind kind, bool proxy, Context& ctx, Resident& resident)
    : ctx_(ctx), resident_(resident) {
    s_.kind = kind;
    s_.proxy = proxy;
    s_.choice.channel = domain::record_channel(ctx.config.kiosk.channel, ctx.assisted());
    s_.phone_stage = resident.record.phone.empty() ? PhoneStage::First : PhoneStage::OnFile;
    const auto& latest = resident.standing.latest;
    if (kind == JourneyKind::Renew && latest) {
        s_.choice.team_id = latest->team_id;
        s_.choice.package_ids = latest->package_ids;
        s_.choice.hospitals = latest->hospitals;
    }
    if (resident.needs_guardian(ctx) || proxy) {
        ctx.nav.go(Screen::Signer);
    } else {
        after_signer();
    }
}

ContractJourney::~ContractJourney() {
    scrub(s_.keypad);
    scrub(s_.phone_first);
    if (s_.signer_document) {
        scrub(s_.signer_document->number);
    }
}

std::vector<Screen> ContractJourney::steps(Screen on_screen) const {
    std::vector<Screen> steps;
    if (s_.signer_document.has_value() || on_screen == Screen::Signer ||
        s_.choice.signer.role != domain::SignerRole::Self) {
        steps.push_back(Screen::Signer);
    }
    switch (s_.kind) {
        case JourneyKind::Sign:
        case JourneyKind::Switch:
            steps.push_back(Screen::Teams);
            [[fallthrough]];
        case JourneyKind::Renew:
            steps.insert(steps.end(),
                         {Screen::Packages, Screen::Phone, Screen::Fees, Screen::Signature});
            break;
        case JourneyKind::Decline:
            steps.insert(steps.end(), {Screen::Notice, Screen::Signature});
            break;
    }
    return steps;
}

std::vector<domain::Team> ContractJourney::offered_teams() const {
    std::vector<domain::Team> out;
    const auto& current = resident_.standing.current;
    for (const auto& team : resident_.teams) {
        if (!domain::check_team_accepts(team, ctx_.config.rules.team)) {
            continue;  // a full or closed team is not offered
        }
        if (s_.kind == JourneyKind::Switch && current && current->team_id == team.id) {
            continue;
        }
        out.push_back(team);
    }
    return out;
}

void show_refusal(Context& ctx, Refusal refusal) {
    std::optional<Screen> then;
    std::vector<std::string> args;
    switch (refusal) {
        case Refusal::TeamFull:
        case Refusal::TeamClosed:
            then = Screen::Teams;
            break;
        case Refusal::OutsideRenewalWindow:
            args.push_back(std::to_string(ctx.config.rules.contract.renewal_days_before));
            then = Screen::Status;
            break;
        case Refusal::AlreadySigned:
        case Refusal::SwitchNotAllowed:
        case Refusal::SameTeam:
        case Refusal::NotSigned:
            then = Screen::Status;
            break;
        case Refusal::GuardianRequired:
        case Refusal::GuardianNotAdult:
        case Refusal::ProxyIncomplete:
            then = Screen::Signer;
            break;
        default:
            break;
    }
    ctx.nav.show(std::string(domain::code(refusal)), std::move(args), then);
}

void ContractJourney::refuse(Refusal refusal) {
    if (refusal == Refusal::TeamFull || refusal == Refusal::TeamClosed) {
        // The teams are read again, so the one that filled is no longer offered.
        resident_.teams = ctx_.store.teams().value_or({});
    }
    show_refusal(ctx_, refusal);
}

bool ContractJourney::handle(const Intent& intent, std::optional<Committed>& committed) {
    const Screen screen = ctx_.nav.screen();
    switch (intent.kind) {
        case IntentKind::ChooseTeam:
            choose_team(intent.arg);
            return true;
        case IntentKind::TogglePackage:
            toggle_package(intent.arg);
            return true;
        case IntentKind::ChooseHospital:
            choose_hospital(intent.arg, intent.value);
            return true;
        case IntentKind::ChooseRelation:
            s_.relation = intent.arg;
            return true;
        case IntentKind::KeepPhone:
            if (screen == Screen::Phone && !resident_.record.phone.empty()) {
                phone_accepted(resident_.record.phone);
            }
            return true;
        case IntentKind::ChangePhone:
            s_.phone_stage = PhoneStage::First;
            scrub(s_.keypad);
            return true;
        case IntentKind::Key:
            if (screen == Screen::Phone) {
                type_key(s_.keypad, intent.arg, *keypad_rule(Screen::Phone));
            }
            return screen == Screen::Phone;
        case IntentKind::DeleteKey:
            if (screen == Screen::Phone && !s_.keypad.empty()) {
                s_.keypad.pop_back();
            }
            return screen == Screen::Phone;
        case IntentKind::Stroke:
            if (screen == Screen::Signature) {
                add_stroke(intent.stroke);
            }
            return true;
        case IntentKind::ClearSignature:
            s_.strokes.clear();
            return true;
        case IntentKind::Back:
            // The phone's second entry goes back to the first, not a screen.
            if (screen == Screen::Phone && s_.phone_stage == PhoneStage::Second) {
                s_.phone_stage = PhoneStage::First;
                scrub(s_.keypad);
                scrub(s_.phone_first);
                return true;
            }
            scrub(s_.keypad);
            return false;
        case IntentKind::Next:
            switch (screen) {
                case Screen::Signer:
                    after_signer();
                    return true;
                case Screen::Packages:
                    packages_done();
                    return true;
                case Screen::Hospitals:
                    ctx_.nav.go(Screen::Phone);
                    return true;
                case Screen::Phone:
                    phone_next();
                    return true;
                case Screen::Fees:
                    ctx_.nav.go(resident_.facts.has_privacy_consent ? Screen::Signature
                                                                    : Screen::Consent);
                    return true;
                case Screen::Consent:
                    s_.choice.privacy_consent = true;
                    ctx_.nav.go(Screen::Signature);
                    return true;
                case Screen::Notice:
                    ctx_.nav.go(Screen::Signature);
                    return true;
                case Screen::Signature:
                    committed = commit();
                    return true;
                default:
                    return false;
            }
        default:
            return false;
    }
}

bool ContractJourney::signer_identified(domain::Document document) {
    if (document.number == resident_.record.document.number) {
        ctx_.nav.show("signer-same-person");
        return false;
    }
    s_.signer_document = std::move(document);
    return true;
}

void ContractJourney::after_signer() {
    domain::Signer signer;
    const bool guardian = resident_.needs_guardian(ctx_);
    if (guardian || s_.proxy) {
        signer.role = guardian ? domain::SignerRole::Guardian : domain::SignerRole::Proxy;
        signer.relation = s_.relation;
        signer.document = s_.signer_document;
        if (!signer.document) {
            ctx_.nav.show(guardian ? "guardian-card" : "proxy-card");
            return;
        }
        if (signer.relation.empty()) {
            ctx_.nav.show("choose-relation");
            return;
        }
        if (auto checked = domain::check_signer(resident_.facts.document, signer, ctx_.today(),
                                                ctx_.config.rules.contract);
            !checked) {
            refuse(checked.error());
            return;
        }
    }
    s_.choice.signer = signer;
    switch (s_.kind) {
        case JourneyKind::Sign:
            if (resident_.standing.current) {
                refuse(Refusal::AlreadySigned);
                return;
            }
            [[fallthrough]];
        case JourneyKind::Switch:
            resident_.teams = ctx_.store.teams().value_or({});
            if (offered_teams().empty()) {
                // Before the kiosk's first pull from the hub it knows no teams
                // at all: not "every team is full", but "ask at the desk" (and
                // for a nurse, what is wrong).
                const auto pulled = ctx_.store.pulled("teams");
                const bool never_pulled = resident_.teams.empty() && pulled && !pulled.value();
                ctx_.nav.show(!never_pulled     ? "no-teams"
                              : ctx_.assisted() ? "teams-not-pulled-staff"
                                                : "teams-not-pulled",
                              {}, Screen::Status);
                return;
            }
            ctx_.nav.go(Screen::Teams);
            break;
        case JourneyKind::Renew:
            ctx_.nav.go(Screen::Packages);
            break;
        case JourneyKind::Decline:
            ctx_.nav.go(Screen::Notice);
            break;
    }
}

void ContractJourney::choose_team(const std::string& id) {
    if (ctx_.nav.screen() != Screen::Teams) {
        return;
    }
    for (const auto& team : offered_teams()) {
        if (team.id != id) {
            continue;
        }
        s_.choice.team_id = id;
        // The basic package comes chosen; the resident adds what they want.
        if (s_.choice.package_ids.empty()) {
            for (const auto& p : ctx_.config.catalogue.packages) {
                if (p.kind == domain::PackageKind::Basic &&
                    domain::offered_to(p, resident_.facts.populations.all())) {
                    s_.choice.package_ids.push_back(p.id);
                    break;
                }
            }
        }
        ctx_.nav.go(Screen::Packages);
        return;
    }
}

void ContractJourney::toggle_package(const std::string& id) {
    const auto& catalogue = ctx_.config.catalogue;
    const domain::Package* p = catalogue.package(id);
    if (ctx_.nav.screen() != Screen::Packages || p == nullptr ||
        !domain::offered_to(*p, resident_.facts.populations.all())) {
        return;
    }
    auto& ids = s_.choice.package_ids;
    if (p->kind == domain::PackageKind::Basic) {
        // Exactly one basic package: choosing one replaces the other.
        std::erase_if(ids, [&](const std::string& other) {
            const domain::Package* o = catalogue.package(other);
            return o != nullptr && o->kind == domain::PackageKind::Basic;
        });
        ids.insert(ids.begin(), id);
        return;
    }
    if (std::erase(ids, id) == 0) {
        ids.push_back(id);
    }
}

void ContractJourney::choose_hospital(const std::string& id, int level) {
    if (ctx_.nav.screen() != Screen::Hospitals) {
        return;
    }
    const domain::Hospital* h = ctx_.config.catalogue.hospital(id);
    if (h != nullptr) {
        level = h->level;
    }
    std::string& slot = level == 3 ? s_.choice.hospitals.tertiary : s_.choice.hospitals.secondary;
    slot = (h == nullptr || slot == id) ? std::string() : id;
}

void ContractJourney::packages_done() {
    auto fees = domain::compute_fees(s_.choice.package_ids, ctx_.config.catalogue,
                                     resident_.facts.populations, resident_.facts.insurance,
                                     ctx_.config.rules.fees);
    if (!fees) {
        refuse(fees.error());
        return;
    }
    s_.fees = std::move(fees).value();
    ctx_.nav.go(ctx_.config.catalogue.hospitals.empty() ? Screen::Phone : Screen::Hospitals);
}

void ContractJourney::phone_next() {
    if (s_.phone_stage == PhoneStage::OnFile) {
        phone_accepted(resident_.record.phone);
        return;
    }
    if (s_.phone_stage == PhoneStage::First) {
        if (auto phone = domain::parse_phone(s_.keypad); !phone) {
            scrub(s_.keypad);
            refuse(phone.error());
            return;
        }
        s_.phone_first = s_.keypad;
        scrub(s_.keypad);
        s_.phone_stage = PhoneStage::Second;
        return;
    }
    auto phone = domain::confirm_phone(s_.phone_first, s_.keypad);
    scrub(s_.keypad);
    if (!phone) {
        scrub(s_.phone_first);
        s_.phone_stage = PhoneStage::First;
        refuse(phone.error());
        return;
    }
    phone_accepted(phone->digits);
}

void ContractJourney::phone_accepted(const std::string& digits) {
    resident_.record.phone = digits;
    auto others = ctx_.store.residents_sharing_phone(digits, resident_.record.id);
    ctx_.nav.go(Screen::Fees);
    if (others && domain::is_shared_number(*others + 1, ctx_.config.rules.phone)) {
        // Staff may have typed their own number for many residents; the
        // resident is asked, and the center sees the flag in the audit.
        ctx_.audit("phone-shared-number", std::to_string(*others + 1) + " residents");
        ctx_.nav.show("phone-shared", {std::to_string(*others)});
    }
}

void ContractJourney::add_stroke(std::vector<image::Point> stroke) {
    if (stroke.empty() || s_.strokes.size() >= kMaxStrokes) {
        return;
    }
    clamp_to_pad(stroke);
    s_.strokes.push_back(std::move(stroke));
}

std::optional<Committed> ContractJourney::commit() {
    std::vector<domain::InkStroke> ink;
    for (const auto& stroke : s_.strokes) {
        auto& out = ink.emplace_back();
        for (const auto& p : stroke) {
            out.push_back({p.x, p.y});
        }
    }
    if (auto judged = domain::check_signature(ink, ctx_.config.rules.signature); !judged) {
        refuse(judged.error());
        return std::nullopt;
    }
    return s_.kind == JourneyKind::Decline ? commit_decline() : commit_signing();
}

std::optional<Committed> ContractJourney::commit_signing() {
    s_.choice.signature = true;
    const auto& config = ctx_.config;
    const domain::Team* team = resident_.team(s_.choice.team_id);
    domain::Team kept;  // a renewal's team, when the cached list lacks it
    if (team == nullptr) {
        kept.id = s_.choice.team_id;
        team = &kept;
    }
    const std::string id = ctx_.ids();
    const auto today = ctx_.today();
    Result<domain::ContractChange, Refusal> change = fail(Refusal::NotSigned);
    switch (s_.kind) {
        case JourneyKind::Sign:
            change = domain::sign_new(resident_.facts, s_.choice, *team, config.catalogue,
                                      config.rules, today, id);
            break;
        case JourneyKind::Renew:
            change = domain::renew(resident_.facts, s_.choice, *team, config.catalogue,
                                   config.rules, today, id);
            break;
        case JourneyKind::Switch:
            change = domain::switch_team(resident_.facts, s_.choice, *team, config.catalogue,
                                         config.rules, today, id);
            break;
        case JourneyKind::Decline:
            return std::nullopt;
    }
    if (!change) {
        refuse(change.error());
        return std::nullopt;
    }
    store::SigningRecord record;
    record.resident = resident_.record;
    record.resident.privacy_consent =
        resident_.facts.has_privacy_consent || s_.choice.privacy_consent;
    record.change = std::move(change).value();
    record.signature_id = ctx_.ids();
    record.signature = {strokes_json(s_.strokes), strokes_png(s_.strokes)};
    record.consent_given = s_.choice.privacy_consent && !resident_.facts.has_privacy_consent;
    record.kiosk_id = config.kiosk.id;
    record.operator_id = ctx_.staff;
    if (auto written = ctx_.store.record_signing(record, ctx_.now); !written) {
        // Nothing was written; the resident may try again or ask a nurse.
        ctx_.nav.show(written.error().kind == store::StoreErrorKind::Conflict ? "already-changed"
                                                                              : "store-failed");
        return std::nullopt;
    }
    if (ctx_.assisted()) {
        ctx_.audit("assisted-" + std::string(domain::code(record.change.contract.type)),
                   record.change.contract.id);
    }
    resident_.record.privacy_consent = record.resident.privacy_consent;
    resident_.facts.has_privacy_consent = record.resident.privacy_consent;
    receipt::ContractFacts facts;
    facts.masked_name = domain::mask_name(resident_.record.name);
    facts.masked_id = domain::mask_id(resident_.record.document.number, config.rules.mask);
    facts.team_name = team->name.empty() ? team->id : team->name;
    facts.doctor = team->leader;
    facts.doctor_phone = team->leader_phone;
    facts.signer_role = std::string(domain::code(record.change.contract.signer.role));
    facts.printed_at = local_time(ctx_.now, config.kiosk.utc_offset_minutes, true);
    facts.kiosk_id = config.kiosk.id;
    Committed done{
        record.change.contract.id,
        receipt::contract_receipt(ctx_.ids(), record.change.contract, config.catalogue, facts)};
    // The status shown from here on is the new one.
    resident_.refresh(ctx_);
    return done;
}

}  // namespace jiayi::flow
