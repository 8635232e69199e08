#pragma once
// Every "no" the signing rules can say, each with a stable code. The UI turns a
// code into one plain sentence; the hub answers with the same codes in
// OperationOutcome.issue.details (../shared/protocols/hub-fhir.md), so a code is
// never renamed once shipped.

#include <optional>
#include <string_view>

namespace jiayi::domain {

enum class Refusal {
    AlreadySigned,            // one team per resident at a time
    TeamFull,                 // team at capacity
    TeamClosed,               // team closed to new signings
    NotSigned,                // needs an active contract (renewal, booking)
    OutsideRenewalWindow,     // renewal asked for outside its window
    InvalidIdentifier,        // the document number does not check
    GuardianRequired,         // a minor cannot sign for themself
    GuardianNotAdult,         // the guardian or proxy must be an adult
    ProxyIncomplete,          // proxy signing needs relation and the proxy's ID
    ConsentRequired,          // separate privacy consent at first signing
    SignatureRequired,        // every signing, renewal, switch and opt-out is signed
    SignatureTooSmall,        // a tap or a flick, not a name written across the box
    BasicPackageRequired,     // exactly one basic package per contract
    PackageNotForPopulation,  // a targeted package offered to someone outside it
    PackageUnknown,           // a package id the catalogue does not hold
    PackageRepeated,          // the same package chosen twice
    SwitchNotAllowed,         // mid-term switch where the district does not allow it
    SameTeam,                 // switching to the team already signed with
    NotActive,                // terminating a contract that is not active
    ReasonNoteRequired,       // termination for "other" needs a note
    PhoneInvalid,             // not a mainland mobile or a landline with area code
    PhoneMismatch,            // the two entries of the phone number differ
    HospitalInvalid,          // 1+1+1 choice: wrong level or unknown hospital
    SlotTaken,                // a pool slot is booked at most once
    BookingLimit,             // too many open bookings held
    CancelTooLate,            // past the cancellation deadline
};

std::string_view code(Refusal refusal);
std::optional<Refusal> refusal_from_code(std::string_view code);

// Every refusal, for tables and tests.
inline constexpr Refusal kAllRefusals[] = {
    Refusal::AlreadySigned,
    Refusal::TeamFull,
    Refusal::TeamClosed,
    Refusal::NotSigned,
    Refusal::OutsideRenewalWindow,
    Refusal::InvalidIdentifier,
    Refusal::GuardianRequired,
    Refusal::GuardianNotAdult,
    Refusal::ProxyIncomplete,
    Refusal::ConsentRequired,
    Refusal::SignatureRequired,
    Refusal::SignatureTooSmall,
    Refusal::BasicPackageRequired,
    Refusal::PackageNotForPopulation,
    Refusal::PackageUnknown,
    Refusal::PackageRepeated,
    Refusal::SwitchNotAllowed,
    Refusal::SameTeam,
    Refusal::NotActive,
    Refusal::ReasonNoteRequired,
    Refusal::PhoneInvalid,
    Refusal::PhoneMismatch,
    Refusal::HospitalInvalid,
    Refusal::SlotTaken,
    Refusal::BookingLimit,
    Refusal::CancelTooLate,
};

}  // namespace jiayi::domain
