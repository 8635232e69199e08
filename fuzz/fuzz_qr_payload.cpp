// classify on any text (drivers/qr/payload.hpp): a text it calls one of our
// forms is exactly what our writers make of its id — booking_voucher,
// nurse_badge, and the receipt's QR (kiosk/receipt) for contracts and
// informed notices — so nothing is trimmed or folded on the way in; an
// e-health card is kept as scanned and has its documented shape; anything
// else carries no id. And the other way: a writer given an id the forms
// accept makes a text that classifies back to that id, and one they refuse
// makes a text that is not ours.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "drivers/qr/payload.hpp"
#include "kiosk/receipt/receipt.hpp"

using namespace jiayi::drivers::qr;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool all_in(std::string_view s, std::string_view extra) {
    for (char c : s) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && extra.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

// The header's grammar, written again from its comment.
bool record_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && all_in(id, "._-");
}
bool staff_id(std::string_view id) {
    return !id.empty() && id.size() <= 32 && all_in(id, "_-");
}
bool hex(std::string_view s) {
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

// What kiosk/receipt prints as the record's code.
std::string contract_qr(const std::string& id) {
    jiayi::domain::Contract c;
    c.id = id;
    return jiayi::receipt::contract_receipt("r", c, {}, {}).qr;
}
std::string notice_qr(const std::string& id) {
    jiayi::domain::OptOut o;
    o.id = id;
    return jiayi::receipt::notice_receipt("r", o, {}).qr;
}

void check_writers(const std::string& id) {
    const Payload booking = classify(booking_voucher(id));
    check(booking == (record_id(id) ? Payload{PayloadKind::Booking, id} : Payload{}));
    const Payload badge = classify(nurse_badge(id));
    check(badge == (staff_id(id) ? Payload{PayloadKind::NurseBadge, id} : Payload{}));
    const Payload contract = classify(contract_qr(id));
    check(contract == (record_id(id) ? Payload{PayloadKind::Contract, id} : Payload{}));
    const Payload notice = classify(notice_qr(id));
    check(notice == (record_id(id) ? Payload{PayloadKind::OptOut, id} : Payload{}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const Payload p = classify(text);
    check(!code(p.kind).empty());
    if (text.empty() || text.size() > kMaxPayload) {
        check(p.kind == PayloadKind::NotOurs);
    }
    switch (p.kind) {
        case PayloadKind::Booking:
            check(record_id(p.id) && booking_voucher(p.id) == text);
            break;
        case PayloadKind::Contract:
            check(record_id(p.id) && contract_qr(p.id) == text);
            break;
        case PayloadKind::OptOut:
            check(record_id(p.id) && notice_qr(p.id) == text);
            break;
        case PayloadKind::NurseBadge:
            check(staff_id(p.id) && nurse_badge(p.id) == text);
            break;
        case PayloadKind::EHealthCard: {
            check(p.id == text);
            // <64 hex>[:<1–2 digits>[:<32 hex>]]
            check(text.size() >= 64 && hex(text.substr(0, 64)));
            const std::string_view rest = std::string_view(text).substr(64);
            check(rest.empty() || (rest.size() >= 2 && rest.size() <= 36 && rest[0] == ':'));
            break;
        }
        case PayloadKind::NotOurs:
            check(p.id.empty());
            break;
    }
    // Exact match: one more character after a form's id is never the same code.
    if (p.kind != PayloadKind::NotOurs) {
        for (const char extra : {' ', '\n', '\0', '/'}) {
            check(classify(text + extra).kind == PayloadKind::NotOurs);
        }
    }
    // The input as an id, through every writer (bounded: a record id is at most 64).
    if (size <= kMaxRecordId + 8) {
        check_writers(text);
    }
    return 0;
}
