#include "common/qr_payload.hpp"

#include <array>

namespace jiayi::qr_payload {

namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool all_of(std::string_view s, bool (*accept)(char)) {
    for (char c : s) {
        if (!accept(c)) {
            return false;
        }
    }
    return true;
}

bool record_id_char(char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '-';
}
bool staff_id_char(char c) {
    return is_alnum(c) || c == '_' || c == '-';
}

bool valid_record_id(std::string_view id) {
    return !id.empty() && id.size() <= kMaxRecordId && all_of(id, record_id_char);
}

// <64 hex>, <64 hex>:<type> or <64 hex>:<type>:<32 hex>.
bool is_ehealth_card(std::string_view text) {
    if (text.size() < 64 || !all_of(text.substr(0, 64), is_hex)) {
        return false;
    }
    std::string_view rest = text.substr(64);
    if (rest.empty()) {
        return true;
    }
    if (rest.front() != ':') {
        return false;
    }
    rest.remove_prefix(1);
    const auto colon = rest.find(':');
    const std::string_view type = rest.substr(0, colon);
    if (type.empty() || type.size() > 2 || !all_of(type, is_digit)) {
        return false;
    }
    if (colon == std::string_view::npos) {
        return true;
    }
    const std::string_view tail = rest.substr(colon + 1);
    return tail.size() == 32 && all_of(tail, is_hex);
}

// Our forms: a prefix, then the id. Both classify() and the format_*
// functions read this table, so a form is spelled once.
struct Prefix {
    std::string_view text;
    PayloadKind kind;
};
constexpr std::array<Prefix, 4> kOurs = {{
    {"jiayi:booking:", PayloadKind::Booking},
    {"jiayi:contract:", PayloadKind::Contract},
    {"jiayi:opt-out:", PayloadKind::OptOut},
    {"jiayi:nurse:", PayloadKind::NurseBadge},
}};

std::string with_prefix(PayloadKind kind, std::string_view id) {
    for (const auto& prefix : kOurs) {
        if (prefix.kind == kind) {
            return std::string(prefix.text) + std::string(id);
        }
    }
    return {};
}

}  // namespace

bool valid_staff_id(std::string_view id) {
    return !id.empty() && id.size() <= kMaxStaffId && all_of(id, staff_id_char);
}

Payload classify(std::string_view text) {
    if (text.empty() || text.size() > kMaxPayload) {
        return {};
    }
    for (const auto& prefix : kOurs) {
        if (!text.starts_with(prefix.text)) {
            continue;
        }
        const std::string_view id = text.substr(prefix.text.size());
        const bool valid =
            prefix.kind == PayloadKind::NurseBadge ? valid_staff_id(id) : valid_record_id(id);
        return valid ? Payload{prefix.kind, std::string(id)} : Payload{};
    }
    if (is_ehealth_card(text)) {
        return {PayloadKind::EHealthCard, std::string(text)};
    }
    return {};
}

std::string_view code(PayloadKind kind) {
    switch (kind) {
        case PayloadKind::Booking:
            return "booking";
        case PayloadKind::Contract:
            return "contract";
        case PayloadKind::OptOut:
            return "opt-out";
        case PayloadKind::NurseBadge:
            return "nurse-badge";
        case PayloadKind::EHealthCard:
            return "e-health-card";
        case PayloadKind::NotOurs:
            break;
    }
    return "not-ours";
}

std::string format_booking(std::string_view booking_id) {
    return with_prefix(PayloadKind::Booking, booking_id);
}

std::string format_contract(std::string_view contract_id) {
    return with_prefix(PayloadKind::Contract, contract_id);
}

std::string format_opt_out(std::string_view opt_out_id) {
    return with_prefix(PayloadKind::OptOut, opt_out_id);
}

std::string format_nurse_badge(std::string_view staff_id) {
    return with_prefix(PayloadKind::NurseBadge, staff_id);
}

std::string format_ehealth_card(std::string_view card, std::string_view type,
                                std::string_view check) {
    std::string out(card);
    if (!type.empty()) {
        out += ":" + std::string(type);
        if (!check.empty()) {
            out += ":" + std::string(check);
        }
    }
    return out;
}

std::string format(const Payload& payload) {
    switch (payload.kind) {
        case PayloadKind::EHealthCard:
            // Kept as scanned: the id is the whole text.
            return payload.id;
        case PayloadKind::NotOurs:
            return {};
        case PayloadKind::Booking:
        case PayloadKind::Contract:
        case PayloadKind::OptOut:
        case PayloadKind::NurseBadge:
            break;
    }
    return with_prefix(payload.kind, payload.id);
}

}  // namespace jiayi::qr_payload
