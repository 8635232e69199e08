// Booking a specialist (DESIGN.md, journey step 6), through the real flow
// and store, against the demo's center (kiosk/demo/demo_hub.hpp): it keeps
// the hub's rules in memory and answers on the event queue, as the sync
// thread will. Each answer is delivered when the test drains the queue, so
// the waiting state and a late answer are seen as the frame loop sees them.

#include <doctest/doctest.h>

#include <algorithm>

#include "common/qr_payload.hpp"
#include "kiosk/demo/demo_hub.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "support/kiosk_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;
using flow::IntentKind;
using flow::Screen;

namespace {

struct BookingKiosk : KioskFixture {
    flow::EventQueue answers;
    int hub_ahead = 0;  // seconds the center's clock is ahead of the kiosk's
    demo::DemoHub hub{answers, [this] { return Instant{now.unix_seconds + hub_ahead}; },
                      config.kiosk.utc_offset_minutes, config.rules.booking};

    BookingKiosk() { flow.set_hub(&hub); }

    // What the frame loop does once per wake-up: every answer to the flow.
    int deliver() {
        int n = 0;
        for (const auto& event : answers.drain()) {
            flow::deliver(flow, event, now);
            ++n;
        }
        return n;
    }
    // Asked and answered: the answers delivered until none is pending.
    void settle() {
        while (deliver() > 0) {
        }
    }
    bool waiting() const { return view().booking.waiting; }
};

// A resident with a contract in force, on their status screen.
flow::CardData signed_resident(BookingKiosk& k, const std::string& sequence = "013") {
    const auto card = card_born("19800301", sequence, "测试甲");
    k.card(card);
    sign_with(k, "team-a");
    k.tap(IntentKind::Finish);
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    return card;
}

// From the status screen to the confirm screen: the first hospital,
// department, day and time offered.
void choose_first_slot(BookingKiosk& k) {
    k.tap(IntentKind::Book);
    k.settle();
    REQUIRE(k.screen() == Screen::BookHospital);
    k.tap(IntentKind::PickHospital, k.view().booking.options.at(0).id);
    REQUIRE(k.screen() == Screen::BookDepartment);
    k.tap(IntentKind::PickDepartment, k.view().booking.options.at(0).id);
    k.settle();
    REQUIRE(k.screen() == Screen::BookDay);
    k.tap(IntentKind::PickDay, k.view().booking.options.at(0).id);
    REQUIRE(k.screen() == Screen::BookTime);
    k.tap(IntentKind::PickTime, k.view().booking.options.at(0).id);
    REQUIRE(k.screen() == Screen::BookConfirm);
}

// Confirms and takes the voucher; returns the booking's id.
std::string book_first_slot(BookingKiosk& k) {
    choose_first_slot(k);
    k.tap(IntentKind::Next);
    k.settle();
    REQUIRE(k.message() == "");
    REQUIRE(k.screen() == Screen::Receipt);
    const auto code = qr_payload::classify(k.view().receipt->qr);
    REQUIRE(code.kind == qr_payload::PayloadKind::Booking);
    return code.id;
}

}  // namespace

