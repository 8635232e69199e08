// The view the flow publishes, and the signature's stored forms.

#include "kiosk/flow/flow.hpp"

#include <algorithm>

#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;

std::vector<Screen> Flow::journey_steps() const {
    std::vector<Screen> steps;
    const bool signer = session_.signer_document.has_value() || screen_ == Screen::Signer ||
                        session_.choice.signer.role != domain::SignerRole::Self;
    if (signer) {
        steps.push_back(Screen::Signer);
    }
    switch (session_.journey) {
        case Journey::Sign:
        case Journey::Switch:
            steps.push_back(Screen::Teams);
            [[fallthrough]];
        case Journey::Renew:
            steps.insert(steps.end(),
                         {Screen::Packages, Screen::Phone, Screen::Fees, Screen::Signature});
            break;
        case Journey::Decline:
            steps.insert(steps.end(), {Screen::Notice, Screen::Signature});
            break;
        default:
            break;
    }
    return steps;
}

void Flow::publish() {
    auto v = std::make_shared<View>();
    fill_view(*v);
    view_ = std::move(v);
    ++version_;
}

void Flow::fill_person(View& v) const {
    const auto& r = session_.resident;
    const auto& d = session_.facts.document;
    PersonView& p = v.person;
    p.masked_name = r.name.empty() ? "—" : domain::mask_name(r.name);
    p.masked_id = domain::mask_id(d.number, config_.rules.mask);
    p.document_kind = "document." + std::string(domain::code(d.kind));
    p.age = d.birth_date ? domain::age_on(*d.birth_date, today()) : 0;
    p.minor = domain::needs_guardian(d, today(), config_.rules.contract);
    for (auto population : session_.facts.populations.all().members()) {
        p.populations.push_back("population." + std::string(domain::code(population)));
    }
    p.standing = "standing." + std::string(domain::code(session_.standing.standing));
    const auto& shown =
        session_.standing.current ? session_.standing.current : session_.standing.latest;
    if (shown) {
        p.start = domain::to_iso(shown->start);
        p.end = domain::to_iso(shown->end);
        p.cross_region = shown->cross_region;
        for (const auto& t : teams_) {
            if (t.id == shown->team_id) {
                p.team_name = t.name;
                p.doctor = t.leader;
                p.doctor_phone = t.leader_phone;
            }
        }
        if (p.team_name.empty()) {
            p.team_name = shown->team_id;
        }
    }
    p.days_left = static_cast<int>(session_.standing.days_left);
}

