#pragma once
// What the booking journey (and identification: a resident's flags) asks the
// district's center (jiayi-hub), and how the answers come back: the port the
// sync thread implements (kiosk/sync owns the network; protocols/hub-fhir.md
// "Booking a slot", "Reads the kiosk needs") and the demo
// answers from made-up pools (kiosk/demo/demo_hub.hpp).
//
// Threading, as the PIN checker's (events.hpp, PinChecker): every request
// is called on the UI thread and must return at once; it carries a ticket,
// and its answer comes back as a HubAnswer with the same ticket on the
// device-event queue (event_queue.hpp), which the frame loop drains into
// Flow::hub_answered(). An answer whose ticket the flow no longer waits for
// (the resident walked away, tapped Back, the session was wiped) is dropped.
// A request the hub cannot be asked (no network, no answer in time) is
// answered with HubRefusal::Offline, never left without an answer.
//
// Plain structs only: the FHIR shapes (kiosk/fhir/booking.hpp) stay on the
// sync side, which maps Schedule/Slot/Appointment into these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/instant.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/domain/population.hpp"

namespace jiayi::flow {

// A name as the hub holds it; `en` may be empty (the screens then show `zh`).
struct PoolName {
    std::string zh;
    std::string en;
};

// A hospital department with family-doctor-only slots (a pool Schedule).
struct PoolDepartment {
    std::string id;  // the department (the Schedule's Location)
    PoolName name;
    std::string hospital_id;
    PoolName hospital;
    int free_slots = 0;  // free pool slots from now on
};

// One bookable time (a free pool Slot), with what the voucher needs.
struct PoolSlot {
    std::string id;
    std::string version;  // the Slot's version, handed back when booking (If-Match)
    std::string hospital_id;
    PoolName hospital;
    std::string department_id;
    PoolName department;
    PoolName place;  // where to go: building, floor, desk
    Instant start;
    Instant end;
};

enum class BookingStatus { Booked, Cancelled };

// A resident's booking (an Appointment), as the hub answers it.
struct PoolBooking {
    std::string id;       // the kiosk's UUID, the voucher's QR
    std::string version;  // the Appointment's version, handed back when cancelling
    PoolSlot slot;
    std::string team_id;  // the referring team
    BookingStatus status = BookingStatus::Booked;
};

// Why the hub said no, or could not be asked. The hub's refusal codes
// (hub/README.md, OperationOutcome) map as: slot-taken → SlotTaken,
// booking-limit → BookingLimit, not-signed → NotSigned, cancel-too-late
// (and a slot no longer in the pool) → PastDeadline, not-found → NotFound;
// a network error, a timeout or a 5xx after its retries → Offline.
enum class HubRefusal {
    SlotTaken,     // another kiosk booked it first
    BookingLimit,  // the resident holds as many open bookings as allowed
    NotSigned,     // the center knows no contract in force
    PastDeadline,  // too late: to book that slot (released) or to cancel
    NotFound,      // no such booking (a voucher from elsewhere, or purged)
    Offline,       // the hub could not be reached or did not answer
};

std::string_view code(HubRefusal refusal);  // "slot-taken", …, "offline"

// Who is booking: the document names the resident to the hub (a
// conditional reference, fhir::patient_search); the record id is the kiosk's.
struct HubResident {
    std::string resident_id;
    domain::Document document;
};

// A key-population flag the hub holds for a resident (a registry's active
// Flag): the fee waivers it grants hold from `start` to `end` (either open).
struct HubFlag {
    domain::Population population = domain::Population::Disabled;
    std::optional<domain::Date> start;
    std::optional<domain::Date> end;
};

struct BookRequest {
    std::string booking_id;   // a new UUID: a retried booking is the same booking
    std::string referral_id;  // a new UUID: the team's green-channel referral
    PoolSlot slot;
    std::string team_id;  // the resident's team, the referral's requester
    HubResident resident;
};

struct CancelRequest {
    PoolBooking booking;
    HubResident resident;
};

// The answer to one request. On success `refusal` is empty and the field
// of that request is filled: departments (pool), slots (slots: free, the
// soonest first), bookings (bookings: the resident's open ones; book,
// cancel, lookup: the one booking, as it now stands; flags: the resident's
// active flags, none at all being an answer too).
struct HubAnswer {
    std::uint64_t ticket = 0;
    std::optional<HubRefusal> refusal;
    std::vector<PoolDepartment> departments;
    std::vector<PoolSlot> slots;
    std::vector<PoolBooking> bookings;
    std::vector<HubFlag> flags;
};

class HubRequests {
  public:
    virtual ~HubRequests() = default;
    // Every department with free pool slots, in every pool hospital.
    virtual void pool(std::uint64_t ticket) = 0;
    // The department's free pool slots from now on, the soonest first.
    virtual void slots(std::uint64_t ticket, const std::string& department_id) = 0;
    virtual void book(std::uint64_t ticket, const BookRequest& request) = 0;
    virtual void cancel(std::uint64_t ticket, const CancelRequest& request) = 0;
    // The resident's open (booked, not yet started) bookings.
    virtual void bookings(std::uint64_t ticket, const HubResident& resident) = 0;
    // A booking by its id (a scanned voucher).
    virtual void lookup(std::uint64_t ticket, const std::string& booking_id) = 0;
    // The resident's key-population flags as the registries gave them to the
    // hub (`Flag?patient.identifier=…&status=active`): asked as a resident
    // identifies while the kiosk is online, so that fee waivers the township
    // list (pulled now and then) does not hold yet apply today.
    virtual void flags(std::uint64_t ticket, const HubResident& resident) = 0;
};

}  // namespace jiayi::flow
