// The flow's dispatcher: what every screen shares (the countdown, the
// message, language and text size, Back, Finish, paging) is here; each
// journey's own intents go to that journey.

#include "kiosk/flow/flow.hpp"

#include <algorithm>

#include "kiosk/flow/center.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/state.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::flow {

using namespace detail;

Flow::Flow(const config::KioskConfig& config, store::Store& store, IdSource ids,
           ReceiptPrinter* printer, PinChecker* pins)
    : config_(config),
      s_(std::make_unique<FlowState>(config)),
      ctx_(std::make_unique<Context>(Context{config, store,
                                             ids ? std::move(ids) : IdSource(store::new_uuid),
                                             Instant{}, s_->nav, s_->staff, s_->badge})),
      printing_(std::make_unique<Printing>(printer)),
      pins_(pins) {
    publish();
}

Flow::~Flow() {
    wipe();
}

std::int64_t Flow::print_job() const {
    return s_->receipt.job;
}

// The staff's indicator reads the store's queue whenever a nurse's screen
// changes: a record just made counts at once, with or without a hub.
void Flow::read_queue() {
    if (auto status = ctx_->store.status()) {
        s_->center.queue_read({status->outbox_pending, status->oldest_pending_at.value_or(""),
                               status->outbox_refused});
    }
}

void Flow::publish() {
    if (ctx_->assisted() && s_->nav.screen() != published_screen_) {
        read_queue();
    }
    published_screen_ = s_->nav.screen();
    view_ = std::make_shared<const View>(
        build_view(*s_, printing_->problem(), config_, ctx_->today(), ctx_->now));
    ++version_;
}

// The resident and everything chosen for them go (their names and numbers
// overwritten first).
void Flow::drop_resident() {
    if (auto waiting = s_->center.give_up()) {
        // Gone before the center's word: the signing's receipt is still
        // kept (for a reprint) and printed, as recorded on this kiosk.
        receipt::add_center_word(waiting->receipt, false);
        printing_->issue(*ctx_, s_->receipt, std::move(waiting).value(), s_->language);
    }
    s_->journey.reset();
    s_->booking.reset();
    s_->wants_booking = false;
    s_->back_fill.reset();
    s_->wants_back_fill = false;
    if (s_->resident) {
        s_->resident->scrub();
        s_->resident.reset();
    }
    s_->proxy = false;
    s_->receipt = ReceiptStep{};
    s_->feedback = Feedback{};
}

// The session goes; who is signed in, the language and the text size stay.
void Flow::drop_session() {
    drop_resident();
    s_->nurse.clear();
    s_->nav.reset();
    s_->countdown.reset();
    s_->badge.clear();
}

// Everything personal goes, and the kiosk returns to its defaults.
void Flow::wipe() {
    drop_session();
    s_->staff.clear();
    s_->language = default_language(config_);
    s_->large_text = config_.screen.large_text;
    s_->voice_muted = false;
}

// After a session: the nurse's menu for a nurse, home for a resident.
void Flow::end_session() {
    const std::string staff = s_->staff;
    wipe();
    if (!staff.empty()) {
        s_->staff = staff;
        s_->nav.restart_at(Screen::NurseMenu);
    }
}

// ---------------------------------------------------------------- events

void Flow::card(const CardData& card, Instant now) {
    ctx_->now = now;
    if (s_->center.awaiting()) {
        return;  // a card does not end a signing waiting for the center's word
    }
    last_input_ = now;
    s_->countdown.reset();
    auto document = domain::parse_document(card.number, ctx_->today());
    if (!document) {
        s_->nav.show("card-unreadable");
    } else if (s_->nav.screen() == Screen::Signer && s_->journey) {
        if (s_->journey->signer_identified(std::move(document).value())) {
            s_->nav.drop_message("");  // whatever it said: the signer is known now
        }
    } else {
        // A new card starts a new session: the previous resident's details
        // go; what they came for ("book a specialist") stays.
        const bool identifying = s_->nav.screen() == Screen::Identify;
        const bool wants_booking = s_->wants_booking && identifying;
        const bool wants_back_fill = s_->wants_back_fill && identifying;
        drop_session();
        s_->wants_booking = wants_booking;
        s_->wants_back_fill = wants_back_fill;
        begin_session(*document, card);
    }
    publish();
}

