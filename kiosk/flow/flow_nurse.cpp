// Nurse mode: the PIN, a typed number, today's summary and reprints.

#include "kiosk/flow/flow.hpp"

#include <algorithm>

#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;

void Flow::pin_next() {
    const std::string& hash = config_.staff.nurse_pin_hash;
    if (hash.empty()) {
        scrub(session_.keypad);
        show("nurse-disabled");
        return;
    }
    const auto outcome = pins_.attempt(session_.keypad, hash, now_);
    scrub(session_.keypad);
    switch (outcome) {
        case auth::PinGuard::Outcome::Accepted:
            nurse_ = true;
            audit("sign-in", "");
            history_.clear();
            screen_ = Screen::NurseMenu;
            break;
        case auth::PinGuard::Outcome::Wrong:
            audit("sign-in-refused", "wrong PIN");
            if (pins_.locked(now_)) {
                show("pin-locked", {std::to_string(config_.staff.lockout_minutes)});
            } else {
                show("pin-wrong",
                     {std::to_string(config_.staff.max_pin_attempts - pins_.wrong_in_a_row())});
            }
            break;
        case auth::PinGuard::Outcome::LockedOut:
            audit("sign-in-refused", "locked out");
            show("pin-locked", {std::to_string(config_.staff.lockout_minutes)});
            break;
    }
}

void Flow::manual_entry_next() {
    auto document = domain::parse_entry(session_.entry_mode, session_.keypad, today());
    scrub(session_.keypad);
    if (!document) {
        show("invalid-id");
        return;
    }
    if (session_.entry == EntryTarget::Signer) {
        audit("manual-entry", "signer");
        back();
        if (document->number == session_.resident.document.number) {
            show("signer-same-person");
        } else {
            session_.signer_document = std::move(document).value();
        }
        return;
    }
    audit("manual-entry", "resident");
    identify(*document, CardData{});
}

void Flow::open_summary() {
    if (!nurse_) {
        return;
    }
    const Instant from = domain::start_of(today(), config_.kiosk.utc_offset_minutes);
    auto rows = store_.ledger(from, Instant{now_.unix_seconds + 1});
    auto status = store_.status();
    if (!rows || !status) {
        show("store-failed");
        return;
    }
    summary_ = {};
    for (const auto& row : *rows) {
        if (row.action == "new") {
            ++summary_.signings;
        } else if (row.action == "renewal") {
            ++summary_.renewals;
        } else if (row.action == "switch") {
            ++summary_.switches;
        } else if (row.action == "decline") {
            ++summary_.declines;
        }
    }
    summary_.pending = static_cast<int>(status->outbox_pending);
    audit("summary", "");
    go(Screen::Summary);
}

void Flow::open_reprints() {
    if (!nurse_) {
        return;
    }
    const Instant from = domain::start_of(today(), config_.kiosk.utc_offset_minutes);
    auto entries = store_.receipts(from, Instant{now_.unix_seconds + 1});
    if (!entries) {
        show("store-failed");
        return;
    }
    reprints_.clear();
    for (const auto& e : *entries) {
        const auto at = parse_iso8601(e.created_at);
        reprints_.push_back({e.id, "receipt.kind." + e.kind,
                             at ? local_time(*at, config_.kiosk.utc_offset_minutes, false) : ""});
    }
    go(Screen::Reprint);
}

// A receipt's printed code, scanned by a nurse: that receipt, again.
void Flow::reprint_record(const std::string& record_id) {
    auto found = store_.receipt_for_record(record_id);
    if (!found || !*found) {
        show(found ? "receipt-gone" : "store-failed");
        return;
    }
    go(Screen::Reprint);
    reprint(**found);
}

void Flow::reprint(const std::string& receipt_id) {
    if (!nurse_ || screen_ != Screen::Reprint) {
        return;
    }
    auto bytes = store_.receipt_bytes(receipt_id);
    if (!bytes) {
        show(bytes.error().kind == store::StoreErrorKind::NotFound ? "receipt-gone"
                                                                   : "store-failed");
        return;
    }
    auto parsed = receipt::from_json(std::string(bytes->begin(), bytes->end()));
    if (!parsed) {
        show("receipt-gone");
        return;
    }
    audit("reprint", receipt_id);
    session_.receipt = std::move(parsed).value();
    send_to_printer(*session_.receipt);
    session_.reprint = true;
    go(Screen::Receipt);
}

}  // namespace jiayi::flow
