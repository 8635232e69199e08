#include "kiosk/flow/booking.hpp"

#include <algorithm>

#include "kiosk/domain/booking.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;
using domain::Refusal;

std::string_view code(HubRefusal refusal) {
    switch (refusal) {
        case HubRefusal::SlotTaken:
            return "slot-taken";
        case HubRefusal::BookingLimit:
            return "booking-limit";
        case HubRefusal::NotSigned:
            return "not-signed";
        case HubRefusal::PastDeadline:
            return "past-deadline";
        case HubRefusal::NotFound:
            return "not-found";
        case HubRefusal::Offline:
            break;
    }
    return "offline";
}

bool is_booking_screen(Screen screen) {
    switch (screen) {
        case Screen::BookHospital:
        case Screen::BookDepartment:
        case Screen::BookDay:
        case Screen::BookTime:
        case Screen::BookConfirm:
        case Screen::MyBookings:
        case Screen::Booking:
            return true;
        default:
            return false;
    }
}

namespace {

std::string local_day(Instant instant, int offset) {
    return domain::to_iso(domain::local_date(instant, offset));
}

// 1970-01-01 was a Thursday: day 0 of the count is weekday 4 (Sunday 0).
std::string weekday_key(Instant instant, int offset) {
    const std::int64_t days = domain::to_days(domain::local_date(instant, offset));
    return "weekday." + std::to_string(((days + 4) % 7 + 7) % 7);
}

Instant cancel_deadline(const PoolSlot& slot, const domain::BookingRules& rules) {
    return Instant{slot.start.unix_seconds - std::int64_t{rules.cancel_deadline_hours} * 3600};
}

SlotView slot_view(const PoolSlot& slot, const config::KioskConfig& config) {
    const int offset = config.kiosk.utc_offset_minutes;
    SlotView v;
    v.id = slot.id;
    v.hospital_zh = slot.hospital.zh;
    v.hospital_en = slot.hospital.en;
    v.department_zh = slot.department.zh;
    v.department_en = slot.department.en;
    v.place_zh = slot.place.zh;
    v.place_en = slot.place.en;
    v.day = local_day(slot.start, offset);
    v.weekday = weekday_key(slot.start, offset);
    v.time = local_time(slot.start, offset, false) + "–" + local_time(slot.end, offset, false);
    v.cancel_until = local_time(cancel_deadline(slot, config.rules.booking), offset, true);
    return v;
}

SlotView booking_row(const PoolBooking& booking, const config::KioskConfig& config, Instant now) {
    SlotView v = slot_view(booking.slot, config);
    v.id = booking.id;
    v.cancelled = booking.status == BookingStatus::Cancelled;
    v.cancellable = !v.cancelled &&
                    domain::check_cancellation(booking.slot.start, now, config.rules.booking).ok();
    return v;
}

}  // namespace

BookingJourney::BookingJourney(Context& ctx, Resident* resident, HubRequests* hub,
                               std::uint64_t& tickets)
    : ctx_(ctx), resident_(resident), hub_(hub), tickets_(tickets) {}

HubResident BookingJourney::who() const {
    return resident_ != nullptr ? HubResident{resident_->record.id, resident_->facts.document}
                                : HubResident{};
}

// One question at a time: a new one replaces the one awaited, whose answer
// is then dropped.
void BookingJourney::ask(Ask what) {
    if (hub_ == nullptr) {
        offline();
        return;
    }
    pending_ = Pending{++tickets_, what};
    const std::uint64_t ticket = pending_->ticket;
    switch (what) {
        case Ask::OpenCount:
        case Ask::List:
        case Ask::LimitList:
            hub_->bookings(ticket, who());
            break;
        case Ask::Pool:
            hub_->pool(ticket);
            break;
        case Ask::Slots:
        case Ask::Offer:
            hub_->slots(ticket, s_.department_id);
            break;
        case Ask::Book:
            if (s_.slot && resident_ != nullptr && resident_->standing.current) {
                hub_->book(ticket, BookRequest{ctx_.ids(), ctx_.ids(), *s_.slot,
                                               resident_->standing.current->team_id, who()});
            }
            break;
        case Ask::Cancel:
            if (s_.shown) {
                hub_->cancel(ticket, CancelRequest{*s_.shown, who()});
            }
            break;
        case Ask::Lookup:
            hub_->lookup(ticket, lookup_id_);
            break;
    }
}