void Flow::begin_session(const domain::Document& document, const CardData& card) {
    const bool wants_booking = s_->wants_booking;
    const bool wants_back_fill = s_->wants_back_fill && ctx_->assisted();
    auto resident = identify(*ctx_, document, card);
    if (!resident) {
        return;
    }
    drop_resident();
    s_->resident.emplace(std::move(resident).value());
    s_->nav.restart_at(Screen::Status,
                       ctx_->assisted() ? std::optional(Screen::NurseMenu) : std::nullopt);
    // Online, the hub is asked for the resident's registry flags at once;
    // the status shows what the store holds meanwhile, and the answer, when
    // it comes, classifies the resident again (fee waivers the township's
    // list does not hold yet apply today). Offline, the store's stand.
    if (hub_ != nullptr && s_->center.online()) {
        s_->resident->flags_ticket = ++hub_tickets_;
        hub_->flags(s_->resident->flags_ticket,
                    {s_->resident->record.id, s_->resident->record.document});
    }
    if (wants_booking) {
        start_booking(IntentKind::Book);
    } else if (wants_back_fill) {
        // Back from the back-fill's first step shows the resident's status.
        s_->back_fill.emplace(*ctx_, *s_->resident);
    }
}

// Booking from the status screen: a new booking, or the resident's list.
void Flow::start_booking(IntentKind kind) {
    if (s_->nav.screen() != Screen::Status || !s_->resident) {
        return;
    }
    s_->journey.reset();
    s_->booking.reset();
    s_->booking.emplace(*ctx_, &*s_->resident, hub_, hub_tickets_);
    if (kind == IntentKind::MyBookings) {
        s_->booking->start_list();
    } else {
        s_->booking->start_booking();
    }
}

void Flow::start(JourneyKind kind) {
    if (s_->nav.screen() != Screen::Status || !s_->resident) {
        return;
    }
    // A renewal outside its window (a stale or forged tap) is refused before
    // the resident chooses anything.
    if (kind == JourneyKind::Renew) {
        if (auto ok = domain::check_renewal(s_->resident->facts.contracts, ctx_->today(),
                                            config_.rules.contract);
            !ok) {
            show_refusal(*ctx_, ok.error());
            return;
        }
    }
    s_->journey.reset();
    s_->journey.emplace(kind, s_->proxy, *ctx_, *s_->resident);
}

// The kiosk at rest: home, nobody signed in, nothing said, the defaults.
bool Flow::resting() const {
    return s_->nav.screen() == Screen::Home && s_->staff.empty() && !s_->nav.message() &&
           s_->language == default_language(config_) && s_->large_text == config_.screen.large_text;
}

void Flow::tick(Instant now) {
    ctx_->now = now;
    if (auto verdict = s_->center.on_tick(now)) {
        center_verdict(std::move(verdict).value());
        publish();
        return;
    }
    if (s_->center.awaiting()) {
        return;  // the wait ends first; the idle timers after it
    }
    const std::int64_t idle = now.unix_seconds - last_input_.unix_seconds;
    if (resting() || idle < config_.screen.idle_seconds) {
        if (s_->countdown) {
            s_->countdown.reset();
            publish();
        }
        return;
    }
    // Home holds nothing personal: it simply returns to its defaults.
    if (s_->nav.screen() == Screen::Home && s_->staff.empty()) {
        wipe();
        publish();
        return;
    }
    const std::int64_t left = config_.screen.idle_seconds + config_.screen.countdown_seconds - idle;
    if (left <= 0) {
        if (ctx_->assisted()) {
            ctx_->audit("sign-out", "idle");
        }
        wipe();
    } else {
        s_->countdown = static_cast<int>(left);
    }
    publish();
}

std::optional<Instant> Flow::next_deadline() const {
    if (auto until = s_->center.deadline()) {
        return until;
    }
    if (resting()) {
        return std::nullopt;
    }
    const std::int64_t idle_at = last_input_.unix_seconds + config_.screen.idle_seconds;
    if (!s_->countdown) {
        return Instant{idle_at};
    }
    // Once a second while the countdown shows.
    return Instant{std::max(idle_at, ctx_->now.unix_seconds + 1)};
}

void Flow::handle(const Intent& intent, Instant now) {
    ctx_->now = now;
    last_input_ = now;
    if (intent.kind == IntentKind::ListenAgain) {
        // Whatever is on show — a screen, a message, the countdown — is said again.
        ++s_->listen_again;
        publish();
        return;
    }
    if (s_->countdown) {
        // The countdown covers the screen; any touch is "more time".
        s_->countdown.reset();
    } else if (s_->nav.message()) {
        if (intent.kind == IntentKind::Dismiss || intent.kind == IntentKind::Next) {
            if (s_->nav.dismiss() == Screen::Home) {
                wipe();
            }
            // A back-fill refused for good (a contract on file) ends where
            // its message led.
            const auto& steps = BackFillJourney::steps();
            if (std::find(steps.begin(), steps.end(), s_->nav.screen()) == steps.end()) {
                s_->back_fill.reset();
            }
        }
    } else {
        dispatch(intent);
    }
    publish();
}

