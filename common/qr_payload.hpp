#pragma once
// The texts of the QR codes the kiosk writes and reads, defined once: where a
// code is written (receipts, vouchers, badges) it is formatted here, and
// where a scanned text arrives it is classified here. Pure: text in, text or
// a class out; nothing is looked up. The forms, each matched exactly (no
// trimming, no case folding, bounded lengths):
//
//   jiayi:booking:<id>     our booking voucher (the voucher's QR)
//   jiayi:contract:<id>    our record codes, printed on receipts
//   jiayi:opt-out:<id>
//   jiayi:nurse:<staff>    a nurse's badge
//   <64 hex>[:<type>[:<32 hex>]]
//                          the e-health card (电子健康卡: the region's
//                          resident health card QR), kept as scanned to be
//                          resolved online later
//
// <id> is 1–64 of [A-Za-z0-9._-] (our record ids are UUIDs); <staff> is 1–32
// of [A-Za-z0-9_-]; <type> is 1–2 digits. Anything else is not a code we use.

#include <cstddef>
#include <string>
#include <string_view>

namespace jiayi::qr_payload {

enum class PayloadKind {
    Booking,      // `id`: the booking's id
    Contract,     // `id`: the contract's record id
    OptOut,       // `id`: the informed-notice record's id
    NurseBadge,   // `id`: the nurse's staff id
    EHealthCard,  // `id`: the whole text, as scanned
    NotOurs,      // `id` empty
};

struct Payload {
    PayloadKind kind = PayloadKind::NotOurs;
    std::string id;
    friend bool operator==(const Payload&, const Payload&) = default;
};

inline constexpr std::size_t kMaxRecordId = 64;
inline constexpr std::size_t kMaxStaffId = 32;
// Longer than any form above: such a text is not looked at further.
inline constexpr std::size_t kMaxPayload = 160;

Payload classify(std::string_view text);

// "booking", "contract", "opt-out", "nurse-badge", "e-health-card", "not-ours".
std::string_view code(PayloadKind kind);

// The texts we print and hand out. An id outside the forms above gives a text
// classify() calls NotOurs: the caller passes our own record ids.
std::string format_booking(std::string_view booking_id);
std::string format_contract(std::string_view contract_id);
std::string format_opt_out(std::string_view opt_out_id);
std::string format_nurse_badge(std::string_view staff_id);

// A staff id as a badge carries it: 1–kMaxStaffId letters, digits, '-' or '_'.
bool valid_staff_id(std::string_view id);
// The region issues e-health cards, we never print one; the demo and the
// tests write them. `type` and `check` (32 hex) are optional, `check` only
// with a `type`.
std::string format_ehealth_card(std::string_view card, std::string_view type = {},
                                std::string_view check = {});
// `payload` as its text: the inverse of classify() for every kind but NotOurs
// (an empty text).
std::string format(const Payload& payload);

}  // namespace jiayi::qr_payload
