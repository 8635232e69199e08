// The devices' news in the flow: scanned codes, the card reader's state, and
// the receipt printer's queue (a receipt sent, kept, printed).

#include "kiosk/flow/flow.hpp"

#include "kiosk/auth/staff.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;

// What each of our codes does here. Identifying a resident by a code waits
// for the center (the e-health card is resolved online); a nurse's badge
// opens the PIN screen but never signs in alone; a receipt's code brings a
// nurse to that receipt's reprint.
void Flow::qr(const ScannedCode& code, Instant now) {
    now_ = now;
    last_input_ = now;
    switch (code.kind) {
        case CodeKind::Booking:
            show("booking-later");
            break;
        case CodeKind::EHealthCard:
            show("qr-ehealth-offline");
            break;
        case CodeKind::NurseBadge:
            if (nurse_) {
                break;
            }
            scrub(session_.keypad);
            if (auth::find_member(config_.staff.members, code.id) == nullptr) {
                audit("badge-refused", code.id);  // a staff id, not personal
                show("qr-badge-unknown");
                break;
            }
            session_.badge = code.id;
            go(Screen::Pin);
            show("qr-nurse-badge");
            break;
        case CodeKind::Record:
            if (nurse_) {
                reprint_record(code.id);
            } else {
                show("qr-receipt");
            }
            break;
        case CodeKind::NotOurs:
            show("qr-not-used");
            break;
    }
    publish();
}

// One sentence for the resident; the driver logs the detail for staff.
void Flow::reader(ReaderStatus status, Instant now) {
    now_ = now;
    switch (status) {
        case ReaderStatus::CardMoved:
            last_input_ = now;
            show("card-moved");
            break;
        case ReaderStatus::Broken:
            show("reader-broken");
            break;
        case ReaderStatus::Offline:
            show("reader-offline");
            break;
        case ReaderStatus::Back:
            if (message_ &&
                (message_->code == "reader-offline" || message_->code == "reader-broken")) {
                message_.reset();
                after_message_.reset();
            }
            break;
    }
    publish();
}

std::string_view code(PrinterProblem problem) {
    switch (problem) {
        case PrinterProblem::PaperOut:
            return "paper-out";
        case PrinterProblem::CoverOpen:
            return "cover-open";
        case PrinterProblem::Offline:
            return "offline";
        case PrinterProblem::NoAnswer:
            return "no-answer";
        case PrinterProblem::Disconnected:
            return "disconnected";
        case PrinterProblem::None:
            break;
    }
    return "none";
}

void Flow::send_to_printer(const receipt::Receipt& receipt) {
    if (printer_ == nullptr) {
        session_.print_state = PrintState::NoPrinter;
        return;
    }
    // Queued in the store first, so a receipt waiting for paper survives a
    // restart; if even that fails the receipt still goes to the printer.
    session_.print_job =
        store_.queue_print(receipt.id, std::string(text::code(language_)), now_).value_or(0);
    session_.print_state =
        printer_problem_ == PrinterProblem::None ? PrintState::Printing : PrintState::Waiting;
    printer_->print(session_.print_job, receipt, language_);
}

// The printer's queue reports on a job (or on itself). The store learns of
// every job; the resident hears only of their own receipt.
void Flow::printer(const PrinterEvent& event, Instant now) {
    now_ = now;
    const bool ours = event.job != 0 && event.job == session_.print_job;
    auto clear_printer_message = [&] {
        if (message_ && message_->code.starts_with("printer-")) {
            message_.reset();
            after_message_.reset();
        }
    };
    switch (event.kind) {
        case PrinterEvent::Kind::Printed:
        case PrinterEvent::Kind::Sent:
            if (event.job != 0) {
                (void)store_.print_done(event.job, event.kind == PrinterEvent::Kind::Printed, now);
            }
            printer_problem_ = PrinterProblem::None;
            if (ours) {
                session_.print_state = event.kind == PrinterEvent::Kind::Printed
                                           ? PrintState::Printed
                                           : PrintState::Sent;
                clear_printer_message();
            }
            break;
        case PrinterEvent::Kind::Waiting:
        case PrinterEvent::Kind::Disconnected: {
            const PrinterProblem problem = event.kind == PrinterEvent::Kind::Disconnected
                                               ? PrinterProblem::Disconnected
                                               : event.problem;
            printer_problem_ = problem;
            if (event.job != 0) {
                (void)store_.print_problem(event.job, std::string(code(problem)), now);
            }
            if (ours && session_.print_state != PrintState::Printed) {
                session_.print_state = PrintState::Waiting;
                show("printer-" + std::string(code(problem)));
            }
            break;
        }
        case PrinterEvent::Kind::Back:
            if (printer_problem_ == PrinterProblem::Disconnected) {
                printer_problem_ = PrinterProblem::None;
            }
            break;
    }
    publish();
}

}  // namespace jiayi::flow