void Flow::dispatch(const Intent& intent) {
    Navigator& nav = s_->nav;
    const Screen screen = nav.screen();
    const bool assisted = ctx_->assisted();

    // While a PIN is being checked the pad takes nothing but a change of
    // language or text size: the answer decides where the kiosk goes.
    if (s_->nurse.checking() && screen == Screen::Pin &&
        intent.kind != IntentKind::ToggleLanguage && intent.kind != IntentKind::ToggleLargeText) {
        return;
    }

    // While the center is asked about a signing just made, the screen takes
    // nothing but a change of language or text size: its word decides.
    if (s_->center.awaiting() && intent.kind != IntentKind::ToggleLanguage &&
        intent.kind != IntentKind::ToggleLargeText) {
        return;
    }

    // The screen's own journey first.
    if (s_->booking && s_->booking->handle(intent)) {
        return;
    }
    if (bool done = false; s_->back_fill && s_->back_fill->handle(intent, done)) {
        if (done) {
            back_fill_done();
        }
        return;
    }
    std::optional<Committed> done;
    if (s_->journey && s_->journey->handle(intent, done)) {
        if (done) {
            committed(std::move(done).value(), s_->journey->state().kind != JourneyKind::Decline);
        }
        return;
    }
    if (s_->feedback.handle(intent, *ctx_, s_->receipt.record_id)) {
        return;
    }

    switch (intent.kind) {
        case IntentKind::ToggleLanguage:
            s_->language = s_->language == Language::ZhCN ? Language::En : Language::ZhCN;
            break;
        case IntentKind::ToggleLargeText:
            s_->large_text = !s_->large_text;
            break;
        case IntentKind::StartSigning:
        case IntentKind::MyDoctor:
            nav.go(Screen::Identify);
            break;
        case IntentKind::StartBooking:
            // Without the center there is nothing to book: said before the card.
            if (hub_ == nullptr) {
                nav.show("booking-offline");
            } else {
                s_->wants_booking = true;
                nav.go(Screen::Identify);
            }
            break;
        case IntentKind::Book:
        case IntentKind::MyBookings:
            start_booking(intent.kind);
            break;
        case IntentKind::CallNurse:
            nav.go(assisted ? Screen::NurseMenu : Screen::Help);
            break;
        case IntentKind::Back:
            s_->nurse.clear_keypad();
            nav.back();
            if (nav.screen() == Screen::Home || nav.screen() == Screen::Identify) {
                s_->journey.reset();
                s_->wants_booking = false;
            }
            if (!is_booking_screen(nav.screen())) {
                s_->booking.reset();
            }
            if (const auto& steps = BackFillJourney::steps();
                std::find(steps.begin(), steps.end(), nav.screen()) == steps.end()) {
                s_->back_fill.reset();
                s_->wants_back_fill = nav.screen() == Screen::Identify && s_->wants_back_fill;
            }
            break;
        case IntentKind::Finish:
            end_session();
            break;
        case IntentKind::PageUp:
            nav.page_up();
            break;
        case IntentKind::PageDown:
            nav.page_down();
            break;
        case IntentKind::Sign:
            start(JourneyKind::Sign);
            break;
        case IntentKind::Renew:
            start(JourneyKind::Renew);
            break;
        case IntentKind::Switch:
            start(JourneyKind::Switch);
            break;
        case IntentKind::Decline:
            start(JourneyKind::Decline);
            break;
        case IntentKind::ProxySign:
            if (assisted && screen == Screen::Status) {
                s_->proxy = !s_->proxy;
                ctx_->audit(s_->proxy ? "proxy-on" : "proxy-off", "");
            }
            break;
        case IntentKind::Key:
            s_->nurse.key(screen, intent.arg);
            break;
        case IntentKind::DeleteKey:
            s_->nurse.delete_key();
            break;
        case IntentKind::NurseSignIn:
            s_->nurse.open_pin(*ctx_);
            break;
        case IntentKind::ManualEntry:
            if (assisted) {
                s_->nurse.open_manual_entry(*ctx_, screen == Screen::Signer
                                                       ? NurseDesk::EntryTarget::Signer
                                                       : NurseDesk::EntryTarget::Resident);
            }
            break;
        case IntentKind::SwitchEntry:
            if (screen == Screen::ManualEntry) {
                s_->nurse.switch_entry_mode();
            }
            break;
        case IntentKind::Summary:
            if (assisted) {
                s_->nurse.open_summary(*ctx_);
            }
            break;
        case IntentKind::Reprint:
            if (!assisted) {
                break;
            }
            if (intent.arg.empty()) {
                s_->nurse.open_reprints(*ctx_);
            } else {
                reprint(intent.arg);
            }
            break;
        case IntentKind::Refused:
            if (assisted) {
                s_->nurse.open_refused(*ctx_);
            }
            break;
        case IntentKind::SettleRefusal:
            if (assisted && s_->nav.screen() == Screen::Refused) {
                s_->nurse.settle_refusal(*ctx_, intent.arg);
            }
            break;
        case IntentKind::BackFill:
            // The resident first: a card, or the number typed.
            if (assisted && screen == Screen::NurseMenu) {
                s_->wants_back_fill = true;
                nav.go(Screen::Identify);
            }
            break;
        case IntentKind::ToggleVoice:
            if (assisted && screen == Screen::NurseMenu) {
                s_->voice_muted = !s_->voice_muted;
            }
            break;
        case IntentKind::NurseSignOut:
            if (assisted) {
                ctx_->audit("sign-out", "");
            }
            wipe();
            break;
        case IntentKind::Next:
            next();
            break;
        default:
            break;  // an intent of a screen not on show
    }
}

