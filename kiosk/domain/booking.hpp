#pragma once
// Specialist slots for signed residents (号源池, rules.md): who may book, how
// many, until when a booking can be cancelled, and when unused pool slots go
// back to the hospital. The hub enforces "a slot is booked once" in its
// database; the kiosk checks the same rules to answer before it asks.

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

enum class SlotStatus { Free, Busy };

// Only a resident with a contract in force today may book, holding at most
// `max_open_bookings`, and only a free slot.
Result<void, Refusal> check_booking(const ContractStanding& standing, int open_bookings,
                                    SlotStatus slot, const BookingRules& rules);

// A booking can be cancelled until `cancel_deadline_hours` before its start.
Result<void, Refusal> check_cancellation(Instant slot_start, Instant now,
                                         const BookingRules& rules);

// Unused pool slots return to the hospital's general pool this long before
// the booking deadline.
Instant pool_release_at(Instant booking_deadline, const BookingRules& rules);

// Whether a hospital opened at least the required share of its slots.
bool pool_share_met(int pool_slots, int all_slots, const BookingRules& rules);

}  // namespace jiayi::domain
