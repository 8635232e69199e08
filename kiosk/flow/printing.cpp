#include "kiosk/flow/printing.hpp"

namespace jiayi::flow {

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

void Printing::issue(Context& ctx, ReceiptStep& step, Committed committed, Language language) {
    step = ReceiptStep{};
    step.record_id = std::move(committed.record_id);
    step.receipt = std::move(committed.receipt);
    const std::string json = receipt::to_json(*step.receipt);
    auto saved = ctx.store.save_receipt(step.receipt->id, step.record_id,
                                        std::string(receipt::code(step.receipt->kind)),
                                        store::Bytes(json.begin(), json.end()), ctx.now);
    if (!saved) {
        // The record is written; its receipt cannot be kept for reprints. It
        // is still shown and printed, and the failure is said on the screen
        // and in the staff's audit log, never dropped.
        step.kept = false;
        ctx.audit("receipt-not-kept",
                  step.record_id + " " + std::string(store::code(saved.error().kind)));
        ctx.nav.show("receipt-not-kept");
    }
    send(ctx, step, language);
}

void Printing::reprint(Context& ctx, ReceiptStep& step, receipt::Receipt receipt,
                       Language language) {
    step = ReceiptStep{};
    step.receipt = std::move(receipt);
    step.reprint = true;
    send(ctx, step, language);
}

void Printing::send(Context& ctx, ReceiptStep& step, Language language) {
    if (printer_ == nullptr) {
        step.state = PrintState::NoPrinter;
        return;
    }
    // Queued in the store first, so a receipt waiting for paper survives a
    // restart; if even that fails the receipt still goes to the printer.
    step.job = ctx.store.queue_print(step.receipt->id, std::string(text::code(language)), ctx.now)
                   .value_or(0);
    step.state = problem_ == PrinterProblem::None ? PrintState::Printing : PrintState::Waiting;
    printer_->print(step.job, *step.receipt, language);
}

void Printing::on_event(Context& ctx, ReceiptStep& step, const PrinterEvent& event) {
    const bool ours = event.job != 0 && event.job == step.job;
    switch (event.kind) {
        case PrinterEvent::Kind::Printed:
        case PrinterEvent::Kind::Sent:
            if (event.job != 0) {
                (void)ctx.store.print_done(event.job, event.kind == PrinterEvent::Kind::Printed,
                                           ctx.now);
            }
            problem_ = PrinterProblem::None;
            if (ours) {
                step.state = event.kind == PrinterEvent::Kind::Printed ? PrintState::Printed
                                                                       : PrintState::Sent;
                ctx.nav.drop_message("printer-");
            }
            break;
        case PrinterEvent::Kind::Waiting:
        case PrinterEvent::Kind::Disconnected: {
            const PrinterProblem problem = event.kind == PrinterEvent::Kind::Disconnected
                                               ? PrinterProblem::Disconnected
                                               : event.problem;
            problem_ = problem;
            if (event.job != 0) {
                (void)ctx.store.print_problem(event.job, std::string(code(problem)), ctx.now);
            }
            if (ours && step.state != PrintState::Printed) {
                step.state = PrintState::Waiting;
                ctx.nav.show("printer-" + std::string(code(problem)));
            }
            break;
        }
        case PrinterEvent::Kind::Back:
            if (problem_ == PrinterProblem::Disconnected) {
                problem_ = PrinterProblem::None;
            }
            break;
    }
}

}  // namespace jiayi::flow
