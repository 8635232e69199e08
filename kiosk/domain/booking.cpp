#include "kiosk/domain/booking.hpp"

namespace jiayi::domain {

Result<void, Refusal> check_booking(const ContractStanding& standing, int open_bookings,
                                    SlotStatus slot, const BookingRules& rules) {
    if (!standing.current) {
        return fail(Refusal::NotSigned);
    }
    if (open_bookings >= rules.max_open_bookings) {
        return fail(Refusal::BookingLimit);
    }
    if (slot != SlotStatus::Free) {
        return fail(Refusal::SlotTaken);
    }
    return Ok{};
}

Result<void, Refusal> check_cancellation(Instant slot_start, Instant now,
                                         const BookingRules& rules) {
    const std::int64_t deadline =
        slot_start.unix_seconds - std::int64_t{rules.cancel_deadline_hours} * 3600;
    if (now.unix_seconds > deadline) {
        return fail(Refusal::CancelTooLate);
    }
    return Ok{};
}

Instant pool_release_at(Instant booking_deadline, const BookingRules& rules) {
    return Instant{booking_deadline.unix_seconds -
                   std::int64_t{rules.pool_release_days_before} * 86400};
}

bool pool_share_met(int pool_slots, int all_slots, const BookingRules& rules) {
    return std::int64_t{pool_slots} * 100 >= std::int64_t{all_slots} * rules.pool_min_percent;
}

}  // namespace jiayi::domain
