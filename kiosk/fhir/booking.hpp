#pragma once
// Booking a family-doctor-only specialist slot (protocols/hub-fhir.md,
// "Resources": pool slot, booking; "Exactly once": booking a slot).
//
//   Schedule        a hospital department's (or doctor's) list: actor =
//                   Location/[department], the hospital in an extension
//   Slot            schedule, status free|busy, start, end, serviceCategory
//                   = the pool (kPoolCategory); its version (meta.versionId)
//                   is what the booking's If-Match names
//   ServiceRequest  the team's referral (green channel): requester =
//                   Organization/[team], performer = Organization/[hospital]
//   Appointment     booked|cancelled, slot, start/end (invariant app-3),
//                   participants patient and location, basedOn the referral
//
// The booking Bundle: `PUT Slot/[id]` (busy, ifMatch W/"[version]"), `PUT
// ServiceRequest/[uuid]`, `PUT Appointment/[uuid]`, atomically on the hub.
// Cancelling is the Appointment alone; the hub frees the slot.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/booking.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir {

// A pool Schedule: a hospital department's family-doctor slots. The names
// and the place are as the hub's import gives them, in Chinese, and in
// English where the district wrote it (FHIR's translation extension on the
// element); an absent one is empty.
struct PoolSchedule {
    std::string id;
    std::string hospital_id;
    std::string department_id;  // the Location's id
    std::string department;     // its name, for the screens
    std::string hospital{};     // the hospital's name (its reference's display)
    std::string hospital_en{};
    std::string department_en{};
    std::string place{};  // where to go: building, floor, desk (extension kExtPlace)
    std::string place_en{};
    // Its free pool slots from the hub's now on, as the hub's Schedule
    // search counts them (kExtFreeSlots); nullopt in a Schedule read alone.
    std::optional<int> free_slots{};
};

struct PoolSlot {
    std::string id;
    std::string schedule_id;
    Instant start;
    Instant end;
    domain::SlotStatus status = domain::SlotStatus::Free;
    bool pool = true;     // in the family-doctor pool
    std::string version;  // meta.versionId, empty when the server gave none
};

struct Referral {
    std::string id;  // a kiosk UUID
    std::string team_id;
    std::string hospital_id;
    Instant authored;
};

enum class AppointmentStatus { Booked, Cancelled };

struct Booking {
    std::string id;  // a kiosk UUID
    std::string slot_id;
    std::string department_id;  // the Location
    std::string referral_id;
    Instant start;
    Instant end;
    Instant created;
    AppointmentStatus status = AppointmentStatus::Booked;
};

nlohmann::json to_schedule(const PoolSchedule& schedule);
Result<PoolSchedule, ParseError> parse_schedule(const nlohmann::json& schedule);

nlohmann::json to_slot(const PoolSlot& slot);
Result<PoolSlot, ParseError> parse_slot(const nlohmann::json& slot);

nlohmann::json to_service_request(const Referral& referral, const std::string& patient_reference);
Result<Referral, ParseError> parse_service_request(const nlohmann::json& request);

nlohmann::json to_appointment(const Booking& booking, const std::string& patient_reference);
Result<Booking, ParseError> parse_appointment(const nlohmann::json& appointment);

// The booking transaction. The patient is named by a conditional reference
// (patient_search()): the hub resolves it to its Patient, and answers
// not-signed when the resident holds no active contract.
nlohmann::json booking_bundle(const PoolSlot& slot, const Referral& referral,
                              const Booking& booking, const std::string& patient_reference);

// Cancelling: `PUT Appointment/[id]` cancelled, with If-Match naming the
// version the booking's answer gave (`appointment_version`, "1" for a
// booking the hub has not changed since). The hub frees the slot in the
// same transaction; a kiosk never sets a Slot free itself (hub/README.md
// "Scope"), so the booking and the slot cannot disagree.
nlohmann::json cancellation_bundle(const Booking& booking, const std::string& appointment_version,
                                   const std::string& patient_reference);

}  // namespace jiayi::fhir
