#pragma once
// The nurse journey: sign-in with a PIN (after a badge, or from Help), a
// document number typed for a resident or their signer, today's summary and
// reprints of today's receipts. Internal to kiosk/flow.

#include <optional>
#include <string>
#include <vector>

#include "kiosk/auth/staff.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/flow/context.hpp"
#include "kiosk/flow/events.hpp"
#include "kiosk/receipt/receipt.hpp"

namespace jiayi::flow {

class NurseDesk {
  public:
    enum class EntryTarget { Resident, Signer };

    const std::string& keypad() const { return keypad_; }
    EntryTarget entry() const { return entry_; }
    domain::EntryMode entry_mode() const { return entry_mode_; }
    const SummaryView& summary() const { return summary_; }
    const std::vector<ReprintRow>& reprints() const { return reprints_; }
    const std::vector<RefusedRow>& refused() const { return refused_; }

    void key(Screen screen, const std::string& key);
    void delete_key();
    void clear_keypad();
    // The PIN pad, for whoever signs in (a PIN alone)…
    void open_pin(Context& ctx);
    // …or after a badge: only that staff member's PIN will do. An unknown
    // badge is refused and audited.
    void badge(Context& ctx, const std::string& staff_id);
    // Hands the PIN typed to `checker` (on this thread when null) and shows
    // that it is checking; pin_checked() takes the answer. While a check is
    // under way no other try starts, so tries are counted one by one.
    void pin_next(Context& ctx, PinChecker* checker);
    // The answer: counted in the lockout whatever happened since (a wrong
    // try counts even if the pad was left); on success the staff member is
    // signed in, but only if the pad still waits for the answer (a session
    // wiped meanwhile signs nobody in). The lockout lives in the store, so a
    // restart gives a guesser no fresh tries; a store that cannot keep it
    // signs nobody in.
    void pin_checked(Context& ctx, const PinChecked& answer);
    // The pad waits for a check's answer.
    bool checking() const { return pending_ && pending_->shown; }
    void open_manual_entry(Context& ctx, EntryTarget target);
    // An ID number ↔ a number with letters (a passport, a 2017 card).
    void switch_entry_mode();
    // The document typed, when valid (else the message is shown).
    std::optional<domain::Document> manual_entry_next(Context& ctx);
    void open_summary(Context& ctx);
    void open_reprints(Context& ctx);
    // The records the center refused, newest first: one row per record (a
    // signing's signature and consent go with its contract).
    void open_refused(Context& ctx);
    // The nurse has dealt with a record on that list: settled in the store
    // (audited), and the list read again.
    void settle_refusal(Context& ctx, const std::string& record_id);
    // A kept receipt, read back for a reprint; the receipt's id or the
    // record it was printed for.
    std::optional<receipt::Receipt> receipt(Context& ctx, const std::string& receipt_id);
    std::optional<std::string> receipt_of_record(Context& ctx, const std::string& record_id);
    // What a session leaves behind goes; the lockout stays, and so does a
    // check under way (its answer still counts, and shows nothing).
    void clear();

  private:
    bool read_refused(Context& ctx);

    struct PendingCheck {
        std::uint64_t ticket = 0;
        std::string pin;    // kept for PinTags::learn, scrubbed with the answer
        std::string badge;  // the badge the try came with, for its audit line
        bool shown = true;  // the pad still waits for the answer
    };

    std::string keypad_;
    EntryTarget entry_ = EntryTarget::Resident;
    domain::EntryMode entry_mode_ = domain::EntryMode::Identity;
    SummaryView summary_;
    std::vector<ReprintRow> reprints_;
    std::vector<RefusedRow> refused_;
    std::optional<PendingCheck> pending_;
    std::uint64_t next_ticket_ = 1;
    auth::PinTags tags_;  // lives as long as the flow: see staff.hpp
};

}  // namespace jiayi::flow
