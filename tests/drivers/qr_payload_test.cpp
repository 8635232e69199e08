// What a scanned text is to the kiosk: each of our forms, and the near misses
// that must stay "not a code we use".

#include <doctest/doctest.h>

#include <string>

#include "drivers/qr/payload.hpp"

using namespace jiayi::drivers::qr;

namespace {

const std::string kHex64 = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF";
const std::string kHex32 = "00112233445566778899aabbccddeeff";

}  // namespace

TEST_CASE("our codes: booking voucher, record codes and the nurse badge") {
    struct Row {
        std::string text;
        PayloadKind kind;
        std::string id;
    };
    const Row rows[] = {
        {"jiayi:booking:0b6f1c9e-4a53-4f0e-9d7a-2f5d8c1e7a10", PayloadKind::Booking,
         "0b6f1c9e-4a53-4f0e-9d7a-2f5d8c1e7a10"},
        {"jiayi:contract:c-1", PayloadKind::Contract, "c-1"},
        {"jiayi:opt-out:opt.2026_01", PayloadKind::OptOut, "opt.2026_01"},
        {"jiayi:nurse:N0042", PayloadKind::NurseBadge, "N0042"},
        {"jiayi:nurse:ward-3_b", PayloadKind::NurseBadge, "ward-3_b"},
        {"jiayi:booking:" + std::string(kMaxRecordId, 'a'), PayloadKind::Booking,
         std::string(kMaxRecordId, 'a')},
        {"jiayi:nurse:" + std::string(kMaxStaffId, '7'), PayloadKind::NurseBadge,
         std::string(kMaxStaffId, '7')},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const Payload p = classify(row.text);
        CHECK(p.kind == row.kind);
        CHECK(p.id == row.id);
    }
}

TEST_CASE("what the kiosk prints reads back as itself") {
    CHECK(classify(booking_voucher("b-17")) == Payload{PayloadKind::Booking, "b-17"});
    CHECK(classify(nurse_badge("N7")) == Payload{PayloadKind::NurseBadge, "N7"});
    // The receipt's own codes (kiosk/receipt/receipt.cpp).
    CHECK(classify("jiayi:contract:" + std::string("5f0c")).kind == PayloadKind::Contract);
    CHECK(classify("jiayi:opt-out:" + std::string("5f0c")).kind == PayloadKind::OptOut);
}

TEST_CASE("the e-health card: 64 hex, optionally a type and 32 hex, kept as scanned") {
    for (const std::string& text :
         {kHex64, kHex64 + ":1", kHex64 + ":0", kHex64 + ":12", kHex64 + ":1:" + kHex32}) {
        CAPTURE(text);
        const Payload p = classify(text);
        CHECK(p.kind == PayloadKind::EHealthCard);
        CHECK(p.id == text);
    }
}

TEST_CASE("near misses are not codes we use") {
    const std::string near_misses[] = {
        "",
        "jiayi:booking:",     // no id
        "jiayi:booking",      // no separator
        "Jiayi:booking:b-1",  // case matters
        "jiayi:BOOKING:b-1",
        " jiayi:booking:b-1",  // no trimming
        "jiayi:booking:b-1 ",
        "jiayi:booking:b-1\n",
        "jiayi:booking:b/1",  // not an id character
        "jiayi:booking:b:1",
        "jiayi:booking:预约1",
        "jiayi:booking:" + std::string(kMaxRecordId + 1, 'a'),  // too long
        "jiayi:nurse:" + std::string(kMaxStaffId + 1, 'n'),
        "jiayi:nurse:a.b",  // dots are not in staff ids
        "jiayi:nurse:",
        "jiayi:receipt:r-1",  // not a form we use
        "jiayi:",
        "https://example.invalid/pay?id=1",
        "WIFI:S:clinic;T:WPA;P:secret;;",
        "13800000000",
        kHex64.substr(0, 63),                   // 63 hex
        kHex64 + "0",                           // 65 hex
        kHex64.substr(0, 63) + "g",             // not hex
        kHex64 + ":",                           // empty type
        kHex64 + ":123",                        // type too long
        kHex64 + ":a",                          // type not a digit
        kHex64 + ":1:",                         // empty tail
        kHex64 + ":1:" + kHex32.substr(0, 31),  // 31 hex
        kHex64 + ":1:" + kHex32 + "0",          // 33 hex
        kHex64 + ":1:" + kHex32.substr(0, 31) + "z",
        kHex64 + "::" + kHex32,
        kHex64 + ":1:" + kHex32 + ":1",
        std::string(kMaxPayload + 1, 'a'),
    };
    for (const auto& text : near_misses) {
        CAPTURE(text);
        const Payload p = classify(text);
        CHECK(p.kind == PayloadKind::NotOurs);
        CHECK(p.id.empty());
    }
}

TEST_CASE("every kind has its word") {
    CHECK(code(PayloadKind::Booking) == "booking");
    CHECK(code(PayloadKind::Contract) == "contract");
    CHECK(code(PayloadKind::OptOut) == "opt-out");
    CHECK(code(PayloadKind::NurseBadge) == "nurse-badge");
    CHECK(code(PayloadKind::EHealthCard) == "e-health-card");
    CHECK(code(PayloadKind::NotOurs) == "not-ours");
}
