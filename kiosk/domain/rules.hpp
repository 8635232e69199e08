#pragma once
// The numbers of the signing rules (rules.md), grouped by the rule they serve.
// Every default here is the default of a key in config/kiosk.toml; the
// configuration layer fills these structs and the domain never hard-codes one.

#include <string>

#include "kiosk/domain/money.hpp"
#include "kiosk/domain/population.hpp"

namespace jiayi::domain {

struct TeamRules {
    int default_capacity = 1500;  // used when the hub has not sent a team's own
};

struct FeeRules {
    // The basic package costs at least this; the funds pay their shares and
    // the resident the rest (36 = 12 insurance + 12 public health + 12 personal).
    Money basic_fee_min = yuan(36);
    Money basic_insurance_fund = yuan(12);
    Money basic_public_health = yuan(12);
    // Categories under medical assistance whose personal share is waived.
    PopulationSet personal_share_waived_for{
        Population::RegisteredPoor, Population::MinimumLivingAllowance, Population::Destitute};
    // Urban-employee insured pay the personal share from their personal account.
    bool employee_account_pays_personal = true;
};

struct ContractRules {
    int term_years = 1;
    int renewal_days_before = 30;
    int renewal_days_after = 90;
    bool allow_midterm_switch = false;
    int guardian_required_under = 18;  // the law needs 14 at least; config enforces it
    int adult_age = 18;                // guardians and proxies must be adults
};

// A handwritten signature is a name written across the pad (1000 × 333
// units), not a tap: at least this much ink, spread over at least this box.
// Two Chinese characters written at the box's height measure several hundred
// units of ink and width; a tap measures none.
struct SignatureRules {
    int min_ink = 250;
    int min_width = 150;
    int min_height = 30;
};

struct PhoneRules {
    int shared_number_threshold = 5;  // unrelated residents on one number → flag
};

struct BookingRules {
    int max_open_bookings = 2;
    int cancel_deadline_hours = 24;
    int pool_release_days_before = 1;  // unused pool slots return to the hospital
    int pool_min_percent = 20;         // hospitals open at least this share of slots
};

struct CoverageTargets {
    int resident_percent = 30;
    int key_population_percent = 60;
    int priority_percent = 100;  // disabled, family-planning special, registered poor
};

struct MaskRules {
    int id_visible_head = 4;
    int id_visible_tail = 4;
};

// Where the kiosk stands: residents whose ID's region differs at the given
// level (2 province, 4 city, 6 county) are flagged as cross-region signings.
struct SiteRules {
    std::string region_code = "500114";
    int cross_region_level = 6;
};

struct SigningRules {
    SiteRules site;
    ContractRules contract;
    TeamRules team;
    FeeRules fees;
    PopulationRules populations;
    PhoneRules phone;
    SignatureRules signature;
    BookingRules booking;
    CoverageTargets coverage;
    MaskRules mask;
};

// The district's rules as its hub applies them (config/hub.toml [rules]):
// the kiosk's own structs, so both sides apply one definition of each rule.
struct HubRules {
    TeamRules team;                   // a team's capacity when its import names none
    BookingRules booking;             // open bookings, cancellation deadline, pool release
    ContractRules contract;           // the renewal window (days before/after the end)
    PhoneRules phone;                 // residents on one number before `report quality` lists it
    int utc_offset_minutes = 8 * 60;  // the district's clock (China Standard Time)
    // The health centers' opening hours, Monday to Friday (`report quality`
    // lists signings outside them): minutes after local midnight; closes is
    // the first minute closed.
    int center_opens_minute = 8 * 60;
    int center_closes_minute = 17 * 60 + 30;
};

}  // namespace jiayi::domain
