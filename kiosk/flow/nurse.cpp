#include "kiosk/flow/nurse.hpp"

#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

using namespace detail;

NurseDesk::NurseDesk(const config::StaffSection& staff)
    : pins_(staff.max_pin_attempts, staff.lockout_minutes) {}

void NurseDesk::key(Screen screen, const std::string& key) {
    if (auto rule = keypad_rule(screen)) {
        type_key(keypad_, key, *rule);
    }
}

void NurseDesk::delete_key() {
    if (!keypad_.empty()) {
        keypad_.pop_back();
    }
}

void NurseDesk::clear_keypad() { scrub(keypad_); }

void NurseDesk::open_pin(Context& ctx) {
    scrub(keypad_);
    ctx.nav.go(Screen::Pin);
}

void NurseDesk::pin_next(Context& ctx) {
    const auto& staff = ctx.config.staff;
    if (staff.nurse_pin_hash.empty()) {
        scrub(keypad_);
        ctx.nav.show("nurse-disabled");
        return;
    }
    const auto outcome = pins_.attempt(keypad_, staff.nurse_pin_hash, ctx.now);
    scrub(keypad_);
    switch (outcome) {
        case auth::PinGuard::Outcome::Accepted:
            ctx.staff = "nurse";
            ctx.audit("sign-in", "");
            ctx.nav.restart_at(Screen::NurseMenu);
            break;
        case auth::PinGuard::Outcome::Wrong:
            ctx.audit("sign-in-refused", "wrong PIN");
            if (pins_.locked(ctx.now)) {
                ctx.nav.show("pin-locked", {std::to_string(staff.lockout_minutes)});
            } else {
                ctx.nav.show("pin-wrong",
                             {std::to_string(staff.max_pin_attempts - pins_.wrong_in_a_row())});
            }
            break;
        case auth::PinGuard::Outcome::LockedOut:
            ctx.audit("sign-in-refused", "locked out");
            ctx.nav.show("pin-locked", {std::to_string(staff.lockout_minutes)});
            break;
    }
}

void NurseDesk::open_manual_entry(Context& ctx, EntryTarget target) {
    entry_ = target;
    scrub(keypad_);
    ctx.nav.go(Screen::ManualEntry);
}

std::optional<domain::Document> NurseDesk::manual_entry_next(Context& ctx) {
    auto document = domain::parse_document(keypad_, ctx.today());
    scrub(keypad_);
    if (!document) {
        ctx.nav.show("invalid-id");
        return std::nullopt;
    }
    ctx.audit("manual-entry", entry_ == EntryTarget::Signer ? "signer" : "resident");
    return std::move(document).value();
}

void NurseDesk::open_summary(Context& ctx) {
    const Instant from = domain::start_of(ctx.today(), ctx.config.kiosk.utc_offset_minutes);
    auto rows = ctx.store.ledger(from, Instant{ctx.now.unix_seconds + 1});
    auto status = ctx.store.status();
    if (!rows || !status) {
        ctx.nav.show("store-failed");
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
    ctx.audit("summary", "");
    ctx.nav.go(Screen::Summary);
}

void NurseDesk::open_reprints(Context& ctx) {
    const Instant from = domain::start_of(ctx.today(), ctx.config.kiosk.utc_offset_minutes);
    auto entries = ctx.store.receipts(from, Instant{ctx.now.unix_seconds + 1});
    if (!entries) {
        ctx.nav.show("store-failed");
        return;
    }
    reprints_.clear();
    for (const auto& e : *entries) {
        const auto at = parse_iso8601(e.created_at);
        reprints_.push_back(
            {e.id, "receipt.kind." + e.kind,
             at ? local_time(*at, ctx.config.kiosk.utc_offset_minutes, false) : ""});
    }
    ctx.nav.go(Screen::Reprint);
}

std::optional<std::string> NurseDesk::receipt_of_record(Context& ctx,
                                                        const std::string& record_id) {
    auto found = ctx.store.receipt_for_record(record_id);
    if (!found || !*found) {
        ctx.nav.show(found ? "receipt-gone" : "store-failed");
        return std::nullopt;
    }
    return **found;
}

std::optional<receipt::Receipt> NurseDesk::receipt(Context& ctx, const std::string& receipt_id) {
    auto bytes = ctx.store.receipt_bytes(receipt_id);
    if (!bytes) {
        ctx.nav.show(bytes.error().kind == store::StoreErrorKind::NotFound ? "receipt-gone"
                                                                           : "store-failed");
        return std::nullopt;
    }
    auto parsed = receipt::from_json(std::string(bytes->begin(), bytes->end()));
    if (!parsed) {
        ctx.nav.show("receipt-gone");
        return std::nullopt;
    }
    ctx.audit("reprint", receipt_id);
    return std::move(parsed).value();
}

void NurseDesk::clear() {
    scrub(keypad_);
    entry_ = EntryTarget::Resident;
    summary_ = {};
    reprints_.clear();
}

}  // namespace jiayi::flow
