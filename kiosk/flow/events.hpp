#pragma once
// What the devices tell the flow, in the flow's words (the drivers' own
// types stay in drivers/; kiosk/devices translates), and where receipts go.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/image/raster.hpp"
#include "kiosk/auth/staff.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "kiosk/text/language.hpp"

namespace jiayi::flow {

using text::Language;

// What an ID-card reader hands over (the SAM reader's text).
struct CardData {
    std::string name;
    std::string number;
    std::string address;
};

// The ID card reader's own state, as the driver reports it.
enum class ReaderStatus {
    CardMoved,  // the card left the reader mid-read
    Broken,     // the reader's security module failed
    Offline,    // the reader stopped answering (unplugged?)
    Back,       // it answers again
};

// A scanned code, already sorted (common/qr_payload.hpp); `id` is the
// record, booking or staff id, or the e-health card's text.
enum class CodeKind { NotOurs, Booking, Record, NurseBadge, EHealthCard };
struct ScannedCode {
    CodeKind kind = CodeKind::NotOurs;
    std::string id;
};

// Where receipts go: the printer's queue (drivers/printer) or nowhere but the
// preview. `job` is the store's print job; the printer answers with
// PrinterEvents carrying it. Must not block: the flow runs on the UI thread.
class ReceiptPrinter {
  public:
    virtual ~ReceiptPrinter() = default;
    virtual void print(std::int64_t job, const receipt::Receipt& receipt, Language language) = 0;
    // The receipt as this printer prints it, for the screen's preview; may
    // take tens of milliseconds, so not on the UI thread. Any thread.
    virtual std::optional<image::Grey> paper(const receipt::Receipt&, Language) const {
        return std::nullopt;
    }
};

// A nurse's PIN, checked off the UI thread: Argon2id takes about 0.14 s per
// staff member checked (kiosk/auth/staff.hpp), too long for a frame. The
// flow hands the check over with a ticket and shows that it is checking; the
// answer comes back as a PinChecked (on the device-event queue, drained once
// per frame). `check` must not block.
struct PinChecked {
    std::uint64_t ticket = 0;
    auth::PinMatches matches;
    bool failed = false;  // the check itself failed (no memory): nothing was decided
};

class PinChecker {
  public:
    virtual ~PinChecker() = default;
    virtual void check(std::uint64_t ticket, auth::PinCheck check) = 0;
};

// What the printer's queue says, in the flow's words.
enum class PrinterProblem { None, PaperOut, CoverOpen, Offline, NoAnswer, Disconnected };

std::string_view code(PrinterProblem problem);  // "paper-out", …, "none"

struct PrinterEvent {
    enum class Kind {
        Printed,       // the printer confirmed the job
        Sent,          // sent to a printer that cannot confirm
        Waiting,       // the job is kept: `problem` says why
        Disconnected,  // no link to the printer; jobs are kept
        Back,          // the printer is reachable again
    };
    Kind kind = Kind::Waiting;
    std::int64_t job = 0;
    PrinterProblem problem = PrinterProblem::None;
};

// What the sync's last pass says (kiosk/sync's PassReport in the flow's
// words: kiosk/flow/online/news.hpp), posted from the sync thread after each
// pass. No personal data: counts, times, codes and record ids.
struct SyncNews {
    bool online = false;      // the hub answered the whole pass
    std::string failure;      // why not: a sync failure code ("unreachable", …); empty online
    std::int64_t queued = 0;  // outbox entries waiting to go up
    std::string oldest_queued_at;        // ISO 8601 UTC; empty when none waits
    std::int64_t refused = 0;            // outbox entries the center refused, all told
    std::string last_success_at;         // ISO 8601 UTC; empty: never
    std::vector<std::string> confirmed;  // records the center acknowledged in this pass
    struct Refusal {
        std::string record_id;
        std::string code;  // the hub's refusal code
    };
    std::vector<Refusal> refusals;  // records the center refused in this pass
};

}  // namespace jiayi::flow
