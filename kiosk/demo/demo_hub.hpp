#pragma once
// A made-up district center for booking (the HubRequests port,
// kiosk/flow/hub_requests.hpp): four hospitals' family-doctor pools with a
// week of slots from the day it is made, kept in memory, answering each
// question at once on the event queue — as the sync thread answers from
// the real hub, but without a network. The demo (`--demo`), the headless
// tour and the flow's tests book, cancel and look up against it; it keeps
// the hub's rules (a slot booked once, the open-booking limit, the
// cancellation deadline) so that their refusals are real ones.
//
// Nothing here is a place: the hospitals, departments and desks are invented.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/domain/rules.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/flow/hub_requests.hpp"

namespace jiayi::demo {

// The seeded booking a demo voucher (`jiayi:booking:demo-0001`) names.
inline constexpr const char* kDemoBookingId = "demo-0001";

class DemoHub final : public flow::HubRequests {
  public:
    using Clock = std::function<Instant()>;

    // Slots on the 7 days after `clock()`'s local day; `clock` is also the
    // center's time for "too late to cancel".
    DemoHub(flow::EventQueue& answers, Clock clock, int utc_offset_minutes,
            domain::BookingRules rules);

    void pool(std::uint64_t ticket) override;
    void slots(std::uint64_t ticket, const std::string& department_id) override;
    void book(std::uint64_t ticket, const flow::BookRequest& request) override;
    void cancel(std::uint64_t ticket, const flow::CancelRequest& request) override;
    void bookings(std::uint64_t ticket, const flow::HubResident& resident) override;
    void lookup(std::uint64_t ticket, const std::string& booking_id) override;
    void flags(std::uint64_t ticket, const flow::HubResident& resident) override;

    // What the demo can make happen.
    // Unreachable: every question is answered Offline.
    void set_offline(bool offline) { offline_ = offline; }
    // Another kiosk books this slot now.
    void take(const std::string& slot_id);
    // The next booking asked for finds its slot just taken by another
    // kiosk (the tour shows that refusal).
    void race_next_booking() { race_ = true; }
    // The center holds no contract in force for anyone.
    void forget_contracts(bool forget) { no_contracts_ = forget; }
    // A registry's flag the center holds for the resident with this document.
    void flag(const std::string& document_number, flow::HubFlag flag) {
        flags_[document_number].push_back(flag);
    }

    // Every slot, free or not, the soonest first.
    std::vector<flow::PoolSlot> all_slots() const;
    bool is_free(const std::string& slot_id) const;
    // How many times the center was asked anything.
    int questions() const { return questions_; }

  private:
    struct Held {
        flow::PoolBooking booking;
        std::string document;  // the resident's document number
    };
    struct Kept {
        flow::PoolSlot slot;
        bool free = true;
    };

    void answer(flow::HubAnswer answer);
    void refuse(std::uint64_t ticket, flow::HubRefusal refusal);
    std::vector<flow::PoolBooking> open_of(const std::string& document) const;

    flow::EventQueue& answers_;
    Clock clock_;
    domain::BookingRules rules_;
    std::vector<flow::PoolDepartment> departments_;
    std::map<std::string, Kept> slots_;
    std::map<std::string, Held> held_;
    std::map<std::string, std::vector<flow::HubFlag>> flags_;  // by document number
    bool offline_ = false;
    bool race_ = false;
    bool no_contracts_ = false;
    int questions_ = 0;
};

}  // namespace jiayi::demo