// The primary action of the screens that belong to no journey.
void Flow::next() {
    switch (s_->nav.screen()) {
        case Screen::Receipt:
            if (s_->receipt.reprint) {
                s_->receipt = ReceiptStep{};
                s_->nav.back();
            } else {
                const bool declined =
                    s_->journey && s_->journey->state().kind == JourneyKind::Decline;
                const bool voucher =
                    s_->receipt.receipt && s_->receipt.receipt->kind == receipt::Kind::Voucher;
                s_->nav.go(declined || voucher ? Screen::Thanks : Screen::Feedback);
            }
            break;
        case Screen::Pin:
            s_->nurse.pin_next(*ctx_, pins_);
            break;
        case Screen::ManualEntry:
            if (auto document = s_->nurse.manual_entry_next(*ctx_)) {
                if (s_->nurse.entry() == NurseDesk::EntryTarget::Signer) {
                    s_->nav.back();
                    if (s_->journey) {
                        s_->journey->signer_identified(std::move(document).value());
                    }
                } else {
                    begin_session(*document, CardData{});
                }
            }
            break;
        case Screen::Thanks:
        case Screen::Status:
            end_session();
            break;
        default:
            break;
    }
}

// A record written: its receipt now, or — a signing while the hub answers —
// after a few seconds' wait for the center's word (protocols/hub-fhir.md,
// "Online signing"). The store has already woken the sync for it.
void Flow::committed(Committed done, bool contract) {
    if (contract && s_->center.online() && config_.hub.online_wait_seconds > 0) {
        s_->center.await(std::move(done),
                         Instant{ctx_->now.unix_seconds + config_.hub.online_wait_seconds});
        s_->nav.restart_at(Screen::Confirming);
        return;
    }
    if (contract) {
        receipt::add_center_word(done.receipt, false);
    }
    printing_->issue(*ctx_, s_->receipt, std::move(done), s_->language);
    s_->nav.restart_at(Screen::Receipt);
}

// The center's word on the signing that waited. Refused: no receipt for a
// contract the center does not hold; the resident hears why in one
// sentence, whose next step is the desk, over their status (which says
// so too). Confirmed or no word: the receipt, saying which.
void Flow::center_verdict(CenterVerdict verdict) {
    if (verdict.word == CenterVerdict::Word::Refused) {
        ctx_->audit("center-refused", verdict.committed.record_id + " " + verdict.code);
        if (s_->resident) {
            s_->resident->refresh(*ctx_);
        }
        s_->nav.restart_at(Screen::Status,
                           ctx_->assisted() ? std::optional(Screen::NurseMenu) : std::nullopt);
        s_->nav.show("center-refused-" + known_refusal(verdict.code));
        return;
    }
    receipt::add_center_word(verdict.committed.receipt,
                             verdict.word == CenterVerdict::Word::Confirmed);
    printing_->issue(*ctx_, s_->receipt, std::move(verdict.committed), s_->language);
    s_->nav.restart_at(Screen::Receipt);
}

