#pragma once
// Booking a specialist (DESIGN.md, journey step 6; rules.md "Specialist
// slots"): a resident with a contract in force chooses hospital →
// department → day → time from the family-doctor-only pool, confirms, and
// takes a voucher; "my bookings" lists their open bookings, with cancel
// before the deadline; a scanned voucher shows its booking. Every answer
// comes from the center through the HubRequests port (hub_requests.hpp), as
// an event: while one is awaited the screen says so and the UI thread goes
// on. The journey owns its state; the flow owns the journey. Internal to
// kiosk/flow.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/flow/context.hpp"
#include "kiosk/flow/hub_requests.hpp"
#include "kiosk/flow/journey.hpp"
#include "kiosk/flow/resident.hpp"

namespace jiayi::flow {

bool is_booking_screen(Screen screen);

class BookingJourney {
  public:
    // What the journey is waiting for, and what it does with the answer.
    enum class Ask {
        OpenCount,  // the resident's bookings, counted before choosing
        Pool,       // hospitals and departments
        Slots,      // a department's free times
        Offer,      // the department's free times again, to offer the next one
        Book,
        Cancel,
        List,       // "my bookings"
        LimitList,  // "my bookings" after a booking-limit refusal
        Lookup,     // a scanned voucher
    };

    struct State {
        std::vector<PoolDepartment> departments;
        std::vector<PoolSlot> slots;  // the chosen department's free slots
        std::string hospital_id;
        std::string department_id;
        std::string day;  // YYYY-MM-DD, local
        std::optional<PoolSlot> slot;
        std::optional<PoolSlot> refused;  // the slot another kiosk took
        std::string refusal;              // the refusal code to say with the next offer
        int open_bookings = 0;
        std::vector<PoolBooking> bookings;  // the resident's open ones
        std::optional<PoolBooking> shown;   // on the booking screen
        bool from_scan = false;             // shown by a scanned voucher: nothing to change
        std::optional<PoolBooking> booked;  // the voucher's booking
    };

    // `resident` is null for a scanned voucher (nobody identified); `hub`
    // may be null: the journey then says booking needs the network.
    BookingJourney(Context& ctx, Resident* resident, HubRequests* hub, std::uint64_t& tickets);

    const State& state() const { return s_; }
    bool waiting() const { return pending_.has_value(); }

    // From the status screen: the rules first (a contract in force), then
    // the resident's open bookings are counted and the pool is asked for.
    void start_booking();
    void start_list();
    void start_lookup(const std::string& booking_id);

    // An intent of a booking screen; false when it is not the journey's.
    bool handle(const Intent& intent);
    // The center's answer; false when it was not awaited (dropped). A
    // booking returns the voucher to print.
    bool answered(const HubAnswer& answer, std::optional<Committed>& committed);

  private:
    void ask(Ask what);
    void offline();
    void confirm();
    void cancel();
    void on_refusal(Ask what, HubRefusal refusal);
    Committed voucher(const PoolBooking& booking);
    HubResident who() const;

    Context& ctx_;
    Resident* resident_;
    HubRequests* hub_;
    std::uint64_t& tickets_;
    State s_;
    struct Pending {
        std::uint64_t ticket = 0;
        Ask what = Ask::Pool;
    };
    std::optional<Pending> pending_;
    std::string lookup_id_;
};

// The view's booking part and the options of the screen on show. Pure.
BookingView booking_view(const BookingJourney& journey, Screen screen,
                         const config::KioskConfig& config, Instant now);

}  // namespace jiayi::flow
