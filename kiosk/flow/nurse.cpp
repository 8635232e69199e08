#include "kiosk/flow/nurse.hpp"

#include <algorithm>
#include <utility>

#include "kiosk/auth/staff.hpp"
#include "kiosk/flow/center.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/keypad.hpp"

namespace jiayi::flow {

using namespace detail;

void NurseDesk::key(Screen screen, const std::string& key) {
    if (checking()) {
        return;
    }
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
    if (checking()) {
        return;  // the pad's try is being checked; the badge can wait for its answer
    }
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

void NurseDesk::pin_next(Context& ctx, PinChecker* checker) {
    const auto& staff = ctx.config.staff;
    if (pending_) {
        return;  // one try at a time
    }
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
    // While locked out nothing is checked, not even on the worker.
    const auth::PinGuard guard(staff.max_pin_attempts, staff.lockout_minutes,
                               {kept->wrong_in_a_row, kept->locked_until});
    if (guard.locked(ctx.now)) {
        scrub(keypad_);
        ctx.audit("sign-in-refused", "locked out");
        ctx.nav.show("pin-locked", {std::to_string(staff.lockout_minutes)});
        return;
    }
    auth::PinCheck check = auth::pin_candidates(staff.members, keypad_, ctx.badge, &tags_);
    pending_ = PendingCheck{next_ticket_++, keypad_, ctx.badge, true};
    scrub(keypad_);
    if (checker != nullptr) {
        checker->check(pending_->ticket, std::move(check));
        return;
    }
    // No worker (the command-line tools, most tests): the same check, here.
    const PinChecked answer{pending_->ticket, auth::check_pin(check), false};
    scrub(check.pin);
    pin_checked(ctx, answer);
}

void NurseDesk::pin_checked(Context& ctx, const PinChecked& answer) {
    if (!pending_ || pending_->ticket != answer.ticket) {
        return;  // not the try under way (none is lost: one at a time)
    }
    PendingCheck tried = std::move(*pending_);
    pending_.reset();
    const auto& staff = ctx.config.staff;
    // The try's audit line names the badge it came with (Context::audit),
    // even if the session that scanned it has gone.
    auto audit = [&](const char* detail) {
        const std::string session_badge = std::exchange(ctx.badge, tried.badge);
        ctx.audit("sign-in-refused", detail);
        ctx.badge = session_badge;
    };
    auto show = [&](std::string code, std::vector<std::string> args = {}) {
        if (tried.shown) {
            ctx.nav.show(std::move(code), std::move(args));
        }
    };
    const auto kept = ctx.store.pin_lockout(kNursePinPad);
    if (answer.failed || !kept) {
        scrub(tried.pin);
        audit("PIN not checked");
        return show(answer.failed ? "pin-check-failed" : "store-failed");
    }
    // The store's lockout, read again: it is the kiosk's, not this try's copy.
    auth::PinGuard guard(staff.max_pin_attempts, staff.lockout_minutes,
                         {kept->wrong_in_a_row, kept->locked_until});
    if (guard.locked(ctx.now)) {
        scrub(tried.pin);
        audit("locked out");
        return show("pin-locked", {std::to_string(staff.lockout_minutes)});
    }
    const auto decided = auth::decide(guard, staff.members, answer.matches, ctx.now);
    using Outcome = auth::SignIn::Outcome;
    if (decided.outcome == Outcome::Accepted) {
        tags_.learn(*decided.member, tried.pin);
    }
    scrub(tried.pin);
    if (!ctx.store.save_pin_lockout(kNursePinPad, {guard.wrong_in_a_row(), guard.locked_until()})) {
        return show("store-failed");
    }
    switch (decided.outcome) {
        case Outcome::Accepted:
            if (!tried.shown) {
                audit("right PIN, but its session had ended");
                return;
            }
            ctx.staff = decided.member->id;
            ctx.audit("sign-in", tried.badge.empty() ? "PIN" : "badge and PIN");
            ctx.nav.restart_at(Screen::NurseMenu);
            return;
        case Outcome::SharedPin:
            audit("PIN of more than one member");
            return show("pin-shared");
        case Outcome::Wrong:
            audit("wrong PIN");
            return show("pin-wrong",
                        {std::to_string(staff.max_pin_attempts - guard.wrong_in_a_row())});
        case Outcome::LockedOut:
            audit("wrong PIN");
            return show("pin-locked", {std::to_string(staff.lockout_minutes)});
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

void NurseDesk::open_refused(Context& ctx) {
    if (!read_refused(ctx)) {
        return;
    }
    ctx.audit("refused-list", std::to_string(refused_.size()));
    ctx.nav.go(Screen::Refused);
}

void NurseDesk::settle_refusal(Context& ctx, const std::string& record_id) {
    if (std::none_of(refused_.begin(), refused_.end(),
                     [&](const RefusedRow& r) { return r.settles && r.record_id == record_id; })) {
        return;  // only a refused record the nurse sees
    }
    auto settled = ctx.store.settle_refusal(record_id, ctx.staff, ctx.now);
    if (!settled && settled.error().kind != store::StoreErrorKind::NotFound) {
        ctx.nav.show("store-failed");
        return;
    }
    if (settled) {  // NotFound: settled meanwhile; the list is read again
        ctx.audit("refusal-settled", record_id);
    }
    read_refused(ctx);
}

bool NurseDesk::read_refused(Context& ctx) {
    auto entries = ctx.store.refused_entries();
    if (!entries) {
        ctx.nav.show("store-failed");
        return false;
    }
    refused_.clear();
    for (auto e = entries->rbegin(); e != entries->rend(); ++e) {
        if (e->record_type == "signature" || e->record_type == "privacy-consent" ||
            std::any_of(refused_.begin(), refused_.end(),
                        [&](const RefusedRow& r) { return r.record_id == e->record_id; })) {
            continue;
        }
        const auto at = parse_iso8601(e->created_at);
        refused_.push_back(
            {e->record_id, "record." + e->record_type,
             at ? local_time(*at, ctx.config.kiosk.utc_offset_minutes, true) : e->created_at,
             "center_refusal." + known_refusal(e->refusal_code)});
    }
    // The daily check's differences of the last week (kiosk/sync/reconcile):
    // each record named by what it is and when it was made, never by whom;
    // a record already on the refused list is not named twice.
    for (const auto& day : ctx.store.recent_differences(7).value_or({})) {
        for (const auto& d : day.differences) {
            RefusedRow row{d.record_id, "record.at-center", domain::to_iso(day.day),
                           "ledger_difference." + std::string(store::code(d.where)), false};
            if (auto made = ctx.store.record_made(d.record_id); made && made.value()) {
                if (made.value()->refused) {
                    continue;
                }
                row.kind = "record." + made.value()->type;
                if (const auto at = parse_iso8601(made.value()->created_at)) {
                    row.date = local_time(*at, ctx.config.kiosk.utc_offset_minutes, true);
                }
            }
            refused_.push_back(std::move(row));
        }
    }
    return true;
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
    if (pending_) {
        pending_->shown = false;
    }
    entry_ = EntryTarget::Resident;
    entry_mode_ = domain::EntryMode::Identity;
    summary_ = {};
    reprints_.clear();
    refused_.clear();
}

}  // namespace jiayi::flow
