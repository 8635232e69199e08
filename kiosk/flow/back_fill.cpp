#include "kiosk/flow/back_fill.hpp"

#include <algorithm>

#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

using namespace detail;
using domain::BackFillProblem;

namespace {

// Who signed the paper: the resident, a guardian (its relations first, as
// the signer screen offers them) or a proxy.
constexpr const char* kGuardianRelations[] = {"mother", "father", "grandparent", "guardian"};
constexpr const char* kProxyRelations[] = {"spouse", "child", "relative", "doctor"};

domain::Signer signer_of(const std::string& id) {
    if (id == "self") {
        return {};
    }
    const bool guardian = std::find(std::begin(kGuardianRelations), std::end(kGuardianRelations),
                                    id) != std::end(kGuardianRelations);
    return {guardian ? domain::SignerRole::Guardian : domain::SignerRole::Proxy, id, std::nullopt};
}

// The screen whose entry a problem is about, for the message's next step.
Screen screen_of(BackFillProblem problem) {
    switch (problem) {
        case BackFillProblem::DateInvalid:
        case BackFillProblem::DateInFuture:
        case BackFillProblem::DateTooOld:
            return Screen::BackFillDate;
        case BackFillProblem::FormNumberInvalid:
        case BackFillProblem::FormNumberUsed:
            return Screen::BackFillForm;
        case BackFillProblem::TeamUnknown:
        case BackFillProblem::TeamFull:
        case BackFillProblem::TeamClosed:
            return Screen::BackFillTeam;
        case BackFillProblem::GuardianRequired:
        case BackFillProblem::RelationRequired:
            return Screen::BackFillSigner;
        case BackFillProblem::ContractOnFile:
        case BackFillProblem::NoBasicPackage:
            break;
    }
    return Screen::Status;
}

}  // namespace

const std::vector<std::string>& BackFillJourney::signer_choices() {
    static const std::vector<std::string> kChoices = [] {
        std::vector<std::string> out{"self"};
        out.insert(out.end(), std::begin(kGuardianRelations), std::end(kGuardianRelations));
        out.insert(out.end(), std::begin(kProxyRelations), std::end(kProxyRelations));
        return out;
    }();
    return kChoices;
}

const std::vector<Screen>& BackFillJourney::steps() {
    static const std::vector<Screen> kSteps{Screen::BackFillDate, Screen::BackFillForm,
                                            Screen::BackFillTeam, Screen::BackFillSigner,
                                            Screen::BackFillConfirm};
    return kSteps;
}

BackFillJourney::BackFillJourney(Context& ctx, Resident& resident)
    : ctx_(ctx), resident_(resident) {
    ctx_.nav.go(Screen::BackFillDate);
}

void BackFillJourney::refuse(BackFillProblem problem) {
    scrub(s_.keypad);
    const Screen then = screen_of(problem);
    ctx_.nav.show("backfill-" + std::string(domain::code(problem)), {},
                  then == ctx_.nav.screen() ? std::nullopt : std::optional(then));
}

bool BackFillJourney::handle(const Intent& intent, bool& done) {
    const Screen screen = ctx_.nav.screen();
    if (std::find(steps().begin(), steps().end(), screen) == steps().end()) {
        return false;
    }
    switch (intent.kind) {
        case IntentKind::Key:
            if (auto rule = keypad_rule(screen)) {
                type_key(s_.keypad, intent.arg, *rule);
            }
            return true;
        case IntentKind::DeleteKey:
            if (!s_.keypad.empty()) {
                s_.keypad.pop_back();
            }
            return true;
        case IntentKind::ChooseTeam:
            if (screen == Screen::BackFillTeam) {
                choose_team(intent.arg);
            }
            return true;
        case IntentKind::ChooseSigner:
            if (screen == Screen::BackFillSigner) {
                choose_signer(intent.arg);
            }
            return true;
        case IntentKind::Next:
            if (screen == Screen::BackFillConfirm) {
                done = commit();
            } else {
                next();
            }
            return true;
        case IntentKind::Back:
            scrub(s_.keypad);
            return false;  // the flow goes back
        default:
            return false;
    }
}

void BackFillJourney::next() {
    const Screen screen = ctx_.nav.screen();
    if (screen == Screen::BackFillDate) {
        auto date = domain::back_fill_date(s_.keypad, ctx_.today(), ctx_.config.rules.contract);
        if (!date) {
            return refuse(date.error());
        }
        s_.signed_on = date.value();
        scrub(s_.keypad);
        ctx_.nav.go(Screen::BackFillForm);
    } else if (screen == Screen::BackFillForm) {
        auto form = domain::back_fill_form_number(s_.keypad);
        if (!form) {
            return refuse(form.error());
        }
        auto used = ctx_.store.form_back_filled(form.value());
        if (!used) {
            scrub(s_.keypad);
            return ctx_.nav.show("store-failed");
        }
        if (used.value()) {
            return refuse(BackFillProblem::FormNumberUsed);
        }
        s_.form_number = std::move(form).value();
        scrub(s_.keypad);
        ctx_.nav.go(Screen::BackFillTeam);
    }
}

