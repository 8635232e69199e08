#include "kiosk/flow/flow.hpp"

#include <algorithm>
#include <cstdio>

#include "kiosk/domain/feedback.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/domain/phone.hpp"
#include "kiosk/domain/signature.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using domain::Refusal;
using namespace detail;

Flow::Flow(const config::KioskConfig& config, store::Store& store, IdSource ids,
           ReceiptPrinter* printer)
    : config_(config),
      store_(store),
      ids_(ids ? std::move(ids) : IdSource(store::new_uuid)),
      printer_(printer),
      pins_(config.staff.max_pin_attempts, config.staff.lockout_minutes),
      language_(text::language_from_code(config.screen.language).value_or(Language::ZhCN)),
      large_text_(config.screen.large_text) {
    publish();
}

domain::Date Flow::today() const {
    return domain::local_date(now_, config_.kiosk.utc_offset_minutes);
}

// ---------------------------------------------------------------- navigation

void Flow::go(Screen screen) {
    if (screen != screen_) {
        history_.push_back(screen_);
        screen_ = screen;
        page_ = 0;
    }
}

void Flow::back() {
    if (history_.empty()) {
        screen_ = Screen::Home;
        return;
    }
    screen_ = history_.back();
    history_.pop_back();
    page_ = 0;
    if (screen_ == Screen::Home || screen_ == Screen::Identify) {
        session_.journey = Journey::None;
    }
}

void Flow::show(std::string code, std::vector<std::string> args, std::optional<Screen> then) {
    message_ = Message{std::move(code), std::move(args)};
    after_message_ = then;
}