TEST_CASE(
    "booking: hospital, department, day, time, confirm, then the voucher — each step waits for "
    "the center without blocking") {
    BookingKiosk k;
    signed_resident(k);
    CHECK(k.offers(IntentKind::Book));
    CHECK(k.offers(IntentKind::MyBookings));

    k.tap(IntentKind::Book);
    // Asked, not answered yet: the screen says so and offers only Back.
    CHECK(k.waiting());
    REQUIRE(k.view().actions.size() == 1);
    CHECK(k.view().actions[0].intent == IntentKind::Back);
    k.tap(IntentKind::Finish);  // not offered while waiting: nothing happens
    CHECK(k.screen() == Screen::Status);
    CHECK(k.deliver() == 1);  // the open bookings counted; the pool asked
    CHECK(k.waiting());
    CHECK(k.deliver() == 1);
    CHECK_FALSE(k.waiting());
    REQUIRE(k.screen() == Screen::BookHospital);
    std::vector<std::string> hospitals;
    for (const auto& o : k.view().booking.options) {
        hospitals.push_back(o.id);
        CHECK(o.free > 0);
    }
    CHECK(hospitals ==
          std::vector<std::string>{"demo-central", "demo-tcm", "demo-mch", "demo-ethnic"});

    k.tap(IntentKind::PickHospital, "no-such-hospital");  // not offered: ignored
    CHECK(k.screen() == Screen::BookHospital);
    k.tap(IntentKind::PickHospital, "demo-central");
    REQUIRE(k.screen() == Screen::BookDepartment);
    CHECK(k.view().booking.slot.hospital_zh == "演示区中心医院");
    CHECK(k.view().booking.options.size() == 4);
    k.tap(IntentKind::PickDepartment, "cardiology");
    CHECK(k.waiting());
    k.settle();
    REQUIRE(k.screen() == Screen::BookDay);
    const auto days = k.view().booking.options;
    CHECK(days.size() == 7);  // the week after today (2026-11-23)
    CHECK(days[0].id == "2026-11-24");
    CHECK(days[0].weekday == "weekday.2");  // a Tuesday
    k.tap(IntentKind::PickDay, "2026-11-25");
    REQUIRE(k.screen() == Screen::BookTime);
    const auto times = k.view().booking.options;
    REQUIRE_FALSE(times.empty());
    k.tap(IntentKind::PickTime, times[0].id);
    REQUIRE(k.screen() == Screen::BookConfirm);
    const flow::SlotView& slot = k.view().booking.slot;
    CHECK(slot.day == "2026-11-25");
    CHECK(slot.time == times[0].name_zh);
    CHECK(slot.department_en == "Cardiology");
    CHECK(slot.place_zh == "门诊楼 3 楼 A 区");
    CHECK(k.primary() == IntentKind::Next);

    k.tap(IntentKind::Next);
    CHECK(k.waiting());
    k.settle();
    REQUIRE(k.screen() == Screen::Receipt);
    const auto& voucher = *k.view().receipt;
    CHECK(voucher.kind == receipt::Kind::Voucher);
    const auto code = qr_payload::classify(voucher.qr);
    REQUIRE(code.kind == qr_payload::PayloadKind::Booking);
    CHECK(code.id == voucher.record_id);
    CHECK_FALSE(k.hub.is_free(times[0].id));  // the slot is the resident's now
    // Kept like every receipt, so a nurse can reprint it.
    auto kept = k.store->receipt_for_record(code.id);
    REQUIRE(kept.ok());
    CHECK(kept->has_value());
    // The voucher says when, where, and who referred them.
    std::vector<std::string> keys;
    for (const auto& l : voucher.lines) {
        keys.push_back(l.key);
    }
    for (const char* key : {"voucher.time", "voucher.hospital", "voucher.department",
                            "voucher.place", "voucher.referral", "voucher.bring"}) {
        CAPTURE(key);
        CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
    }
    k.tap(IntentKind::Next);
    CHECK(k.screen() == Screen::Thanks);
    CHECK(k.view().thanks == "thanks.booking");
}

TEST_CASE("booking: another kiosk took the slot — one sentence, and the next free time offered") {
    BookingKiosk k;
    signed_resident(k);
    choose_first_slot(k);
    const flow::SlotView wanted = k.view().booking.slot;
    // Another kiosk books the very slot on screen.
    REQUIRE(k.hub.is_free(wanted.id));
    k.hub.take(wanted.id);
    k.tap(IntentKind::Next);
    k.settle();
    CHECK(k.message() == "slot-taken-next");
    CHECK(k.screen() == Screen::BookConfirm);
    const flow::SlotView offered = k.view().booking.slot;
    CHECK(offered.id != wanted.id);
    CHECK(offered.department_zh == wanted.department_zh);
    CHECK(offered.day + offered.time > wanted.day + wanted.time);  // the next one after it
    k.tap(IntentKind::Dismiss);
    k.tap(IntentKind::Next);
    k.settle();
    REQUIRE(k.screen() == Screen::Receipt);
    CHECK_FALSE(k.hub.is_free(offered.id));
}

TEST_CASE("booking: at the limit of open bookings, the resident sees them and can cancel one") {
    BookingKiosk k;
    const auto card = signed_resident(k);
    for (int i = 0; i < k.config.rules.booking.max_open_bookings; ++i) {
        book_first_slot(k);
        k.tap(IntentKind::Finish);
        k.card(card);
    }
    const int asked = k.hub.questions();
    k.tap(IntentKind::Book);
    k.settle();
    CHECK(k.message() == "booking-limit-list");
    CHECK(k.view().message->args == std::vector<std::string>{"2"});
    CHECK(k.screen() == Screen::MyBookings);
    CHECK(k.view().booking.bookings.size() == 2);
    CHECK(k.hub.questions() == asked + 2);  // counted, then listed: the pool was never asked
}

