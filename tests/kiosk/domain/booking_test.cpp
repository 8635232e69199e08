#include <doctest/doctest.h>

#include "kiosk/domain/booking.hpp"
#include "kiosk/domain/coverage.hpp"
#include "kiosk/domain/feedback.hpp"

using namespace jiayi;
using namespace jiayi::domain;

namespace {

ContractStanding in_force() {
    Contract c;
    c.start = Date{2026, 6, 1};
    c.end = Date{2027, 5, 31};
    return standing_on({c}, Date{2026, 11, 23}, ContractRules{});
}

}  // namespace

TEST_CASE("only a resident under contract books, within the limit, a free slot") {
    const BookingRules rules;
    CHECK(check_booking(in_force(), 0, SlotStatus::Free, rules).ok());
    CHECK(check_booking(in_force(), 1, SlotStatus::Free, rules).ok());
    CHECK(check_booking(in_force(), 2, SlotStatus::Free, rules).error() == Refusal::BookingLimit);
    CHECK(check_booking(in_force(), 0, SlotStatus::Busy, rules).error() == Refusal::SlotTaken);
    CHECK(check_booking(ContractStanding{}, 0, SlotStatus::Free, rules).error() ==
          Refusal::NotSigned);
    // A contract that ended yesterday no longer books.
    Contract ended;
    ended.start = Date{2025, 11, 23};
    ended.end = Date{2026, 11, 22};
    CHECK(check_booking(standing_on({ended}, Date{2026, 11, 23}, ContractRules{}), 0,
                        SlotStatus::Free, rules)
              .error() == Refusal::NotSigned);
    BookingRules three;
    three.max_open_bookings = 3;
    CHECK(check_booking(in_force(), 2, SlotStatus::Free, three).ok());
}

TEST_CASE("cancellation closes 24 hours before the slot") {
    const Instant slot{1795420800};
    CHECK(check_cancellation(slot, Instant{slot.unix_seconds - 24 * 3600}, BookingRules{}).ok());
    CHECK(check_cancellation(slot, Instant{slot.unix_seconds - 24 * 3600 + 1}, BookingRules{})
              .error() == Refusal::CancelTooLate);
    BookingRules two_hours;
    two_hours.cancel_deadline_hours = 2;
    CHECK(check_cancellation(slot, Instant{slot.unix_seconds - 3 * 3600}, two_hours).ok());
}

TEST_CASE("unused pool slots return one day before the booking deadline") {
    const Instant deadline{1795420800};
    CHECK(pool_release_at(deadline, BookingRules{}).unix_seconds == deadline.unix_seconds - 86400);
    BookingRules none;
    none.pool_release_days_before = 0;
    CHECK(pool_release_at(deadline, none) == deadline);
}

TEST_CASE("hospitals open at least 20 percent of their slots to the pool") {
    CHECK(pool_share_met(20, 100, BookingRules{}));
    CHECK_FALSE(pool_share_met(19, 100, BookingRules{}));
    CHECK(pool_share_met(0, 0, BookingRules{}));
}

TEST_CASE("coverage targets: 30 percent, 60 percent of key populations, all priority groups") {
    CoverageCounts counts;
    counts.residents = 1000;
    counts.residents_signed = 300;
    counts.key_population = 200;
    counts.key_population_signed = 119;
    counts.priority = 10;
    counts.priority_signed = 10;
    const CoverageProgress p = coverage_progress(counts, CoverageTargets{});
    CHECK(p.resident_met);
    CHECK(p.resident_permille == 300);
    CHECK_FALSE(p.key_population_met);
    CHECK(p.key_population_permille == 595);
    CHECK(p.priority_met);
    counts.priority_signed = 9;
    CHECK_FALSE(coverage_progress(counts, CoverageTargets{}).priority_met);
    CHECK(coverage_progress(CoverageCounts{}, CoverageTargets{}).resident_met);
}

TEST_CASE("priority groups are the disabled, family-planning special families and the poor") {
    CHECK(is_priority(PopulationSet{Population::Disabled}));
    CHECK(is_priority(PopulationSet{Population::FamilyPlanningSpecial, Population::Elderly}));
    CHECK(is_priority(PopulationSet{Population::RegisteredPoor}));
    CHECK_FALSE(is_priority(PopulationSet{Population::Elderly, Population::Hypertension}));
}

TEST_CASE("feedback: a rating of 1 to 5 faces and the awareness answer") {
    CHECK(make_feedback(5, true).ok());
    CHECK(make_feedback(1, std::nullopt).ok());
    CHECK(make_feedback(std::nullopt, false).value().knows_doctor == false);
    CHECK(make_feedback(0, true).error() == FeedbackError::RatingOutOfRange);
    CHECK(make_feedback(6, std::nullopt).error() == FeedbackError::RatingOutOfRange);
    CHECK(make_feedback(std::nullopt, std::nullopt).error() == FeedbackError::Empty);
}
