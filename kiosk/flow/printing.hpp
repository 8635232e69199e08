#pragma once
// Print tracking: the session's receipt saved, sent to the printer's queue
// and followed until the printer confirms it; the printer's own state (paper
// out, offline) outlives sessions. The store learns of every job; the
// resident hears only of their own receipt. Internal to kiosk/flow.

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/flow/context.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/flow/journey.hpp"
#include "kiosk/receipt/receipt.hpp"

namespace jiayi::flow {

// The receipt on the receipt screen.
struct ReceiptStep {
    std::optional<receipt::Receipt> receipt;
    std::string record_id;
    bool reprint = false;  // a nurse's reprint: Next returns to the list
    bool kept = true;      // false: the store could not keep it (no reprint later)
    std::int64_t job = 0;  // the store's print job; 0: none
    PrintState state = PrintState::None;
};

class Printing {
  public:
    explicit Printing(ReceiptPrinter* printer) : printer_(printer) {}

    // A new record's receipt: kept in the store, then printed.
    void issue(Context& ctx, ReceiptStep& step, Committed committed, Language language);
    // A kept receipt again (a nurse's reprint): printed, not saved again.
    void reprint(Context& ctx, ReceiptStep& step, receipt::Receipt receipt, Language language);
    // The printer's news about a job or itself.
    void on_event(Context& ctx, ReceiptStep& step, const PrinterEvent& event);
    PrinterProblem problem() const { return problem_; }

  private:
    void send(Context& ctx, ReceiptStep& step, Language language);

    ReceiptPrinter* printer_;
    PrinterProblem problem_ = PrinterProblem::None;
};

}  // namespace jiayi::flow