// A back-fill written: the session ends (the resident's details go), the
// nurse is back at the menu, told what was recorded.
void Flow::back_fill_done() {
    const auto& done = s_->back_fill->state();
    std::vector<std::string> args{done.form_number,
                                  done.signed_on ? domain::to_iso(*done.signed_on) : ""};
    end_session();
    s_->nav.show("backfill-saved", std::move(args));
}

void Flow::sync_news(const SyncNews& news, Instant now) {
    ctx_->now = now;
    if (auto verdict = s_->center.on_news(news)) {
        center_verdict(std::move(verdict).value());
    }
    publish();
}

std::optional<std::string> Flow::awaited_record() const {
    return s_->center.awaited_record();
}

void Flow::reprint(const std::string& receipt_id) {
    if (s_->nav.screen() != Screen::Reprint) {
        return;
    }
    if (auto kept = s_->nurse.receipt(*ctx_, receipt_id)) {
        printing_->reprint(*ctx_, s_->receipt, std::move(kept).value(), s_->language);
        s_->nav.go(Screen::Receipt);
    }
}

// ---------------------------------------------------------------- devices

// What each of our codes does here. Identifying a resident by a code waits
// for the center (the e-health card is resolved online); a nurse's badge
// opens the PIN screen but never signs in alone; a receipt's code brings a
// nurse to that receipt's reprint.
void Flow::qr(const ScannedCode& code, Instant now) {
    ctx_->now = now;
    if (s_->center.awaiting()) {
        return;  // nor does a code: the center's word comes first
    }
    last_input_ = now;
    Navigator& nav = s_->nav;
    switch (code.kind) {
        case CodeKind::Booking:
            // The voucher's booking, as the center has it; nothing to change from here.
            if (hub_ == nullptr) {
                nav.show("booking-offline");
                break;
            }
            s_->journey.reset();
            s_->booking.reset();
            s_->booking.emplace(*ctx_, s_->resident ? &*s_->resident : nullptr, hub_, hub_tickets_);
            s_->booking->start_lookup(code.id);
            break;
        case CodeKind::EHealthCard:
            nav.show("qr-ehealth-offline");
            break;
        case CodeKind::NurseBadge:
            if (!ctx_->assisted()) {
                s_->nurse.badge(*ctx_, code.id);
            }
            break;
        case CodeKind::Record:
            if (ctx_->assisted()) {
                if (auto receipt_id = s_->nurse.receipt_of_record(*ctx_, code.id)) {
                    nav.go(Screen::Reprint);
                    reprint(*receipt_id);
                }
            } else {
                nav.show("qr-receipt");
            }
            break;
        case CodeKind::NotOurs:
            nav.show("qr-not-used");
            break;
    }
    publish();
}

// One sentence for the resident; the driver logs the detail for staff.
void Flow::reader(ReaderStatus status, Instant now) {
    ctx_->now = now;
    switch (status) {
        case ReaderStatus::CardMoved:
            last_input_ = now;
            s_->nav.show("card-moved");
            break;
        case ReaderStatus::Broken:
            s_->nav.show("reader-broken");
            break;
        case ReaderStatus::Offline:
            s_->nav.show("reader-offline");
            break;
        case ReaderStatus::Back:
            s_->nav.drop_message("reader-");
            break;
    }
    publish();
}

void Flow::hub_answered(const HubAnswer& answer, Instant now) {
    if (s_->resident && s_->resident->flags_ticket != 0 &&
        answer.ticket == s_->resident->flags_ticket) {
        ctx_->now = now;
        s_->resident->flags_ticket = 0;
        if (!answer.refusal) {
            s_->resident->take_flags(*ctx_, answer.flags);
            publish();
        }
        return;
    }
    if (!s_->booking) {
        return;  // the session that asked is gone
    }
    ctx_->now = now;
    std::optional<Committed> committed;
    if (!s_->booking->answered(answer, committed)) {
        return;
    }
    if (committed) {
        printing_->issue(*ctx_, s_->receipt, std::move(committed).value(), s_->language);
        s_->nav.restart_at(Screen::Receipt);
    }
    publish();
}

void Flow::pin_checked(const PinChecked& answer, Instant now) {
    ctx_->now = now;
    s_->nurse.pin_checked(*ctx_, answer);
    publish();
}

void Flow::printer(const PrinterEvent& event, Instant now) {
    ctx_->now = now;
    printing_->on_event(*ctx_, s_->receipt, event);
    publish();
}

}  // namespace jiayi::flow
