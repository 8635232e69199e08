#include "kiosk/domain/refusal.hpp"

namespace jiayi::domain {

std::string_view code(Refusal refusal) {
    switch (refusal) {
        case Refusal::AlreadySigned:
            return "already-signed";
        case Refusal::TeamFull:
            return "team-full";
        case Refusal::TeamClosed:
            return "team-closed";
        case Refusal::NotSigned:
            return "not-signed";
        case Refusal::OutsideRenewalWindow:
            return "outside-renewal-window";
        case Refusal::InvalidIdentifier:
            return "invalid-identifier";
        case Refusal::GuardianRequired:
            return "guardian-required";
        case Refusal::GuardianNotAdult:
            return "guardian-not-adult";
        case Refusal::ProxyIncomplete:
            return "proxy-incomplete";
        case Refusal::ConsentRequired:
            return "consent-required";
        case Refusal::SignatureRequired:
            return "signature-required";
        case Refusal::SignatureTooSmall:
            return "signature-too-small";
        case Refusal::BasicPackageRequired:
            return "basic-package-required";
        case Refusal::PackageNotForPopulation:
            return "package-not-for-population";
        case Refusal::PackageUnknown:
            return "package-unknown";
        case Refusal::PackageRepeated:
            return "package-repeated";
        case Refusal::SwitchNotAllowed:
            return "switch-not-allowed";
        case Refusal::SameTeam:
            return "same-team";
        case Refusal::NotActive:
            return "not-active";
        case Refusal::ReasonNoteRequired:
            return "reason-note-required";
        case Refusal::PhoneInvalid:
            return "phone-invalid";
        case Refusal::PhoneMismatch:
            return "phone-mismatch";
        case Refusal::HospitalInvalid:
            return "hospital-invalid";
        case Refusal::SlotTaken:
            return "slot-taken";
        case Refusal::BookingLimit:
            return "booking-limit";
        case Refusal::CancelTooLate:
            return "cancel-too-late";
    }
    return "unknown";
}

std::optional<Refusal> refusal_from_code(std::string_view text) {
    for (Refusal refusal : kAllRefusals) {
        if (code(refusal) == text) {
            return refusal;
        }
    }
    return std::nullopt;
}

}  // namespace jiayi::domain