// Booking needs the center: without it the kiosk says so, and where to go.
void BookingJourney::offline() {
    pending_.reset();
    ctx_.nav.show("booking-offline", {},
                  resident_ != nullptr ? std::optional(Screen::Status) : std::nullopt);
}

void BookingJourney::start_booking() {
    // The rule is the domain's, asked once here: a contract in force. The
    // number of open bookings is the center's to count (below).
    if (auto ok = domain::check_booking(resident_->standing, 0, domain::SlotStatus::Free,
                                        ctx_.config.rules.booking);
        !ok) {
        show_refusal(ctx_, ok.error());
        return;
    }
    ask(Ask::OpenCount);
}

void BookingJourney::start_list() {
    ask(Ask::List);
}

void BookingJourney::start_lookup(const std::string& booking_id) {
    lookup_id_ = booking_id;
    s_.from_scan = true;
    ask(Ask::Lookup);
}

bool BookingJourney::handle(const Intent& intent) {
    Navigator& nav = ctx_.nav;
    const Screen screen = nav.screen();
    if (pending_) {
        // Waiting: Back gives up on the answer (it is dropped when it
        // comes); the rest waits, but for language and text size.
        if (intent.kind == IntentKind::Back) {
            pending_.reset();
            return true;
        }
        return intent.kind != IntentKind::ToggleLanguage &&
               intent.kind != IntentKind::ToggleLargeText;
    }
    switch (intent.kind) {
        case IntentKind::PickHospital:
            if (screen == Screen::BookHospital &&
                std::any_of(s_.departments.begin(), s_.departments.end(),
                            [&](const PoolDepartment& d) { return d.hospital_id == intent.arg; })) {
                s_.hospital_id = intent.arg;
                nav.go(Screen::BookDepartment);
            }
            return true;
        case IntentKind::PickDepartment:
            if (screen == Screen::BookDepartment &&
                std::any_of(s_.departments.begin(), s_.departments.end(),
                            [&](const PoolDepartment& d) {
                                return d.id == intent.arg && d.hospital_id == s_.hospital_id;
                            })) {
                s_.department_id = intent.arg;
                ask(Ask::Slots);
            }
            return true;
        case IntentKind::PickDay:
            if (screen == Screen::BookDay) {
                const int offset = ctx_.config.kiosk.utc_offset_minutes;
                if (std::any_of(s_.slots.begin(), s_.slots.end(), [&](const PoolSlot& slot) {
                        return local_day(slot.start, offset) == intent.arg;
                    })) {
                    s_.day = intent.arg;
                    nav.go(Screen::BookTime);
                }
            }
            return true;
        case IntentKind::PickTime:
            if (screen == Screen::BookTime) {
                for (const auto& slot : s_.slots) {
                    if (slot.id == intent.arg) {
                        s_.slot = slot;
                        nav.go(Screen::BookConfirm);
                    }
                }
            }
            return true;
        case IntentKind::ShowBooking:
            if (screen == Screen::MyBookings) {
                for (const auto& b : s_.bookings) {
                    if (b.id == intent.arg) {
                        s_.shown = b;
                        nav.go(Screen::Booking);
                    }
                }
            }
            return true;
        case IntentKind::CancelBooking:
            if (screen == Screen::Booking && !s_.from_scan) {
                cancel();
            }
            return true;
        case IntentKind::MyBookings:
            if (resident_ != nullptr) {
                ask(Ask::List);
            }
            return true;
        case IntentKind::Next:
            if (screen == Screen::BookConfirm) {
                confirm();
                return true;
            }
            return false;
        default:
            return false;
    }
}

void BookingJourney::confirm() {
    if (!s_.slot || resident_ == nullptr) {
        return;
    }
    // The rules again, with the count the center gave: a resident who
    // booked elsewhere meanwhile hears it from the center's answer.
    if (auto ok = domain::check_booking(resident_->standing, s_.open_bookings,
                                        domain::SlotStatus::Free, ctx_.config.rules.booking);
        !ok) {
        on_refusal(Ask::Book, ok.error() == Refusal::BookingLimit ? HubRefusal::BookingLimit
                                                                  : HubRefusal::NotSigned);
        return;
    }
    ask(Ask::Book);
}

void BookingJourney::cancel() {
    if (!s_.shown) {
        return;
    }
    if (auto ok =
            domain::check_cancellation(s_.shown->slot.start, ctx_.now, ctx_.config.rules.booking);
        !ok) {
        show_refusal(ctx_, ok.error());
        return;
    }
    ask(Ask::Cancel);
}