TEST_CASE("booking: the center's booking-limit at confirm, from bookings made elsewhere") {
    BookingKiosk k;
    const auto card = signed_resident(k);
    choose_first_slot(k);
    // Meanwhile the resident booked twice at another kiosk.
    flow::HubResident who{"elsewhere", *domain::parse_document(card.number, kStoreToday)};
    int n = 0;
    for (const auto& s : k.hub.all_slots()) {
        if (n < 2 && k.hub.is_free(s.id) && s.department_id == "acupuncture") {
            k.hub.book(900 + static_cast<std::uint64_t>(n),
                       {"elsewhere-" + std::to_string(n), "r", s, "team-a", who});
            ++n;
        }
    }
    (void)k.answers.drain();  // the other kiosk's answers are not ours
    k.tap(IntentKind::Next);
    k.settle();
    CHECK(k.message() == "booking-limit-list");
    CHECK(k.screen() == Screen::MyBookings);
    CHECK(k.view().booking.bookings.size() == 2);
}

TEST_CASE("booking: without a contract in force, the kiosk says so before asking the center") {
    BookingKiosk k;
    k.card(card_born("19800301", "013"));
    CHECK_FALSE(k.offers(IntentKind::Book));
    k.tap(IntentKind::Book);  // a stale tap: the rule still holds
    CHECK(k.message() == "not-signed");
    CHECK(k.hub.questions() == 0);
}

TEST_CASE("booking: the center knows no contract in force — one sentence, back to the status") {
    BookingKiosk k;
    signed_resident(k);
    choose_first_slot(k);
    k.hub.forget_contracts(true);
    k.tap(IntentKind::Next);
    k.settle();
    CHECK(k.message() == "booking-not-signed");
    k.tap(IntentKind::Dismiss);
    CHECK(k.screen() == Screen::Status);
}

TEST_CASE("booking: a slot past its deadline — the next free time offered") {
    BookingKiosk k;
    signed_resident(k);
    choose_first_slot(k);
    const flow::SlotView wanted = k.view().booking.slot;
    k.advance(2 * 86400);  // the resident waits two days on the confirm screen
    k.tap(IntentKind::Next);
    k.settle();
    CHECK(k.message() == "slot-past-deadline");
    CHECK(k.screen() == Screen::BookConfirm);
    CHECK(k.view().booking.slot.day > wanted.day);
}

TEST_CASE("booking: cancel before the deadline frees the slot, after it the kiosk says why not") {
    BookingKiosk k;
    const auto card = signed_resident(k);
    const std::string first = book_first_slot(k);  // 2026-11-24 08:30: 24.5 h ahead
    k.tap(IntentKind::Finish);
    k.card(card);
    k.tap(IntentKind::MyBookings);
    k.settle();
    REQUIRE(k.screen() == Screen::MyBookings);
    REQUIRE(k.view().booking.bookings.size() == 1);
    const flow::SlotView row = k.view().booking.bookings[0];
    CHECK(row.id == first);
    CHECK(row.cancellable);
    CHECK(row.cancel_until == "2026-11-23 08:30");
    k.tap(IntentKind::ShowBooking, first);
    REQUIRE(k.screen() == Screen::Booking);
    CHECK(k.offers(IntentKind::CancelBooking));

    SUBCASE("before the deadline") {
        const auto slot_id = [&] {
            for (const auto& s : k.hub.all_slots()) {
                if (!k.hub.is_free(s.id) &&
                    s.start.unix_seconds == kStoreNow.unix_seconds + 24 * 3600 + 30 * 60) {
                    return s.id;
                }
            }
            return std::string();
        }();
        k.tap(IntentKind::CancelBooking);
        k.settle();
        CHECK(k.message() == "booking-cancelled");
        CHECK(k.screen() == Screen::MyBookings);
        CHECK(k.view().booking.bookings.empty());
        CHECK(k.hub.is_free(slot_id));
    }
    SUBCASE("after the deadline the kiosk does not ask") {
        k.advance(3600);  // 08:3x: less than 24 h before 2026-11-24 08:30
        const int asked = k.hub.questions();
        k.tap(IntentKind::Back);
        k.tap(IntentKind::ShowBooking, first);
        CHECK_FALSE(k.view().booking.slot.cancellable);
        CHECK_FALSE(k.offers(IntentKind::CancelBooking));
        k.tap(IntentKind::CancelBooking);  // a stale tap
        CHECK(k.message() == "cancel-too-late");
        CHECK(k.hub.questions() == asked);
    }
}

