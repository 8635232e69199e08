#pragma once
// What a scanned code is to the kiosk. Pure: text in, a class out; nothing is
// looked up here. The forms, each matched exactly (no trimming, no case
// folding, bounded lengths):
//
//   jiayi:booking:<id>     our booking voucher (the voucher's QR)
//   jiayi:contract:<id>    our record codes, printed on receipts
//   jiayi:opt-out:<id>     (kiosk/receipt/receipt.cpp writes them)
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

namespace jiayi::drivers::qr {

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

// The texts we print and hand out, built in one place.
std::string booking_voucher(std::string_view booking_id);
std::string nurse_badge(std::string_view staff_id);

}  // namespace jiayi::drivers::qr