const domain::Team* BackFillJourney::team() const {
    return resident_.team(s_.team_id);
}

void BackFillJourney::choose_team(const std::string& id) {
    if (resident_.team(id) == nullptr) {
        return;  // not one on show
    }
    s_.team_id = id;
    const domain::Team* t = team();
    if (auto ok = domain::check_team_accepts(*t, ctx_.config.rules.team); !ok) {
        return refuse(ok.error() == domain::Refusal::TeamClosed ? BackFillProblem::TeamClosed
                                                                : BackFillProblem::TeamFull);
    }
    ctx_.nav.go(Screen::BackFillSigner);
}

domain::BackFillEntry BackFillJourney::entry() const {
    domain::BackFillEntry e;
    e.signed_on = s_.signed_on.value_or(domain::Date{});
    e.form_number = s_.form_number;
    e.team_id = s_.team_id;
    e.signer = s_.signer ? signer_of(*s_.signer) : domain::Signer{};
    e.entered_by = ctx_.staff;
    e.channel = domain::record_channel(ctx_.config.kiosk.channel, true);
    return e;
}

// Every rule is asked once more here, before the last look: the nurse hears
// of a conflict before confirming, not after.
void BackFillJourney::choose_signer(const std::string& id) {
    const auto& choices = signer_choices();
    if (std::find(choices.begin(), choices.end(), id) == choices.end()) {
        return;
    }
    s_.signer = id;
    const auto& config = ctx_.config;
    auto made = domain::back_fill(resident_.facts, entry(), team(), config.catalogue, config.rules,
                                  ctx_.today(), "check");
    if (!made) {
        return refuse(made.error());
    }
    ctx_.nav.go(Screen::BackFillConfirm);
}

bool BackFillJourney::commit() {
    const auto& config = ctx_.config;
    auto made = domain::back_fill(resident_.facts, entry(), team(), config.catalogue, config.rules,
                                  ctx_.today(), ctx_.ids());
    if (!made) {
        refuse(made.error());
        return false;
    }
    store::SigningRecord record;
    record.resident = resident_.record;
    record.change = std::move(made.value().change);
    record.back_fill = made.value().facts;
    record.kiosk_id = config.kiosk.id;
    record.operator_id = ctx_.staff;
    if (auto written = ctx_.store.record_signing(record, ctx_.now); !written) {
        // Nothing was written (one transaction): a form entered meanwhile,
        // or the store failed.
        ctx_.nav.show(written.error().kind == store::StoreErrorKind::Conflict
                          ? "backfill-" + std::string(domain::code(BackFillProblem::FormNumberUsed))
                          : "store-failed");
        return false;
    }
    // The audit names the staff member and the record, never the resident.
    ctx_.audit("back-fill", record.change.contract.id);
    return true;
}

void BackFillJourney::fill(View& v, const config::KioskConfig& config) const {
    const Screen screen = v.screen;
    auto keypad = [&](const char* prompt) {
        const KeypadRule rule = keypad_rule(screen).value_or(KeypadRule{});
        v.keypad.prompt = prompt;
        v.keypad.entered = s_.keypad;
        v.keypad.letters = rule.limits.letters;
        v.keypad.dash = rule.limits.dash;
        v.keypad.max_length = static_cast<int>(rule.limits.max_length);
    };
    if (screen == Screen::BackFillDate) {
        keypad("back_fill.date");
    } else if (screen == Screen::BackFillForm) {
        keypad("back_fill.form");
    } else if (screen == Screen::BackFillTeam) {
        for (const auto& t : resident_.teams) {
            v.teams.push_back({t.id, t.name, t.leader, joined(t.specialties, "、"),
                               joined(t.villages, "、"), domain::places_left(t, config.rules.team),
                               t.id == s_.team_id});
        }
    } else if (screen == Screen::BackFillSigner) {
        for (const auto& id : signer_choices()) {
            v.choices.push_back({id, "", "", id == "self" ? "signer.self" : "relation." + id,
                                 s_.signer == id, false});
        }
    }
    const auto at = std::find(steps().begin(), steps().end(), screen);
    if (at != steps().end()) {
        v.progress = {static_cast<int>(at - steps().begin()) + 1, static_cast<int>(steps().size())};
    }
    v.back_fill.signed_on = s_.signed_on ? domain::to_iso(*s_.signed_on) : "";
    v.back_fill.form_number = s_.form_number;
    if (const domain::Team* t = team()) {
        v.back_fill.team_name = t->name.empty() ? t->id : t->name;
    }
    if (s_.signer) {
        v.back_fill.signer = *s_.signer == "self" ? "signer.self" : "relation." + *s_.signer;
    }
}

}  // namespace jiayi::flow