TEST_CASE("booking: the center's own deadline refuses a cancel the kiosk thought in time") {
    BookingKiosk k;
    const auto card = signed_resident(k);
    const std::string id = book_first_slot(k);
    k.tap(IntentKind::Finish);
    k.card(card);
    k.tap(IntentKind::MyBookings);
    k.settle();
    k.tap(IntentKind::ShowBooking, id);
    // The center's clock is ahead of the kiosk's (the kiosk checked with its own).
    k.hub_ahead = 3600;
    k.tap(IntentKind::CancelBooking);
    k.settle();
    CHECK(k.message() == "cancel-too-late");
}

TEST_CASE("booking: offline, or no center at all — booking needs the network, ask at the desk") {
    SUBCASE("the center cannot be reached") {
        BookingKiosk k;
        signed_resident(k);
        k.hub.set_offline(true);
        k.tap(IntentKind::Book);
        k.settle();
        CHECK(k.message() == "booking-offline");
        k.tap(IntentKind::Dismiss);
        CHECK(k.screen() == Screen::Status);
    }
    SUBCASE("offline half-way: the choice is kept, the sentence is the same") {
        BookingKiosk k;
        signed_resident(k);
        choose_first_slot(k);
        k.hub.set_offline(true);
        k.tap(IntentKind::Next);
        k.settle();
        CHECK(k.message() == "booking-offline");
    }
    SUBCASE("no port: said at once on the home screen, and for a voucher") {
        KioskFixture k;
        k.tap(IntentKind::StartBooking);
        CHECK(k.message() == "booking-offline");
        CHECK(k.screen() == Screen::Home);
    }
}

TEST_CASE("booking: a scanned voucher shows its booking, to look at only") {
    BookingKiosk k;
    k.advance(1);
    k.flow.qr({flow::CodeKind::Booking, demo::kDemoBookingId}, k.now);
    CHECK(k.waiting());
    k.settle();
    REQUIRE(k.screen() == Screen::Booking);
    CHECK(k.view().booking.slot.id == demo::kDemoBookingId);
    CHECK(k.view().booking.slot.department_en == "Cardiology");
    CHECK_FALSE(k.offers(IntentKind::CancelBooking));
    CHECK(k.primary() == IntentKind::Finish);
    k.tap(IntentKind::CancelBooking);  // nobody identified: nothing to cancel
    CHECK(k.hub.questions() == 1);
    k.tap(IntentKind::Finish);
    CHECK(k.screen() == Screen::Home);

    k.advance(1);
    k.flow.qr({flow::CodeKind::Booking, "not-a-booking"}, k.now);
    k.settle();
    CHECK(k.message() == "booking-not-found");
}

TEST_CASE("booking: an answer that comes after the resident left is dropped") {
    SUBCASE("Back while waiting") {
        BookingKiosk k;
        signed_resident(k);
        k.tap(IntentKind::Book);
        REQUIRE(k.waiting());
        k.tap(IntentKind::Back);
        CHECK_FALSE(k.waiting());
        const auto before = k.flow.version();
        CHECK(k.deliver() == 1);
        CHECK(k.flow.version() == before);  // nothing changed, nothing redrawn
        CHECK(k.screen() == Screen::Status);
        CHECK(k.hub.questions() == 1);  // the pool was never asked after it
    }
    SUBCASE("Back, then another question: the first one's answer is not taken for it") {
        BookingKiosk k;
        signed_resident(k);
        k.tap(IntentKind::Book);
        k.settle();
        k.tap(IntentKind::PickHospital, "demo-central");
        k.tap(IntentKind::PickDepartment, "cardiology");
        REQUIRE(k.waiting());
        k.tap(IntentKind::Back);  // gives up on cardiology's times
        k.tap(IntentKind::PickDepartment, "endocrinology");
        REQUIRE(k.waiting());
        k.settle();  // cardiology's answer first, then endocrinology's
        REQUIRE(k.screen() == Screen::BookDay);
        k.tap(IntentKind::PickDay, k.view().booking.options.at(0).id);
        k.tap(IntentKind::PickTime, k.view().booking.options.at(0).id);
        CHECK(k.view().booking.slot.department_en == "Endocrinology");
    }
    SUBCASE("a new resident's card while waiting") {
        BookingKiosk k;
        signed_resident(k);
        choose_first_slot(k);
        k.tap(IntentKind::Next);
        REQUIRE(k.waiting());
        k.card(card_born("19750101", "021", "测试乙"));
        k.settle();
        CHECK(k.screen() == Screen::Status);
        CHECK(k.view().person.masked_name == "测*乙");
        CHECK_FALSE(k.view().receipt.has_value());
    }
    SUBCASE("the session wiped by the idle timer") {
        BookingKiosk k;
        signed_resident(k);
        k.tap(IntentKind::MyBookings);
        REQUIRE(k.waiting());
        k.advance(k.config.screen.idle_seconds + k.config.screen.countdown_seconds + 1);
        k.flow.tick(k.now);
        REQUIRE(k.screen() == Screen::Home);
        k.settle();
        CHECK(k.screen() == Screen::Home);
        CHECK_FALSE(k.view().message.has_value());
    }
}

