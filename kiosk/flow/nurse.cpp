#include "kiosk/flow/nurse.hpp"

#include "kiosk/auth/staff.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

using namespace detail;

void NurseDesk::key(Screen screen, const std::string& key) {
    if (auto rule = keypad_rule(screen, entry_mode_)) {
        type_key(keypad_, key, *rule);
    }
}

void NurseDesk::delete_key() {
    if (!keypad_.empty()) {
        keypad_.pop_back();
    }
}

void NurseDesk::clear_keypad() {
    scrub(keypad_);
}

namespace {

// The nurse PIN pad's row in the store's lockouts.
constexpr const char* kNursePinPad = "nurse";

}  // namespace

void NurseDesk::open_pin(Context& ctx) {
    scrub(keypad_);
    ctx.badge.clear();  // a PIN alone, whoever scanned a badge before
    ctx.nav.go(Screen::Pin);
}

void NurseDesk::badge(Context& ctx, const std::string& staff_id) {
    scrub(keypad_);
    if (auth::find_member(ctx.config.staff.members, staff_id) == nullptr) {
        ctx.audit("badge-refused", staff_id);  // a staff id, not personal
        ctx.nav.show("qr-badge-unknown");
        return;
    }
    ctx.badge = staff_id;
    ctx.nav.go(Screen::Pin);
    ctx.nav.show("qr-nurse-badge");
}

void NurseDesk::pin_next(Context& ctx) {
    const auto& staff = ctx.config.staff;
    if (staff.members.empty()) {
        scrub(keypad_);
        ctx.nav.show("nurse-disabled");
        return;
    }
    const auto kept = ctx.store.pin_lockout(kNursePinPad);
    if (!kept) {
        scrub(keypad_);
        ctx.nav.show("store-failed");
        return;
    }
    auth::PinGuard guard(staff.max_pin_attempts, staff.lockout_minutes,
                         {kept->wrong_in_a_row, kept->locked_until});
    const auto tried = auth::sign_in(guard, staff.members, keypad_, ctx.badge, ctx.now);
    scrub(keypad_);
    if (!ctx.store.save_pin_lockout(kNursePinPad, {guard.wrong_in_a_row(), guard.locked_until()})) {
        ctx.nav.show("store-failed");
        return;
    }
    switch (tried.outcome) {
        case auth::SignIn::Outcome::Accepted:
            ctx.staff = tried.member->id;
            ctx.audit("sign-in", ctx.badge.empty() ? "PIN" : "badge and PIN");
            ctx.nav.restart_at(Screen::NurseMenu);
            break;
        case auth::SignIn::Outcome::Wrong:
        case auth::SignIn::Outcome::SharedPin: {
            const bool shared = tried.outcome == auth::SignIn::Outcome::SharedPin;
            ctx.audit("sign-in-refused", shared ? "PIN of more than one member" : "wrong PIN");
            if (shared) {
                ctx.nav.show("pin-shared");
            } else if (guard.locked(ctx.now)) {
                ctx.nav.show("pin-locked", {std::to_string(staff.lockout_minutes)});
            } else {
                ctx.nav.show("pin-wrong",
                             {std::to_string(staff.max_pin_attempts - guard.wrong_in_a_row())});
            }
            break;
        }
        case auth::SignIn::Outcome::LockedOut:
            ctx.audit("sign-in-refused", "locked out");
            ctx.nav.show("pin-locked", {std::to_string(staff.lockout_minutes)});
            break;
    }
}

void NurseDesk::open_manual_entry(Context& ctx, EntryTarget target) {
    entry_ = target;
    entry_mode_ = domain::EntryMode::Identity;
    scrub(keypad_);
    ctx.nav.go(Screen::ManualEntry);
}

void NurseDesk::switch_entry_mode() {
    entry_mode_ = entry_mode_ == domain::EntryMode::Identity ? domain::EntryMode::Lettered
                                                             : domain::EntryMode::Identity;
    scrub(keypad_);
}

std::optional<domain::Document> NurseDesk::manual_entry_next(Context& ctx) {
    auto document = domain::parse_entry(entry_mode_, keypad_, ctx.today());
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
    entry_mode_ = domain::EntryMode::Identity;
    summary_ = {};
    reprints_.clear();
}

}  // namespace jiayi::flow
