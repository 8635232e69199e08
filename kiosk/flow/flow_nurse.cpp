// Nurse mode: the PIN, a typed number, today's summary and reprints.

#include "kiosk/flow/flow.hpp"

#include <algorithm>

#include "kiosk/auth/staff.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"

namespace jiayi::flow {

using namespace detail;

void Flow::pin_next() {
    const auto& staff = config_.staff;
    if (staff.members.empty()) {
        scrub(session_.keypad);
        show("nurse-disabled");
        return;
    }
    // The lockout lives in the store, so a restart gives a guesser no fresh
    // tries; a store that cannot keep it signs nobody in.
    const auto kept = store_.pin_lockout(kNursePinPad);
    if (!kept) {
        scrub(session_.keypad);
        show("store-failed");
        return;
    }
    auth::PinGuard guard(staff.max_pin_attempts, staff.lockout_minutes,
                         {kept->wrong_in_a_row, kept->locked_until});
    const auto tried = auth::sign_in(guard, staff.members, session_.keypad, session_.badge, now_);
    scrub(session_.keypad);
    if (!store_.save_pin_lockout(kNursePinPad, {guard.wrong_in_a_row(), guard.locked_until()})) {
        show("store-failed");
        return;
    }
    switch (tried.outcome) {
        case auth::SignIn::Outcome::Accepted:
            nurse_ = true;
            staff_ = tried.member->id;
            audit("sign-in", session_.badge.empty() ? "PIN" : "badge and PIN");
            history_.clear();
            screen_ = Screen::NurseMenu;
            break;
        case auth::SignIn::Outcome::Wrong:
        case auth::SignIn::Outcome::SharedPin: {
            const bool shared = tried.outcome == auth::SignIn::Outcome::SharedPin;
            audit("sign-in-refused", shared ? "PIN of more than one member" : "wrong PIN");
            if (shared) {
                show("pin-shared");
            } else {
                show("pin-wrong",
                     {std::to_string(staff.max_pin_attempts - guard.wrong_in_a_row())});
            }
            break;
        }
        case auth::SignIn::Outcome::LockedOut:
            audit("sign-in-refused", "locked out");
            show("pin-locked", {std::to_string(staff.lockout_minutes)});
            break;
    }
}

void Flow::manual_entry_next() {
    auto document = domain::parse_document(session_.keypad, today());
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