TEST_CASE("booking from the home screen: the card leads straight to the hospitals") {
    BookingKiosk k;
    const auto card = signed_resident(k);
    k.tap(IntentKind::Finish);
    k.tap(IntentKind::StartBooking);
    CHECK(k.screen() == Screen::Identify);
    k.card(card);
    k.settle();
    CHECK(k.screen() == Screen::BookHospital);
    k.tap(IntentKind::Back);
    CHECK(k.screen() == Screen::Status);
}

// Identification online (protocols/hub-fhir.md "Reads the kiosk needs"): the
// hub is asked for the resident's registry flags as the status shows; the
// answer classifies them again and is kept for the next visit offline.
TEST_CASE("online, the hub's registry flags for a resident apply when it answers") {
    BookingKiosk k;
    const std::string poor =
        "population." + std::string(domain::code(domain::Population::RegisteredPoor));
    const std::string disabled =
        "population." + std::string(domain::code(domain::Population::Disabled));
    auto shows = [&k](const std::string& population) {
        const auto& shown = k.view().person.populations;
        return std::find(shown.begin(), shown.end(), population) != shown.end();
    };
    const auto card = card_born("19800301", "041");
    k.hub.flag(card.number, {domain::Population::RegisteredPoor, std::nullopt, std::nullopt});
    // A flag whose period ended does not count today.
    k.hub.flag(card.number,
               {domain::Population::Disabled, std::nullopt, domain::Date{2026, 1, 31}});

    // No news from the sync yet: the hub is not asked.
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    k.settle();
    CHECK(k.hub.questions() == 0);
    CHECK_FALSE(shows(poor));

    flow::SyncNews online;
    online.online = true;
    k.flow.sync_news(online, k.now);
    k.card(card);
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.hub.questions() == 1);
    CHECK_FALSE(shows(poor));  // the status does not wait for the hub
    k.settle();
    CHECK(shows(poor));
    CHECK_FALSE(shows(disabled));

    // Kept: the next visit, offline, knows them without asking.
    flow::SyncNews offline;
    offline.online = false;
    offline.failure = "unreachable";
    k.flow.sync_news(offline, k.now);
    k.card(card);
    k.settle();
    CHECK(k.hub.questions() == 1);
    CHECK(shows(poor));
}

TEST_CASE("a resident's flags answered after they walked away are dropped") {
    BookingKiosk k;
    const std::string poor =
        "population." + std::string(domain::code(domain::Population::RegisteredPoor));
    const auto flagged = card_born("19800301", "042");
    const auto next = card_born("19800301", "043");
    k.hub.flag(flagged.number, {domain::Population::RegisteredPoor, std::nullopt, std::nullopt});
    flow::SyncNews online;
    online.online = true;
    k.flow.sync_news(online, k.now);
    k.card(flagged);
    k.card(next);  // before the hub answered about the first
    k.settle();
    REQUIRE(k.screen() == Screen::Status);
    const auto& shown = k.view().person.populations;
    CHECK(std::find(shown.begin(), shown.end(), poor) == shown.end());
    CHECK(k.hub.questions() == 2);
    // The hub unreachable: the store's flags stand, nothing breaks.
    k.hub.set_offline(true);
    k.card(flagged);
    k.settle();
    REQUIRE(k.screen() == Screen::Status);
    CHECK(k.message() == "");
}
