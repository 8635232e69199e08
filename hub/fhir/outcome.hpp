#pragma once
// OperationOutcomes: how the hub says no (hub/README.md "Refusals",
// protocols/hub-fhir.md). issue[0].details.coding[0] carries the refusal code
// in kRefusalSystem for the kiosk to map to a sentence; diagnostics is for
// staff and logs and never holds personal data.

#include <string>
#include <string_view>

#include "hub/fhir/interaction.hpp"

namespace jiayi::hub::fhir {

// The codes, as sent. The first eight are the signing rules' own
// (kiosk/domain/refusal.hpp names them identically); the rest are the hub's.
namespace refusal {
inline constexpr std::string_view already_signed = "already-signed";
inline constexpr std::string_view team_full = "team-full";
inline constexpr std::string_view team_closed = "team-closed";
inline constexpr std::string_view not_signed = "not-signed";
inline constexpr std::string_view slot_taken = "slot-taken";
inline constexpr std::string_view booking_limit = "booking-limit";
inline constexpr std::string_view outside_renewal_window = "outside-renewal-window";
inline constexpr std::string_view invalid_identifier = "invalid-identifier";
inline constexpr std::string_view cancel_too_late = "cancel-too-late";
inline constexpr std::string_view invalid = "invalid";              // 400 / 422
inline constexpr std::string_view not_found = "not-found";          // 404
inline constexpr std::string_view conflict = "conflict";            // 409
inline constexpr std::string_view stale = "stale";                  // 412 (If-Match not current)
inline constexpr std::string_view forbidden = "forbidden";          // 403
inline constexpr std::string_view unknown_token = "unknown-token";  // 401
inline constexpr std::string_view too_large = "too-large";          // 413
inline constexpr std::string_view not_supported = "not-supported";  // 405 / 501
inline constexpr std::string_view unavailable = "unavailable";      // 503: the database
}  // namespace refusal

// The FHIR issue type (OperationOutcome.issue.code) that goes with a refusal.
std::string_view issue_type(std::string_view code);

struct Refusal {
    int status = 422;
    std::string code;         // one of refusal::*
    std::string diagnostics;  // plain words for staff; no personal data
    std::string expression;   // where: "Bundle.entry[2]", "Patient.identifier"
};

nlohmann::json operation_outcome(const Refusal& refusal);
Answer answer(const Refusal& refusal);

// The refusal code an OperationOutcome carries, "" when none.
std::string refusal_code(const nlohmann::json& outcome);

}  // namespace jiayi::hub::fhir
