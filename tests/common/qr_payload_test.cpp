// The texts of our QR codes: each form as we write it reads back as itself,
// and the near misses stay "not a code we use".

#include <doctest/doctest.h>

#include <string>

#include "common/qr_payload.hpp"

using namespace jiayi::qr_payload;

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

TEST_CASE("each form as we write it reads back as itself") {
    const std::string uuid = "0b6f1c9e-4a53-4f0e-9d7a-2f5d8c1e7a10";
    struct Row {
        std::string text;
        std::string spelled;  // the wire form, written out here once more on purpose
        Payload payload;
    };
    const Row rows[] = {
        {format_booking("b-17"), "jiayi:booking:b-17", {PayloadKind::Booking, "b-17"}},
        {format_contract(uuid), "jiayi:contract:" + uuid, {PayloadKind::Contract, uuid}},
        {format_opt_out("opt.2026_01"),
         "jiayi:opt-out:opt.2026_01",
         {PayloadKind::OptOut, "opt.2026_01"}},
        {format_nurse_badge("N7"), "jiayi:nurse:N7", {PayloadKind::NurseBadge, "N7"}},
        {format_ehealth_card(kHex64), kHex64, {PayloadKind::EHealthCard, kHex64}},
        {format_ehealth_card(kHex64, "1"),
         kHex64 + ":1",
         {PayloadKind::EHealthCard, kHex64 + ":1"}},
        {format_ehealth_card(kHex64, "12", kHex32),
         kHex64 + ":12:" + kHex32,
         {PayloadKind::EHealthCard, kHex64 + ":12:" + kHex32}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        // Printed codes already in the field must keep scanning: the wire
        // form does not change.
        CHECK(row.text == row.spelled);
        CHECK(classify(row.text) == row.payload);
        CHECK(format(row.payload) == row.text);
    }
    CHECK(format(Payload{}).empty());
}

TEST_CASE("an id outside the forms formats to a text that is not ours") {
    CHECK(classify(format_contract("")).kind == PayloadKind::NotOurs);
    CHECK(classify(format_booking("b/1")).kind == PayloadKind::NotOurs);
    CHECK(classify(format_nurse_badge("a.b")).kind == PayloadKind::NotOurs);
    CHECK(classify(format_opt_out(std::string(kMaxRecordId + 1, 'o'))).kind ==
          PayloadKind::NotOurs);
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