void Flow::fill_actions(View& v) const {
    auto add = [&](IntentKind kind, const char* label, bool primary = false) {
        v.actions.push_back({kind, label, primary});
    };
    switch (screen_) {
        case Screen::Home:
            break;
        case Screen::Identify:
            add(IntentKind::CallNurse, "action.call_nurse");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Help:
            add(IntentKind::NurseSignIn, "action.nurse_sign_in");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Status: {
            const auto standing = session_.standing.standing;
            using domain::Standing;
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
                    if (config_.rules.contract.allow_midterm_switch) {
                        add(IntentKind::Switch, "action.switch");
                    }
                    break;
            }
            if (nurse_ && standing != Standing::Active) {
                add(IntentKind::ProxySign, session_.proxy ? "action.proxy_off" : "action.proxy_on");
            }
            if (standing != Standing::Active) {
                add(IntentKind::Finish, "action.finish");
            }
            break;
        }
        case Screen::Signer:
            add(IntentKind::Next, "action.next", true);
            if (nurse_) {
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
            add(IntentKind::Next, screen_ == Screen::Fees ? "action.confirm" : "action.next", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::Phone:
            if (session_.phone_stage == PhoneStage::OnFile) {
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
            add(IntentKind::Next, session_.reprint ? "action.done" : "action.next", true);
            // The message says "ask a nurse": the way to one is right here.
            if (session_.print_state == PrintState::Waiting && !nurse_) {
                add(IntentKind::CallNurse, "action.call_nurse");
            }
            break;
        case Screen::Feedback:
            if (session_.asking_knows) {
                add(IntentKind::Back, "action.back");
            }
            add(IntentKind::Skip, "action.skip");
            break;
        case Screen::Thanks:
            add(IntentKind::Next, "action.done", true);
            break;
        case Screen::Pin:
            add(IntentKind::Next, "action.next", true);
            add(IntentKind::Back, "action.back");
            break;
        case Screen::ManualEntry:
            add(IntentKind::Next, "action.next", true);
            add(IntentKind::SwitchEntry,
                session_.entry_mode == domain::EntryMode::Identity ? "action.entry_lettered"
                                                                   : "action.entry_identity");
            add(IntentKind::Back, "action.back");
            break;
        case Screen::NurseMenu:
            add(IntentKind::ManualEntry, "action.manual_entry", true);
            add(IntentKind::Summary, "action.summary");
            add(IntentKind::Reprint, "action.reprint");
            add(IntentKind::NurseSignOut, "action.nurse_sign_out");
            break;
        case Screen::Summary:
        case Screen::Reprint:
            add(IntentKind::Back, "action.back");
            break;
    }
}

void Flow::fill_view(View& v) const {
    v.screen = screen_;
    v.language = language_;
    v.large_text = large_text_;
    v.nurse = nurse_;
    v.title = std::string("title.") + screen_name(screen_);
    v.message = message_;
    v.countdown = countdown_;
    v.page = page_;
    fill_actions(v);

    const auto steps = journey_steps();
    const auto grouped = screen_ == Screen::Hospitals ? Screen::Packages
                         : screen_ == Screen::Consent ? Screen::Signature
                                                      : screen_;
    if (auto at = std::find(steps.begin(), steps.end(), grouped); at != steps.end()) {
        v.progress = {static_cast<int>(at - steps.begin()) + 1, static_cast<int>(steps.size())};
    }
    if (session_.identified) {
        fill_person(v);
    }

    switch (screen_) {
        case Screen::Teams:
            for (const auto& t : offered_teams()) {
                v.teams.push_back(
                    {t.id, t.name, t.leader, joined(t.specialties, "、"), joined(t.villages, "、"),
                     domain::places_left(t, config_.rules.team), t.id == session_.choice.team_id});
            }
            break;
        case Screen::Packages:
            for (const auto& p : config_.catalogue.packages) {
                if (!domain::offered_to(p, session_.facts.populations.all())) {
                    continue;
                }
                const bool chosen = std::find(session_.choice.package_ids.begin(),
                                              session_.choice.package_ids.end(),
                                              p.id) != session_.choice.package_ids.end();
                v.choices.push_back({p.id, p.name_zh, p.name_en, domain::to_yuan_string(p.price),
                                     chosen, p.kind == domain::PackageKind::Basic});
            }
            break;
        case Screen::Hospitals:
            for (const auto& h : config_.catalogue.hospitals) {
                const bool chosen = session_.choice.hospitals.secondary == h.id ||
                                    session_.choice.hospitals.tertiary == h.id;
                v.choices.push_back({h.id, h.name_zh, h.name_en,
                                     "hospital.level" + std::to_string(h.level), chosen, false});
            }
            break;
        case Screen::Signer: {
            const bool guardian = v.person.minor;
            const auto* first =
                guardian ? std::begin(kGuardianRelations) : std::begin(kProxyRelations);
            const auto* last = guardian ? std::end(kGuardianRelations) : std::end(kProxyRelations);
            for (const auto* r = first; r != last; ++r) {
                v.choices.push_back(
                    {*r, "", "", "relation." + std::string(*r), session_.relation == *r, false});
            }
            v.signature.signer = guardian ? "signer.guardian" : "signer.proxy";
            v.keypad.entered =
                session_.signer_document
                    ? domain::mask_id(session_.signer_document->number, config_.rules.mask)
                    : "";
            break;
        }
        case Screen::Phone:
            if (session_.phone_stage == PhoneStage::OnFile) {
                v.phone_on_file = domain::mask_phone(session_.resident.phone);
            } else {
                v.keypad = {
                    session_.phone_stage == PhoneStage::First ? "phone.enter" : "phone.again",
                    session_.keypad, false, false, 12};
            }
            break;
        case Screen::Pin:
            v.keypad = {"pin.enter", std::string(session_.keypad.size(), '*'), false, true, 12};
            break;
        case Screen::ManualEntry: {
            const auto limits = domain::entry_limits(session_.entry_mode);
            const bool lettered = session_.entry_mode == domain::EntryMode::Lettered;
            v.keypad.prompt = session_.entry == EntryTarget::Signer ? "manual.signer"
                              : lettered                            ? "manual.enter_lettered"
                                                                    : "manual.enter";
            v.keypad.entered = session_.keypad;
            v.keypad.allow_x = limits.check_x;
            v.keypad.letters = limits.letters;
            v.keypad.max_length = static_cast<int>(limits.max_length);
            break;
        }
        case Screen::Fees:
            if (session_.fees) {
                for (const auto& line : session_.fees->lines) {
                    const domain::Package* p = config_.catalogue.package(line.package_id);
                    v.fees.rows.push_back({p != nullptr ? p->name_zh : line.package_id,
                                           p != nullptr ? p->name_en : line.package_id,
                                           "payer." + std::string(domain::code(line.payer)),
                                           domain::to_yuan_string(line.amount)});
                }
                v.fees.total = domain::to_yuan_string(session_.fees->total());
                v.fees.resident_pays = domain::to_yuan_string(session_.fees->resident_pays());
            }
            break;
        case Screen::Signature:
            v.signature.strokes = session_.strokes;
            v.signature.signer = "signer." + std::string(domain::code(session_.choice.signer.role));
            break;
        case Screen::Receipt:
            v.receipt = session_.receipt;
            v.print.state = session_.print_state;
            v.print.kept = session_.receipt_kept;
            if (session_.print_state == PrintState::Waiting) {
                v.print.problem = "printer." + std::string(code(printer_problem_));
            }
            break;
        case Screen::Feedback:
            v.rating = session_.rating;
            v.knows_doctor = session_.knows_doctor;
            v.asking_knows = session_.asking_knows;
            break;
        case Screen::Thanks:
            v.thanks = session_.journey == Journey::Decline ? "thanks.declined" : "thanks.card";
            break;
        case Screen::Summary:
            v.summary = summary_;
            break;
        case Screen::Reprint:
            v.reprints = reprints_;
            break;
        default:
            break;
    }
}

// ---------------------------------------------------------------- signatures

std::string strokes_json(const std::vector<std::vector<image::Point>>& strokes) {
    std::string out = "[";
    char buffer[32];
    for (std::size_t s = 0; s < strokes.size(); ++s) {
        out += s == 0 ? "[" : ",[";
        for (std::size_t i = 0; i < strokes[s].size(); ++i) {
            std::snprintf(buffer, sizeof buffer, "%s[%.1f,%.1f]", i == 0 ? "" : ",",
                          static_cast<double>(strokes[s][i].x),
                          static_cast<double>(strokes[s][i].y));
            out += buffer;
        }
        out += "]";
    }
    return out + "]";
}

std::vector<std::uint8_t> strokes_png(const std::vector<std::vector<image::Point>>& strokes) {
    // 900 × 300: the pad's units at 0.9 pixel each, a legible archive copy.
    constexpr float kScale = 0.9f;
    image::Grey canvas(static_cast<int>(kPadWidth * kScale), static_cast<int>(kPadHeight * kScale));
    for (const auto& raw : strokes) {
        const auto stroke = image::smooth(raw);
        for (std::size_t i = 0; i < stroke.size(); ++i) {
            const image::Point a{stroke[i == 0 ? 0 : i - 1].x * kScale,
                                 stroke[i == 0 ? 0 : i - 1].y * kScale};
            const image::Point b{stroke[i].x * kScale, stroke[i].y * kScale};
            canvas.line(a, b, 5.0f);
        }
    }
    return image::encode_png(canvas);
}

}  // namespace jiayi::flow
