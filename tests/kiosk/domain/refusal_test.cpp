#include <doctest/doctest.h>

#include <set>
#include <string>

#include "kiosk/domain/refusal.hpp"

using namespace jiayi::domain;

TEST_CASE("refusal codes are stable and unique") {
    std::set<std::string> seen;
    for (Refusal r : kAllRefusals) {
        CHECK(seen.insert(std::string(code(r))).second);
        CHECK(refusal_from_code(code(r)) == r);
    }
    // The codes the hub shares (hub-fhir.md) must keep these exact spellings.
    CHECK(code(Refusal::AlreadySigned) == "already-signed");
    CHECK(code(Refusal::TeamFull) == "team-full");
    CHECK(code(Refusal::TeamClosed) == "team-closed");
    CHECK(code(Refusal::NotSigned) == "not-signed");
    CHECK(code(Refusal::OutsideRenewalWindow) == "outside-renewal-window");
    CHECK(code(Refusal::InvalidIdentifier) == "invalid-identifier");
    CHECK(code(Refusal::SlotTaken) == "slot-taken");
    CHECK(code(Refusal::BookingLimit) == "booking-limit");
    CHECK_FALSE(refusal_from_code("slot-taken-twice"));
}
