#pragma once
// Everything the flow holds between events, by owner: the navigator, who is
// signed in, the session's resident and their journey, the receipt, the
// feedback, the nurse's desk. The view is a pure function of it
// (build_view). Internal to kiosk/flow.

#include <optional>
#include <string>

#include "kiosk/flow/back_fill.hpp"
#include "kiosk/flow/booking.hpp"
#include "kiosk/flow/center.hpp"
#include "kiosk/flow/context.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/feedback.hpp"
#include "kiosk/flow/journey.hpp"
#include "kiosk/flow/nurse.hpp"
#include "kiosk/flow/printing.hpp"
#include "kiosk/flow/resident.hpp"

namespace jiayi::flow {

struct FlowState {
    explicit FlowState(const config::KioskConfig& config);

    Navigator nav;
    std::string staff;  // signed in; empty: none
    std::string badge;  // a scanned nurse badge's staff id, until its PIN
    Language language;
    bool large_text;
    std::optional<int> countdown;  // seconds left before the session is wiped
    int listen_again = 0;          // "Listen again" taps, never reset (View::listen_again)
    bool voice_muted = false;      // a nurse muted the voice until the session ends

    std::optional<Resident> resident;
    bool proxy = false;  // a nurse set someone to sign for the resident
    std::optional<ContractJourney> journey;
    std::optional<BookingJourney> booking;
    bool wants_booking = false;  // "book a specialist" was tapped before the card
    std::optional<BackFillJourney> back_fill;
    bool wants_back_fill = false;  // a nurse's "back-fill" was tapped before the card
    ReceiptStep receipt;
    Feedback feedback;
    NurseDesk nurse;
    Center center;  // the sync's news; a signing waiting for the center's word
};

// The kiosk's language and text size when nobody has changed them.
Language default_language(const config::KioskConfig& config);

// The view model of a state: what to draw, what to offer. Pure.
View build_view(const FlowState& state, PrinterProblem printer, const config::KioskConfig& config,
                domain::Date today, Instant now);

}  // namespace jiayi::flow