// One plain sentence and one next step; where the step leads is decided here.
void Flow::refuse(Refusal refusal) {
    std::optional<Screen> then;
    switch (refusal) {
        case Refusal::TeamFull:
        case Refusal::TeamClosed:
            teams_ = store_.teams().value_or({});
            then = Screen::Teams;
            break;
        case Refusal::AlreadySigned:
        case Refusal::OutsideRenewalWindow:
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
    if (then && *then == Screen::Status && !session_.identified) {
        then = Screen::Home;
    }
    show(std::string(domain::code(refusal)), {}, then);
}

void Flow::wipe() {
    scrub(session_.resident.name);
    scrub(session_.resident.address);
    scrub(session_.resident.phone);
    scrub(session_.resident.document.number);
    scrub(session_.facts.document.number);
    scrub(session_.keypad);
    scrub(session_.phone_first);
    if (session_.signer_document) {
        scrub(session_.signer_document->number);
    }
    session_ = Session{};
    history_.clear();
    screen_ = Screen::Home;
    message_.reset();
    after_message_.reset();
    countdown_.reset();
    nurse_ = false;
    page_ = 0;
    reprints_.clear();
    summary_ = {};
    language_ = text::language_from_code(config_.screen.language).value_or(Language::ZhCN);
    large_text_ = config_.screen.large_text;
}

void Flow::audit(const std::string& action, const std::string& detail) {
    // The audit log names the staff role and the record, never the person.
    (void)store_.audit("nurse", action, detail, now_);
}

// ---------------------------------------------------------------- events

void Flow::card(const CardData& card, Instant now) {
    now_ = now;
    last_input_ = now;
    countdown_.reset();
    auto document = domain::parse_document(card.number, today());
    if (!document) {
        show("card-unreadable");
        publish();
        return;
    }
    if (screen_ == Screen::Signer) {
        if (document->number == session_.resident.document.number) {
            show("signer-same-person");
        } else {
            session_.signer_document = std::move(document).value();
            message_.reset();
        }
        publish();
        return;
    }
    // A new card starts a new session: the previous resident's details go.
    const bool nurse = nurse_;
    const Language language = language_;
    const bool large = large_text_;
    wipe();
    nurse_ = nurse;
    language_ = language;
    large_text_ = large;
    identify(*document, card);
    publish();
}

void Flow::tick(Instant now) {
    now_ = now;
    const std::int64_t idle = now.unix_seconds - last_input_.unix_seconds;
    const bool resting =
        screen_ == Screen::Home && !nurse_ && !message_ &&
        language_ == text::language_from_code(config_.screen.language).value_or(Language::ZhCN) &&
        large_text_ == config_.screen.large_text;
    if (resting || idle < config_.screen.idle_seconds) {
        if (countdown_) {
            countdown_.reset();
            publish();
        }
        return;
    }
    // Home holds nothing personal: it simply returns to its defaults.
    if (screen_ == Screen::Home && !nurse_) {
        wipe();
        publish();
        return;
    }
    const std::int64_t left = config_.screen.idle_seconds + config_.screen.countdown_seconds - idle;
    if (left <= 0) {
        if (nurse_) {
            audit("sign-out", "idle");
        }
        wipe();
    } else {
        countdown_ = static_cast<int>(left);
    }
    publish();
}

std::optional<Instant> Flow::next_deadline() const {
    const bool resting =
        screen_ == Screen::Home && !nurse_ && !message_ &&
        language_ == text::language_from_code(config_.screen.language).value_or(Language::ZhCN) &&
        large_text_ == config_.screen.large_text;
    if (resting) {
        return std::nullopt;
    }
    const std::int64_t idle_at = last_input_.unix_seconds + config_.screen.idle_seconds;
    if (!countdown_) {
        return Instant{idle_at};
    }
    // Once a second while the countdown shows.
    return Instant{std::max(idle_at, now_.unix_seconds + 1)};
}

void Flow::handle(const Intent& intent, Instant now) {
    now_ = now;
    last_input_ = now;
    if (countdown_) {
        // The countdown covers the screen; any touch is "more time".
        countdown_.reset();
        publish();
        return;
    }
    if (message_) {
        if (intent.kind == IntentKind::Dismiss || intent.kind == IntentKind::Next) {
            message_.reset();
            if (after_message_) {
                const Screen then = *after_message_;
                after_message_.reset();
                if (then == Screen::Home) {
                    wipe();
                } else {
                    go(then);
                    // Going back from where the message led should not
                    // return to the step it refused.
                    while (!history_.empty() && history_.back() == then) {
                        history_.pop_back();
                    }
                }
            }
        }
        publish();
        return;
    }
    switch (intent.kind) {
        case IntentKind::None:
        case IntentKind::MoreTime:
        case IntentKind::Dismiss:
            break;
        case IntentKind::ToggleLanguage:
            language_ = language_ == Language::ZhCN ? Language::En : Language::ZhCN;
            break;
        case IntentKind::ToggleLargeText:
            large_text_ = !large_text_;
            break;
        case IntentKind::StartSigning:
            session_.journey = Journey::Sign;
            go(Screen::Identify);
            break;
        case IntentKind::MyDoctor:
            session_.journey = Journey::Look;
            go(Screen::Identify);
            break;
        case IntentKind::StartBooking:
            show("booking-later");
            break;
        case IntentKind::CallNurse:
            go(nurse_ ? Screen::NurseMenu : Screen::Help);
            break;
        case IntentKind::Back:
            if (screen_ == Screen::Feedback && session_.asking_knows) {
                session_.asking_knows = false;
            } else if (screen_ == Screen::Phone && session_.phone_stage == PhoneStage::Second) {
                session_.phone_stage = PhoneStage::First;
                scrub(session_.keypad);
                scrub(session_.phone_first);
            } else {
                scrub(session_.keypad);
                back();
            }
            break;
        case IntentKind::Finish:
            if (nurse_) {
                const bool nurse = nurse_;
                wipe();
                nurse_ = nurse;
                go(Screen::NurseMenu);
                history_.clear();
            } else {
                wipe();
            }
            break;
        case IntentKind::PageUp:
            page_ = std::max(0, page_ - 1);
            break;
        case IntentKind::PageDown:
            ++page_;
            break;
        case IntentKind::Sign:
            start(Journey::Sign);
            break;
        case IntentKind::Renew:
            start(Journey::Renew);
            break;
        case IntentKind::Switch:
            start(Journey::Switch);
            break;
        case IntentKind::Decline:
            start(Journey::Decline);
            break;
        case IntentKind::ProxySign:
            if (nurse_ && screen_ == Screen::Status) {
                session_.proxy = !session_.proxy;
                audit(session_.proxy ? "proxy-on" : "proxy-off", "");
            }
            break;
        case IntentKind::ChooseTeam:
            choose_team(intent.arg);
            break;
        case IntentKind::TogglePackage:
            toggle_package(intent.arg);
            break;
        case IntentKind::ChooseHospital:
            choose_hospital(intent.arg, intent.value);
            break;
        case IntentKind::ChooseRelation:
            session_.relation = intent.arg;
            break;
        case IntentKind::KeepPhone:
            if (screen_ == Screen::Phone && !session_.resident.phone.empty()) {
                phone_accepted(session_.resident.phone);
            }
            break;
        case IntentKind::ChangePhone:
            session_.phone_stage = PhoneStage::First;
            scrub(session_.keypad);
            break;
        case IntentKind::Key:
            key(intent.arg);
            break;
        case IntentKind::DeleteKey:
            if (!session_.keypad.empty()) {
                session_.keypad.pop_back();
            }
            break;
        case IntentKind::Stroke:
            if (screen_ == Screen::Signature && intent.stroke.size() >= 1 &&
                session_.strokes.size() < kMaxStrokes) {
                std::vector<image::Point> stroke = intent.stroke;
                if (stroke.size() > kMaxPointsPerStroke) {
                    stroke.resize(kMaxPointsPerStroke);
                }
                for (auto& p : stroke) {
                    p.x = std::clamp(p.x, 0.0f, kPadWidth);
                    p.y = std::clamp(p.y, 0.0f, kPadHeight);
                }
                session_.strokes.push_back(std::move(stroke));
            }
            break;
        case IntentKind::ClearSignature:
            session_.strokes.clear();
            break;
        // One question at a time: a face, then "do you know your doctor?".
        case IntentKind::Rate:
            if (screen_ == Screen::Feedback && intent.value >= 1 && intent.value <= 5) {
                session_.rating = intent.value;
                session_.asking_knows = true;
            }
            break;
        case IntentKind::KnowsDoctor:
            if (screen_ == Screen::Feedback && session_.asking_knows) {
                session_.knows_doctor = intent.value != 0;
                finish_feedback();
            }
            break;
        case IntentKind::Skip:
            if (screen_ == Screen::Feedback) {
                finish_feedback();  // keeps what was answered
            }
            break;
        case IntentKind::NurseSignIn:
            scrub(session_.keypad);
            go(Screen::Pin);
            break;
        case IntentKind::ManualEntry:
            if (nurse_) {
                session_.entry =
                    screen_ == Screen::Signer ? EntryTarget::Signer : EntryTarget::Resident;
                session_.entry_mode = domain::EntryMode::Identity;
                scrub(session_.keypad);
                go(Screen::ManualEntry);
            }
            break;
        case IntentKind::SwitchEntry:
            if (screen_ == Screen::ManualEntry) {
                session_.entry_mode = session_.entry_mode == domain::EntryMode::Identity
                                          ? domain::EntryMode::Lettered
                                          : domain::EntryMode::Identity;
                scrub(session_.keypad);
            }
            break;
        case IntentKind::Summary:
            open_summary();
            break;
        case IntentKind::Reprint:
            if (intent.arg.empty()) {
                open_reprints();
            } else {
                reprint(intent.arg);
            }
            break;
        case IntentKind::NurseSignOut:
            if (nurse_) {
                audit("sign-out", "");
            }
            wipe();
            break;
        case IntentKind::Next:
            switch (screen_) {
                case Screen::Signer:
                    after_signer();
                    break;
                case Screen::Packages:
                    packages_done();
                    break;
                case Screen::Hospitals:
                    go(Screen::Phone);
                    break;
                case Screen::Phone:
                    phone_next();
                    break;
                case Screen::Fees:
                    fees_next();
                    break;
                case Screen::Consent:
                    session_.choice.privacy_consent = true;
                    go(Screen::Signature);
                    break;
                case Screen::Notice:
                    go(Screen::Signature);
                    break;
                case Screen::Signature:
                    commit();
                    break;
                case Screen::Receipt:
                    if (session_.reprint) {
                        session_.reprint = false;
                        session_.receipt.reset();
                        back();
                    } else {
                        go(session_.journey == Journey::Decline ? Screen::Thanks
                                                                : Screen::Feedback);
                    }
                    break;
                case Screen::Pin:
                    pin_next();
                    break;
                case Screen::ManualEntry:
                    manual_entry_next();
                    break;
                case Screen::Thanks:
                case Screen::Status:
                    if (nurse_) {
                        wipe();
                        nurse_ = true;
                        go(Screen::NurseMenu);
                        history_.clear();
                    } else {
                        wipe();
                    }
                    break;
                default:
                    break;
            }
            break;
    }
    publish();
}

// ---------------------------------------------------------------- identify

void Flow::identify(const domain::Document& document, const CardData& card) {
    store::ResidentRecord resident;
    auto known = store_.find_resident(document.number);
    if (!known) {
        show("store-failed");
        return;
    }
    if (known.value()) {
        resident = std::move(*known.value());
        // The card is the fresher source for what it carries.
        if (!card.name.empty()) {
            resident.name = card.name;
        }
        if (!card.address.empty()) {
            resident.address = card.address;
        }
        resident.document = document;
    } else {
        resident.id = ids_();
        resident.document = document;
        resident.name = card.name;
        resident.address = card.address;
    }
    auto contracts = store_.contracts_of(resident.id);
    if (!contracts) {
        show("store-failed");
        return;
    }
    session_.identified = true;
    session_.facts.resident_id = resident.id;
    session_.facts.document = document;
    session_.facts.populations =
        domain::classify(document.birth_date, today(), resident.registry_populations,
                         resident.declared_populations, config_.rules.populations);
    session_.facts.insurance = resident.insurance;
    session_.facts.has_privacy_consent = resident.privacy_consent;
    session_.facts.contracts = std::move(contracts).value();
    session_.standing =
        domain::standing_on(session_.facts.contracts, today(), config_.rules.contract);
    session_.resident = std::move(resident);
    teams_ = store_.teams().value_or({});
    session_.journey = Journey::None;
    history_.clear();
    if (nurse_) {
        history_.push_back(Screen::NurseMenu);
    }
    screen_ = Screen::Status;
    page_ = 0;
}

// ---------------------------------------------------------------- journeys

void Flow::start(Journey journey) {
    if (screen_ != Screen::Status || !session_.identified) {
        return;
    }
    // A renewal outside its window (a stale or forged tap) is refused before
    // the resident chooses anything.
    if (journey == Journey::Renew) {
        if (auto ok = domain::check_renewal(session_.facts.contracts, today(),
                                            config_.rules.contract);
            !ok) {
            refuse(ok.error());
            return;
        }
    }
    session_.journey = journey;
    session_.choice = {};
    session_.choice.channel = nurse_ ? domain::Channel::NurseAssisted : config_.kiosk.channel;
    session_.fees.reset();
    session_.strokes.clear();
    session_.signer_document.reset();
    session_.relation.clear();
    session_.phone_stage = session_.resident.phone.empty() ? PhoneStage::First : PhoneStage::OnFile;
    const auto& latest = session_.standing.latest;
    if (journey == Journey::Renew && latest) {
        session_.choice.team_id = latest->team_id;
        session_.choice.package_ids = latest->package_ids;
        session_.choice.hospitals = latest->hospitals;
    }
    const bool minor =
        domain::needs_guardian(session_.facts.document, today(), config_.rules.contract);
    if (minor || session_.proxy) {
        go(Screen::Signer);
    } else {
        after_signer();
    }
}

void Flow::after_signer() {
    domain::Signer signer;
    const bool minor =
        domain::needs_guardian(session_.facts.document, today(), config_.rules.contract);
    if (minor || session_.proxy) {
        signer.role = minor ? domain::SignerRole::Guardian : domain::SignerRole::Proxy;
        signer.relation = session_.relation;
        signer.document = session_.signer_document;
        if (!signer.document) {
            show(minor ? "guardian-card" : "proxy-card");
            return;
        }
        if (signer.relation.empty()) {
            show("choose-relation");
            return;
        }
        if (auto checked = domain::check_signer(session_.facts.document, signer, today(),
                                                config_.rules.contract);
            !checked) {
            refuse(checked.error());
            return;
        }
    }
    session_.choice.signer = signer;
    switch (session_.journey) {
        case Journey::Sign:
            if (session_.standing.current) {
                refuse(Refusal::AlreadySigned);
                return;
            }
            [[fallthrough]];
        case Journey::Switch:
            teams_ = store_.teams().value_or({});
            if (offered_teams().empty()) {
                show("no-teams", {}, Screen::Status);
                return;
            }
            go(Screen::Teams);
            break;
        case Journey::Renew:
            go(Screen::Packages);
            break;
        case Journey::Decline:
            go(Screen::Notice);
            break;
        case Journey::None:
        case Journey::Look:
            break;
    }
}

std::vector<domain::Team> Flow::offered_teams() const {
    std::vector<domain::Team> out;
    const auto& current = session_.standing.current;
    for (const auto& team : teams_) {
        if (!domain::check_team_accepts(team, config_.rules.team)) {
            continue;  // a full or closed team is not offered
        }
        if (session_.journey == Journey::Switch && current && current->team_id == team.id) {
            continue;
        }
        out.push_back(team);
    }
    return out;
}

void Flow::choose_team(const std::string& id) {
    if (screen_ != Screen::Teams) {
        return;
    }
    for (const auto& team : offered_teams()) {
        if (team.id == id) {
            session_.choice.team_id = id;
            // The basic package comes chosen; the resident adds what they want.
            if (session_.choice.package_ids.empty()) {
                for (const auto& p : config_.catalogue.packages) {
                    if (p.kind == domain::PackageKind::Basic &&
                        domain::offered_to(p, session_.facts.populations.all())) {
                        session_.choice.package_ids.push_back(p.id);
                        break;
                    }
                }
            }
            go(Screen::Packages);
            return;
        }
    }
}

void Flow::toggle_package(const std::string& id) {
    const domain::Package* p = config_.catalogue.package(id);
    if (screen_ != Screen::Packages || p == nullptr ||
        !domain::offered_to(*p, session_.facts.populations.all())) {
        return;
    }
    auto& ids = session_.choice.package_ids;
    if (p->kind == domain::PackageKind::Basic) {
        // Exactly one basic package: choosing one replaces the other.
        std::erase_if(ids, [&](const std::string& other) {
            const domain::Package* o = config_.catalogue.package(other);
            return o != nullptr && o->kind == domain::PackageKind::Basic;
        });
        ids.insert(ids.begin(), id);
        return;
    }
    if (std::erase(ids, id) == 0) {
        ids.push_back(id);
    }
}

void Flow::choose_hospital(const std::string& id, int level) {
    if (screen_ != Screen::Hospitals) {
        return;
    }
    const domain::Hospital* h = config_.catalogue.hospital(id);
    if (h != nullptr) {
        level = h->level;
    }
    std::string& slot =
        level == 3 ? session_.choice.hospitals.tertiary : session_.choice.hospitals.secondary;
    slot = (h == nullptr || slot == id) ? std::string() : id;
}

void Flow::packages_done() {
    auto fees = domain::compute_fees(session_.choice.package_ids, config_.catalogue,
                                     session_.facts.populations, session_.facts.insurance,
                                     config_.rules.fees);
    if (!fees) {
        refuse(fees.error());
        return;
    }
    session_.fees = std::move(fees).value();
    go(config_.catalogue.hospitals.empty() ? Screen::Phone : Screen::Hospitals);
}

void Flow::key(const std::string& k) {
    // Phone numbers and PINs are digits; a document number takes what its
    // kind allows (domain::entry_limits).
    domain::EntryLimits limits{.min_length = 0, .max_length = 12};
    switch (screen_) {
        case Screen::Phone:
        case Screen::Pin:
            break;
        case Screen::ManualEntry:
            limits = domain::entry_limits(session_.entry_mode);
            break;
        default:
            return;
    }
    if (k.size() != 1) {
        return;
    }
    const char c = k[0] >= 'a' && k[0] <= 'z' ? static_cast<char>(k[0] - 'a' + 'A') : k[0];
    if (limits.accepts(c) && session_.keypad.size() < limits.max_length) {
        session_.keypad += c;
    }
}

void Flow::phone_next() {
    if (session_.phone_stage == PhoneStage::OnFile) {
        phone_accepted(session_.resident.phone);
        return;
    }
    if (session_.phone_stage == PhoneStage::First) {
        if (auto phone = domain::parse_phone(session_.keypad); !phone) {
            scrub(session_.keypad);
            refuse(phone.error());
            return;
        }
        session_.phone_first = session_.keypad;
        scrub(session_.keypad);
        session_.phone_stage = PhoneStage::Second;
        return;
    }
    auto phone = domain::confirm_phone(session_.phone_first, session_.keypad);
    scrub(session_.keypad);
    if (!phone) {
        scrub(session_.phone_first);
        session_.phone_stage = PhoneStage::First;
        refuse(phone.error());
        return;
    }
    phone_accepted(phone->digits);
}

void Flow::phone_accepted(const std::string& digits) {
    session_.resident.phone = digits;
    auto others = store_.residents_sharing_phone(digits, session_.resident.id);
    go(Screen::Fees);
    if (others && domain::is_shared_number(*others + 1, config_.rules.phone)) {
        // Staff may have typed their own number for many residents; the
        // resident is asked, and the center sees the flag in the audit.
        audit("phone-shared-number", std::to_string(*others + 1) + " residents");
        show("phone-shared", {std::to_string(*others)});
    }
}

void Flow::fees_next() {
    go(session_.facts.has_privacy_consent ? Screen::Signature : Screen::Consent);
}

void Flow::commit() {
    std::vector<domain::InkStroke> ink;
    for (const auto& stroke : session_.strokes) {
        auto& out = ink.emplace_back();
        for (const auto& p : stroke) {
            out.push_back({p.x, p.y});
        }
    }
    if (auto judged = domain::check_signature(ink, config_.rules.signature); !judged) {
        refuse(judged.error());
        return;
    }
    if (session_.journey == Journey::Decline) {
        commit_decline();
    } else {
        commit_signing();
    }
}

void Flow::commit_signing() {
    session_.choice.signature = true;
    const domain::Team* team = nullptr;
    for (const auto& t : teams_) {
        if (t.id == session_.choice.team_id) {
            team = &t;
        }
    }
    domain::Team kept;  // a renewal's team, when the cached list lacks it
    if (team == nullptr) {
        kept.id = session_.choice.team_id;
        team = &kept;
    }
    const std::string id = ids_();
    Result<domain::ContractChange, Refusal> change = fail(Refusal::NotSigned);
    switch (session_.journey) {
        case Journey::Sign:
            change = domain::sign_new(session_.facts, session_.choice, *team, config_.catalogue,
                                      config_.rules, today(), id);
            break;
        case Journey::Renew:
            change = domain::renew(session_.facts, session_.choice, *team, config_.catalogue,
                                   config_.rules, today(), id);
            break;
        case Journey::Switch:
            change = domain::switch_team(session_.facts, session_.choice, *team, config_.catalogue,
                                         config_.rules, today(), id);
            break;
        default:
            return;
    }
    if (!change) {
        refuse(change.error());
        return;
    }
    store::SigningRecord record;
    record.resident = session_.resident;
    record.resident.privacy_consent =
        session_.facts.has_privacy_consent || session_.choice.privacy_consent;
    record.change = std::move(change).value();
    record.signature_id = ids_();
    record.signature = {strokes_json(session_.strokes), strokes_png(session_.strokes)};
    record.consent_given = session_.choice.privacy_consent && !session_.facts.has_privacy_consent;
    record.kiosk_id = config_.kiosk.id;
    record.operator_id = nurse_ ? "nurse" : "";
    if (auto written = store_.record_signing(record, now_); !written) {
        // Nothing was written; the resident may try again or ask a nurse.
        show(written.error().kind == store::StoreErrorKind::Conflict ? "already-changed"
                                                                     : "store-failed");
        return;
    }
    if (nurse_) {
        audit("assisted-" + std::string(domain::code(record.change.contract.type)),
              record.change.contract.id);
    }
    session_.record_id = record.change.contract.id;
    session_.resident.privacy_consent = record.resident.privacy_consent;
    session_.facts.has_privacy_consent = record.resident.privacy_consent;
    receipt::ContractFacts facts;
    facts.masked_name = domain::mask_name(session_.resident.name);
    facts.masked_id = domain::mask_id(session_.resident.document.number, config_.rules.mask);
    facts.team_name = team->name.empty() ? team->id : team->name;
    facts.doctor = team->leader;
    facts.doctor_phone = team->leader_phone;
    facts.signer_role = std::string(domain::code(record.change.contract.signer.role));
    facts.printed_at = local_time(now_, config_.kiosk.utc_offset_minutes, true);
    facts.kiosk_id = config_.kiosk.id;
    session_.receipt =
        receipt::contract_receipt(ids_(), record.change.contract, config_.catalogue, facts);
    keep_receipt();
    send_to_printer(*session_.receipt);
    // The status shown from here on is the new one.
    session_.facts.contracts = store_.contracts_of(session_.resident.id).value_or({});
    session_.standing =
        domain::standing_on(session_.facts.contracts, today(), config_.rules.contract);
    history_.clear();
    go(Screen::Receipt);
    history_.clear();
}

void Flow::commit_decline() {
    const std::string id = ids_();
    auto opt_out =
        domain::decline(session_.facts, session_.choice.signer, true, config_.notice_version,
                        session_.choice.channel, config_.rules, today(), id);
    if (!opt_out) {
        refuse(opt_out.error());
        return;
    }
    store::OptOutRecord record{session_.resident,
                               opt_out.value(),
                               ids_(),
                               {strokes_json(session_.strokes), strokes_png(session_.strokes)},
                               config_.kiosk.id,
                               nurse_ ? "nurse" : ""};
    if (auto written = store_.record_opt_out(record, now_); !written) {
        show("store-failed");
        return;
    }
    if (nurse_) {
        audit("assisted-decline", opt_out->id);
    }
    session_.record_id = opt_out->id;
    receipt::NoticeFacts facts;
    facts.masked_name = domain::mask_name(session_.resident.name);
    facts.masked_id = domain::mask_id(session_.resident.document.number, config_.rules.mask);
    facts.signer_role = std::string(domain::code(session_.choice.signer.role));
    facts.printed_at = local_time(now_, config_.kiosk.utc_offset_minutes, true);
    facts.kiosk_id = config_.kiosk.id;
    session_.receipt = receipt::notice_receipt(ids_(), *opt_out, facts);
    keep_receipt();
    send_to_printer(*session_.receipt);
    history_.clear();
    go(Screen::Receipt);
    history_.clear();
}

// The record is written; its receipt is kept for reprints. A receipt that
// cannot be kept is still shown and printed, and the failure is said on the
// screen and in the staff's audit log, never dropped: no copy can be made later.
void Flow::keep_receipt() {
    const std::string json = receipt::to_json(*session_.receipt);
    auto saved = store_.save_receipt(session_.receipt->id, session_.record_id,
                                     std::string(receipt::code(session_.receipt->kind)),
                                     store::Bytes(json.begin(), json.end()), now_);
    session_.receipt_kept = saved.ok();
    if (!saved) {
        audit("receipt-not-kept",
              session_.record_id + " " + std::string(store::code(saved.error().kind)));
        show("receipt-not-kept");
    }
}

void Flow::finish_feedback() {
    auto feedback = domain::make_feedback(session_.rating, session_.knows_doctor);
    if (feedback) {
        if (auto written = store_.record_feedback(ids_(), session_.record_id, *feedback, now_);
            !written) {
            show("store-failed");
            return;
        }
    }
    go(Screen::Thanks);
}

}  // namespace jiayi::flow