// One sentence and one next step for each "no" of the center.
void BookingJourney::on_refusal(Ask what, HubRefusal refusal) {
    Navigator& nav = ctx_.nav;
    switch (refusal) {
        case HubRefusal::Offline:
            offline();
            return;
        case HubRefusal::SlotTaken:
        case HubRefusal::PastDeadline:
            if (what == Ask::Cancel) {
                show_refusal(ctx_, Refusal::CancelTooLate);
                return;
            }
            if (what == Ask::Book) {
                // The next free time is offered once the department's free
                // times are read again.
                s_.refused = s_.slot;
                s_.refusal =
                    refusal == HubRefusal::SlotTaken ? "slot-taken-next" : "slot-past-deadline";
                ask(Ask::Offer);
                return;
            }
            break;
        case HubRefusal::BookingLimit:
            // Their bookings are read, to show them under the sentence.
            ask(Ask::LimitList);
            return;
        case HubRefusal::NotSigned:
            nav.show("booking-not-signed", {}, Screen::Status);
            return;
        case HubRefusal::NotFound:
            nav.show("booking-not-found");
            return;
    }
    nav.show("booking-offline");
}

bool BookingJourney::answered(const HubAnswer& answer, std::optional<Committed>& committed) {
    if (!pending_ || answer.ticket != pending_->ticket) {
        return false;  // a late answer to a question given up on
    }
    const Ask what = pending_->what;
    pending_.reset();
    if (answer.refusal) {
        on_refusal(what, *answer.refusal);
        return true;
    }
    Navigator& nav = ctx_.nav;
    const int offset = ctx_.config.kiosk.utc_offset_minutes;
    switch (what) {
        case Ask::OpenCount:
            s_.open_bookings = static_cast<int>(answer.bookings.size());
            s_.bookings = answer.bookings;
            if (auto ok =
                    domain::check_booking(resident_->standing, s_.open_bookings,
                                          domain::SlotStatus::Free, ctx_.config.rules.booking);
                !ok) {
                on_refusal(Ask::OpenCount, HubRefusal::BookingLimit);
                return true;
            }
            ask(Ask::Pool);
            break;
        case Ask::Pool:
            s_.departments.clear();
            for (const auto& d : answer.departments) {
                if (d.free_slots > 0) {
                    s_.departments.push_back(d);
                }
            }
            if (s_.departments.empty()) {
                nav.show("no-free-slots", {}, Screen::Status);
            } else {
                nav.go(Screen::BookHospital);
            }
            break;
        case Ask::Slots:
            s_.slots = answer.slots;
            if (s_.slots.empty()) {
                nav.show("no-free-slots");
            } else {
                nav.go(Screen::BookDay);
            }
            break;
        case Ask::Offer: {
            s_.slots = answer.slots;
            // The first free time at or after the one refused, else the soonest.
            const PoolSlot* next = nullptr;
            for (const auto& slot : s_.slots) {
                const bool same = s_.refused && slot.id == s_.refused->id;
                const bool later =
                    !s_.refused || slot.start.unix_seconds >= s_.refused->start.unix_seconds;
                if (!same && later) {
                    next = &slot;
                    break;
                }
            }
            for (const auto& slot : s_.slots) {
                if (next == nullptr && !(s_.refused && slot.id == s_.refused->id)) {
                    next = &slot;
                }
            }
            if (next == nullptr) {
                s_.slot.reset();
                nav.show("no-free-slots", {}, Screen::BookDepartment);
                break;
            }
            s_.slot = *next;
            s_.day = local_day(next->start, offset);
            nav.show(s_.refusal, {}, Screen::BookConfirm);
            break;
        }
        case Ask::Book:
            if (answer.bookings.empty()) {
                nav.show("booking-offline", {}, Screen::Status);
                break;
            }
            s_.booked = answer.bookings.front();
            ++s_.open_bookings;
            committed = voucher(*s_.booked);
            break;
        case Ask::Cancel:
            s_.bookings.erase(std::remove_if(s_.bookings.begin(), s_.bookings.end(),
                                             [&](const PoolBooking& b) {
                                                 return s_.shown && b.id == s_.shown->id;
                                             }),
                              s_.bookings.end());
            s_.open_bookings = static_cast<int>(s_.bookings.size());
            s_.shown.reset();
            nav.back();
            nav.show("booking-cancelled");
            break;
        case Ask::List:
        case Ask::LimitList:
            s_.bookings = answer.bookings;
            s_.open_bookings = static_cast<int>(s_.bookings.size());
            if (nav.screen() != Screen::MyBookings) {
                nav.go(Screen::MyBookings);
            }
            if (what == Ask::LimitList) {
                nav.show("booking-limit-list", {std::to_string(s_.open_bookings)});
            }
            break;
        case Ask::Lookup:
            if (answer.bookings.empty()) {
                nav.show("booking-not-found");
                break;
            }
            s_.shown = answer.bookings.front();
            nav.go(Screen::Booking);
            break;
    }
    return true;
}

