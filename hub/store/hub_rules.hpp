#pragma once
// The numbers the hub's rules use: the same structs as the kiosk's
// (kiosk/domain/rules.hpp), so both sides apply one definition of each rule.

#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::store {

struct HubRules {
    domain::ContractRules contract;   // renewal window
    domain::BookingRules booking;     // open bookings per resident, cancellation deadline
    domain::TeamRules team;           // a team's capacity when its import names none
    int utc_offset_minutes = 8 * 60;  // the district's clock (China Standard Time)
};

}  // namespace jiayi::hub::store
