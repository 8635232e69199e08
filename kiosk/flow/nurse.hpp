#pragma once
// The nurse journey: sign-in with a PIN (after a badge, or from Help), a
// document number typed for a resident or their signer, today's summary and
// reprints of today's receipts. Internal to kiosk/flow.

#include <optional>
#include <string>
#include <vector>

#include "kiosk/domain/document.hpp"
#include "kiosk/flow/context.hpp"
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

    void key(Screen screen, const std::string& key);
    void delete_key();
    void clear_keypad();
    // The PIN pad, for whoever signs in (a PIN alone)…
    void open_pin(Context& ctx);
    // …or after a badge: only that staff member's PIN will do. An unknown
    // badge is refused and audited.
    void badge(Context& ctx, const std::string& staff_id);
    // Checks the PIN typed; on success the staff member is signed in. The
    // lockout lives in the store, so a restart gives a guesser no fresh
    // tries; a store that cannot keep it signs nobody in.
    void pin_next(Context& ctx);
    void open_manual_entry(Context& ctx, EntryTarget target);
    // An ID number ↔ a number with letters (a passport, a 2017 card).
    void switch_entry_mode();
    // The document typed, when valid (else the message is shown).
    std::optional<domain::Document> manual_entry_next(Context& ctx);
    void open_summary(Context& ctx);
    void open_reprints(Context& ctx);
    // A kept receipt, read back for a reprint; the receipt's id or the
    // record it was printed for.
    std::optional<receipt::Receipt> receipt(Context& ctx, const std::string& receipt_id);
    std::optional<std::string> receipt_of_record(Context& ctx, const std::string& record_id);
    // What a session leaves behind goes; the lockout stays.
    void clear();

  private:
    std::string keypad_;
    EntryTarget entry_ = EntryTarget::Resident;
    domain::EntryMode entry_mode_ = domain::EntryMode::Identity;
    SummaryView summary_;
    std::vector<ReprintRow> reprints_;
};

}  // namespace jiayi::flow