Committed BookingJourney::voucher(const PoolBooking& booking) {
    const auto& config = ctx_.config;
    const SlotView v = slot_view(booking.slot, config);
    receipt::VoucherFacts facts;
    facts.booking_id = booking.id;
    facts.masked_name =
        resident_->record.name.empty() ? "—" : domain::mask_name(resident_->record.name);
    facts.masked_id = domain::mask_id(resident_->facts.document.number, config.rules.mask);
    facts.hospital_zh = v.hospital_zh;
    facts.hospital_en = v.hospital_en;
    facts.department_zh = v.department_zh;
    facts.department_en = v.department_en;
    facts.place_zh = v.place_zh;
    facts.place_en = v.place_en;
    facts.day = v.day;
    facts.time = v.time;
    facts.cancel_until = v.cancel_until;
    const domain::Team* team = resident_->team(booking.team_id);
    facts.team_name = team != nullptr ? team->name : booking.team_id;
    facts.printed_at = local_time(ctx_.now, config.kiosk.utc_offset_minutes, true);
    facts.kiosk_id = config.kiosk.id;
    return Committed{booking.id, receipt::voucher_receipt(ctx_.ids(), facts)};
}

BookingView booking_view(const BookingJourney& journey, Screen screen,
                         const config::KioskConfig& config, Instant now) {
    const auto& s = journey.state();
    const int offset = config.kiosk.utc_offset_minutes;
    BookingView v;
    v.waiting = journey.waiting();
    v.scanned = s.from_scan;
    auto department = [&](const std::string& id) -> const PoolDepartment* {
        for (const auto& d : s.departments) {
            if (d.id == id) {
                return &d;
            }
        }
        return nullptr;
    };
    // What is chosen so far, for the screens' headings.
    for (const auto& d : s.departments) {
        if (d.hospital_id == s.hospital_id) {
            v.slot.hospital_zh = d.hospital.zh;
            v.slot.hospital_en = d.hospital.en;
        }
    }
    if (const PoolDepartment* d = department(s.department_id)) {
        v.slot.department_zh = d->name.zh;
        v.slot.department_en = d->name.en;
    }
    v.slot.day = s.day;
    switch (screen) {
        case Screen::BookHospital: {
            for (const auto& d : s.departments) {
                auto at = std::find_if(v.options.begin(), v.options.end(),
                                       [&](const PoolOption& o) { return o.id == d.hospital_id; });
                if (at == v.options.end()) {
                    v.options.push_back({d.hospital_id, d.hospital.zh, d.hospital.en, "", 0});
                    at = v.options.end() - 1;
                }
                at->free += d.free_slots;
            }
            break;
        }
        case Screen::BookDepartment:
            for (const auto& d : s.departments) {
                if (d.hospital_id == s.hospital_id) {
                    v.options.push_back({d.id, d.name.zh, d.name.en, "", d.free_slots});
                }
            }
            break;
        case Screen::BookDay:
            for (const auto& slot : s.slots) {
                const std::string day = local_day(slot.start, offset);
                if (v.options.empty() || v.options.back().id != day) {
                    v.options.push_back({day, day, "", weekday_key(slot.start, offset), 0});
                }
                ++v.options.back().free;
            }
            break;
        case Screen::BookTime:
            for (const auto& slot : s.slots) {
                if (local_day(slot.start, offset) == s.day) {
                    const SlotView sv = slot_view(slot, config);
                    v.slot.weekday = sv.weekday;
                    v.options.push_back({slot.id, sv.time, "", "", 1});
                }
            }
            break;
        case Screen::BookConfirm:
            if (s.slot) {
                v.slot = slot_view(*s.slot, config);
            }
            break;
        case Screen::MyBookings:
            for (const auto& b : s.bookings) {
                v.bookings.push_back(booking_row(b, config, now));
            }
            break;
        case Screen::Booking:
            if (s.shown) {
                v.slot = booking_row(*s.shown, config, now);
                if (s.from_scan) {
                    v.slot.cancellable = false;
                }
            }
            break;
        default:
            break;
    }
    return v;
}

}  // namespace jiayi::flow
