// The view the flow publishes: a pure function of its state.

#include <algorithm>

#include "kiosk/domain/booking.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/keypad.hpp"
#include "kiosk/flow/state.hpp"

namespace jiayi::flow {

using namespace detail;

namespace {

// The relations a guardian or a proxy may name (catalog "relation.<code>").
constexpr const char* kGuardianRelations[] = {"mother", "father", "grandparent", "guardian"};
constexpr const char* kProxyRelations[] = {"spouse", "child", "relative", "doctor"};

PersonView person_view(const Resident& r, const config::KioskConfig& config, domain::Date today) {
    const auto& d = r.facts.document;
    PersonView p;
    p.masked_name = r.record.name.empty() ? "—" : domain::mask_name(r.record.name);
    p.masked_id = domain::mask_id(d.number, config.rules.mask);
    p.document_kind = "document." + std::string(domain::code(d.kind));
    p.age = d.birth_date ? domain::age_on(*d.birth_date, today) : 0;
    p.needs_guardian = domain::needs_guardian(d, today, config.rules.contract);
    for (auto population : r.facts.populations.all().members()) {
        p.populations.push_back("population." + std::string(domain::code(population)));
    }
    const auto standing = r.standing.standing;
    p.standing = "standing." + std::string(domain::code(standing));
    p.in_force = standing == domain::Standing::Active || standing == domain::Standing::ExpiringSoon;
    const auto& shown = r.standing.current ? r.standing.current : r.standing.latest;
    if (shown) {
        p.start = domain::to_iso(shown->start);
        p.end = domain::to_iso(shown->end);
        p.cross_region = shown->cross_region;
        if (const domain::Team* t = r.team(shown->team_id)) {
            p.team_name = t->name;
            p.doctor = t->leader;
            p.doctor_phone = t->leader_phone;
        }
        if (p.team_name.empty()) {
            p.team_name = shown->team_id;
        }
    }
    p.days_left = static_cast<int>(r.standing.days_left);
    if (!r.center_refusal.code.empty()) {
        p.center_refusal = "refused_notice." + r.center_refusal.record;
        p.center_refusal_reason = "refused_reason." + r.center_refusal.code;
    }
    return p;
}

std::vector<Action> actions(const FlowState& s, const config::KioskConfig& config, Instant now) {
    std::vector<Action> out;
    auto add = [&](IntentKind kind, const char* label, bool primary = false) {
        out.push_back({kind, label, primary});
    };
    const bool nurse = !s.staff.empty();
    const Screen screen = s.nav.screen();
    if (s.booking && s.booking->waiting()) {
        // Waiting for the center: the one thing to do is to stop waiting.
        add(IntentKind::Back, "action.back");
        return out;
    }
    switch (screen) {
        case Screen::Home:
            break;
        case Screen::Identify:
            if (nurse) {
                add(IntentKind::ManualEntry, "action.type_number");
            } else {
                add(IntentKind::CallNurse, "action.call_nurse");
            }
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Help:
            add(IntentKind::NurseSignIn, "action.nurse_sign_in");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Status: {
            using domain::Standing;
            const auto standing = s.resident ? s.resident->standing.standing : Standing::None;
            switch (standing) {
                case Standing::None:
                case Standing::Expired:
                case Standing::Terminated:
                    add(IntentKind::Sign, "action.sign", true);
                    add(IntentKind::Decline, "action.decline");
                    break;
                case Standing::ExpiringSoon:
                case Standing::Lapsed:
                    add(IntentKind::Renew, "action.renew", true);
                    add(IntentKind::Switch, "action.switch");
                    break;
                case Standing::Active:
                    add(IntentKind::Next, "action.done", true);
                    if (config.rules.contract.allow_midterm_switch) {
                        add(IntentKind::Switch, "action.switch");
                    }
                    break;
            }
            // Specialist slots are for residents with a contract in force.
            if (s.resident && s.resident->standing.current) {
                add(IntentKind::Book, "action.book");
                add(IntentKind::MyBookings, "action.my_bookings");
            }
            if (nurse && standing != Standing::Active) {
                add(IntentKind::ProxySign, s.proxy ? "action.proxy_off" : "action.proxy_on");
            }
            if (standing != Standing::Active) {
                add(IntentKind::Finish, "action.finish");
            }
            break;
        }
        case Screen::Signer:
            add(IntentKind::Next, "action.next", true);
            if (nurse) {
                add(IntentKind::ManualEntry, "action.type_number");
            }
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Teams:
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Packages:
        case Screen::Hospitals:
        case Screen::Fees:
            add(IntentKind::Next, screen == Screen::Fees ? "action.confirm" : "action.next", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Phone:
            if (s.journey && s.journey->state().phone_stage == PhoneStage::OnFile) {
                add(IntentKind::KeepPhone, "action.keep_phone", true);
                add(IntentKind::ChangePhone, "action.change_phone");
            } else {
                add(IntentKind::Next, "action.next", true);
            }
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Consent:
            add(IntentKind::Next, "action.agree", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Notice:
            add(IntentKind::Next, "action.sign_notice", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Signature:
            add(IntentKind::Next, "action.confirm_signature", true);
            add(IntentKind::ClearSignature, "action.clear");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Receipt:
            add(IntentKind::Next, s.receipt.reprint ? "action.done" : "action.next", true);
            // The message says "ask a nurse": the way to one is right here.
            if (s.receipt.state == PrintState::Waiting && !nurse) {
                add(IntentKind::CallNurse, "action.call_nurse");
            }
            break;
        case Screen::Feedback:
            if (s.feedback.asking_knows()) {
                add(IntentKind::Back, "action.back");
            }
            add(IntentKind::Skip, "action.skip");
            break;
        case Screen::Thanks:
            add(IntentKind::Next, "action.done", true);
            break;
        case Screen::Pin:
            if (!s.nurse.checking()) {  // the answer decides what comes next
                add(IntentKind::Next, "action.next", true);
                add(IntentKind::Back, "action.back");
            }
            break;
        case Screen::ManualEntry:
            add(IntentKind::Next, "action.next", true);
            add(IntentKind::SwitchEntry, s.nurse.entry_mode() == domain::EntryMode::Identity
                                             ? "action.entry_lettered"
                                             : "action.entry_identity");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::NurseMenu:
            add(IntentKind::ManualEntry, "action.manual_entry", true);
            add(IntentKind::Summary, "action.summary");
            add(IntentKind::Reprint, "action.reprint");
            add(IntentKind::Refused, "action.refused");
            add(IntentKind::BackFill, "action.back_fill");
            add(IntentKind::ToggleVoice, s.voice_muted ? "action.voice_on" : "action.voice_off");
            add(IntentKind::NurseSignOut, "action.nurse_sign_out");
            break;
        case Screen::BackFillDate:
        case Screen::BackFillForm:
            add(IntentKind::Next, "action.next", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::BackFillTeam:
        case Screen::BackFillSigner:
            add(IntentKind::Back, "action.back");
            break;
        case Screen::BackFillConfirm:
            add(IntentKind::Next, "action.save_back_fill", true);
            add(IntentKind::Back, "action.back");
            add(IntentKind::Finish, "action.cancel_back_fill");
            break;
        case Screen::Confirming:
            break;  // the center's word, or the wait's end, moves on
        case Screen::Summary:
        case Screen::Reprint:
        case Screen::Refused:
        case Screen::BookHospital:
        case Screen::BookDepartment:
        case Screen::BookDay:
        case Screen::BookTime:
        case Screen::MyBookings:
            add(IntentKind::Back, "action.back");
            break;
        case Screen::BookConfirm:
            add(IntentKind::Next, "action.book_confirm", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Booking:
            if (s.booking && s.booking->state().from_scan) {
                add(IntentKind::Finish, "action.done", true);
                break;
            }
            if (s.booking && s.booking->state().shown &&
                s.booking->state().shown->status == BookingStatus::Booked &&
                domain::check_cancellation(s.booking->state().shown->slot.start, now,
                                           config.rules.booking)
                    .ok()) {
                add(IntentKind::CancelBooking, "action.cancel_booking");
            }
            add(IntentKind::Back, "action.back");
            break;
    }
    return out;
}

// The sync as staff see it, in local time.
// Without a pass yet (or ever: no network at an on-site event), the queue
// as the store has it, and no word from the hub.
SyncView sync_view(const Center& center, int offset_minutes) {
    SyncView out;
    if (!center.news() && !center.queue()) {
        return out;
    }
    auto local = [&](const std::string& iso) {
        const auto at = parse_iso8601(iso);
        return at ? local_time(*at, offset_minutes, true) : iso;
    };
    out.known = true;
    if (const auto& n = center.news()) {
        out.online = n->online;
        out.last_success = n->last_success_at.empty() ? "" : local(n->last_success_at);
        out.failure = n->online ? "" : "sync_failure." + known_failure(n->failure);
    }
    if (const auto& q = center.queue()) {
        out.queued = static_cast<int>(q->queued);
        out.since = q->oldest_queued_at.empty() ? "" : local(q->oldest_queued_at);
        out.refused = static_cast<int>(q->refused);
    }
    return out;
}

KeypadView keypad_view(Screen screen, std::string prompt, const std::string& entered,
                       domain::EntryMode mode = domain::EntryMode::Identity) {
    const KeypadRule rule = keypad_rule(screen, mode).value_or(KeypadRule{});
    KeypadView k;
    k.prompt = std::move(prompt);
    k.entered = rule.secret ? std::string(entered.size(), '*') : entered;
    k.allow_x = rule.limits.check_x;
    k.secret = rule.secret;
    k.max_length = static_cast<int>(rule.limits.max_length);
    k.letters = rule.limits.letters;
    k.dash = rule.limits.dash;
    return k;
}

}  // namespace

Language default_language(const config::KioskConfig& config) {
    return config.screen.language;
}

FlowState::FlowState(const config::KioskConfig& config)
    : language(default_language(config)), large_text(config.screen.large_text) {}

View build_view(const FlowState& s, PrinterProblem printer, const config::KioskConfig& config,
                domain::Date today, Instant now) {
    View v;
    const Screen screen = s.nav.screen();
    v.screen = screen;
    v.language = s.language;
    v.large_text = s.large_text;
    v.listen_again = s.listen_again;
    v.voice_muted = s.voice_muted;
    v.nurse = !s.staff.empty();
    v.title = std::string("title.") + screen_name(screen);
    v.message = s.nav.message();
    v.countdown = s.countdown;
    v.page = s.nav.page();
    v.actions = actions(s, config, now);
    if (s.booking) {
        v.booking = booking_view(*s.booking, screen, config, now);
    }

    const ContractJourney* journey = s.journey ? &*s.journey : nullptr;
    if (journey != nullptr) {
        const auto steps = journey->steps(screen);
        const auto grouped = screen == Screen::Hospitals ? Screen::Packages
                             : screen == Screen::Consent ? Screen::Signature
                                                         : screen;
        if (auto at = std::find(steps.begin(), steps.end(), grouped); at != steps.end()) {
            v.progress = {static_cast<int>(at - steps.begin()) + 1, static_cast<int>(steps.size())};
        }
    }
    if (s.resident) {
        v.person = person_view(*s.resident, config, today);
    }
    if (s.back_fill) {
        s.back_fill->fill(v, config);
    }
    if (v.nurse) {
        v.sync = sync_view(s.center, config.kiosk.utc_offset_minutes);
    }

    switch (screen) {
        case Screen::Teams:
            if (journey != nullptr) {
                for (const auto& t : journey->offered_teams()) {
                    v.teams.push_back({t.id, t.name, t.leader, joined(t.specialties, "、"),
                                       joined(t.villages, "、"),
                                       domain::places_left(t, config.rules.team),
                                       t.id == journey->state().choice.team_id});
                }
            }
            break;
        case Screen::Packages:
            if (journey != nullptr && s.resident) {
                const auto& chosen_ids = journey->state().choice.package_ids;
                for (const auto& p : config.catalogue.packages) {
                    if (!domain::offered_to(p, s.resident->facts.populations.all())) {
                        continue;
                    }
                    const bool chosen =
                        std::find(chosen_ids.begin(), chosen_ids.end(), p.id) != chosen_ids.end();
                    v.choices.push_back({p.id, p.name_zh, p.name_en,
                                         domain::to_yuan_string(p.price), chosen,
                                         p.kind == domain::PackageKind::Basic});
                }
            }
            break;
        case Screen::Hospitals:
            for (const auto& h : config.catalogue.hospitals) {
                const auto& chosen = journey != nullptr ? journey->state().choice.hospitals
                                                        : domain::HospitalChoice{};
                v.choices.push_back({h.id, h.name_zh, h.name_en,
                                     "hospital.level" + std::to_string(h.level),
                                     chosen.secondary == h.id || chosen.tertiary == h.id, false});
            }
            break;
        case Screen::Signer: {
            const bool guardian = v.person.needs_guardian;
            const auto* first =
                guardian ? std::begin(kGuardianRelations) : std::begin(kProxyRelations);
            const auto* last = guardian ? std::end(kGuardianRelations) : std::end(kProxyRelations);
            const std::string relation = journey != nullptr ? journey->state().relation : "";
            for (const auto* r = first; r != last; ++r) {
                v.choices.push_back(
                    {*r, "", "", "relation." + std::string(*r), relation == *r, false});
            }
            v.signature.signer = guardian ? "signer.guardian" : "signer.proxy";
            v.signature.guardian = guardian;
            if (journey != nullptr && journey->state().signer_document) {
                v.keypad.entered =
                    domain::mask_id(journey->state().signer_document->number, config.rules.mask);
            }
            break;
        }
        case Screen::Phone:
            if (journey != nullptr) {
                const auto& js = journey->state();
                if (js.phone_stage == PhoneStage::OnFile) {
                    v.phone_on_file =
                        s.resident ? domain::mask_phone(s.resident->record.phone) : "";
                } else {
                    v.keypad = keypad_view(
                        screen, js.phone_stage == PhoneStage::First ? "phone.enter" : "phone.again",
                        js.keypad);
                }
            }
            break;
        case Screen::Pin:
            v.keypad = keypad_view(screen, s.nurse.checking() ? "pin.checking" : "pin.enter",
                                   s.nurse.keypad());
            v.keypad.busy = s.nurse.checking();
            break;
        case Screen::ManualEntry: {
            const auto mode = s.nurse.entry_mode();
            v.keypad =
                keypad_view(screen,
                            s.nurse.entry() == NurseDesk::EntryTarget::Signer ? "manual.signer"
                            : mode == domain::EntryMode::Lettered ? "manual.enter_lettered"
                                                                  : "manual.enter",
                            s.nurse.keypad(), mode);
            break;
        }
        case Screen::Fees:
            if (journey != nullptr && journey->state().fees) {
                const auto& fees = *journey->state().fees;
                for (const auto& line : fees.lines) {
                    const domain::Package* p = config.catalogue.package(line.package_id);
                    v.fees.rows.push_back({p != nullptr ? p->name_zh : line.package_id,
                                           p != nullptr ? p->name_en : line.package_id,
                                           "payer." + std::string(domain::code(line.payer)),
                                           domain::to_yuan_string(line.amount)});
                }
                v.fees.total = domain::to_yuan_string(fees.total());
                v.fees.resident_pays = domain::to_yuan_string(fees.resident_pays());
            }
            break;
        case Screen::Signature:
            if (journey != nullptr) {
                const auto role = journey->state().choice.signer.role;
                v.signature.strokes = journey->state().strokes;
                v.signature.signer = "signer." + std::string(domain::code(role));
                v.signature.guardian = role == domain::SignerRole::Guardian;
            }
            break;
        case Screen::Receipt:
            v.receipt = s.receipt.receipt;
            v.print.state = s.receipt.state;
            v.print.kept = s.receipt.kept;
            if (s.receipt.state == PrintState::Waiting) {
                v.print.problem = "printer." + std::string(code(printer));
            }
            break;
        case Screen::Feedback:
            v.rating = s.feedback.rating();
            v.knows_doctor = s.feedback.knows_doctor();
            v.asking_knows = s.feedback.asking_knows();
            break;
        case Screen::Thanks:
            v.thanks = journey != nullptr && journey->state().kind == JourneyKind::Decline
                           ? "thanks.declined"
                       : s.booking && s.booking->state().booked ? "thanks.booking"
                                                                : "thanks.card";
            break;
        case Screen::Summary:
            v.summary = s.nurse.summary();
            break;
        case Screen::Reprint:
            v.reprints = s.nurse.reprints();
            break;
        case Screen::Refused:
            v.refused = s.nurse.refused();
            break;
        default:
            break;
    }
    return v;
}

}  // namespace jiayi::flow
