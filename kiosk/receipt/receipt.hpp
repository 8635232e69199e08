#pragma once
// The receipt document (回执): what a resident takes home after a signing, a
// renewal, a switch, or a copy of the informed notice they signed; and the
// voucher (预约凭条) of a specialist booking, with the booking's QR code. A receipt
// is language-neutral data: each line is a catalog key and its values, so the
// screen's preview and the printer (drivers issue) render the same document
// in the language of the day. Kept in the store as JSON for reprints.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::receipt {

enum class Kind { Signing, Renewal, Switch, Notice, Voucher };

enum class Style { Title, Heading, Body, Small, Rule };

struct Line {
    std::string key;                // catalog key, e.g. "receipt.team"
    std::vector<std::string> args;  // its {0}, {1}… values
    Style style = Style::Body;
};

struct Receipt {
    std::string id;
    Kind kind = Kind::Signing;
    std::string record_id;
    std::vector<Line> lines;
    std::string qr;  // the record's id as a code the center can scan (common/qr_payload.hpp)
};

// What a contract receipt shows; names and numbers arrive already masked.
struct ContractFacts {
    std::string masked_name;
    std::string masked_id;
    std::string team_name;
    std::string doctor;
    std::string doctor_phone;
    std::string signer_role;  // self | guardian | proxy
    std::string printed_at;   // local "YYYY-MM-DD HH:MM"
    std::string kiosk_id;
};

Receipt contract_receipt(std::string id, const domain::Contract& contract,
                         const domain::Catalogue& catalogue, const ContractFacts& facts);

// The center's word on a contract receipt (protocols/hub-fhir.md, "Online
// signing"): "confirmed by the center", or "recorded on this kiosk,
// confirmed when it reconnects". Goes above the record's id.
void add_center_word(Receipt& receipt, bool confirmed);

struct NoticeFacts {
    std::string masked_name;
    std::string masked_id;
    std::string signer_role;
    std::string printed_at;
    std::string kiosk_id;
};

Receipt notice_receipt(std::string id, const domain::OptOut& opt_out, const NoticeFacts& facts);

// What a booking's voucher shows (names as the center gave them, zh and
// en; en may be empty), already masked and in local time.
struct VoucherFacts {
    std::string booking_id;
    std::string masked_name;
    std::string masked_id;
    std::string hospital_zh, hospital_en;
    std::string department_zh, department_en;
    std::string place_zh, place_en;  // where to go
    std::string day;                 // YYYY-MM-DD
    std::string time;                // HH:MM–HH:MM
    std::string cancel_until;        // YYYY-MM-DD HH:MM
    std::string team_name;           // the referring team
    std::string printed_at;
    std::string kiosk_id;
};

Receipt voucher_receipt(std::string id, const VoucherFacts& facts);

// The text of each line in `language`.
std::vector<std::string> render_text(const Receipt& receipt, const text::Catalog& catalog,
                                     text::Language language);

std::string to_json(const Receipt& receipt);
Result<Receipt, std::string> from_json(std::string_view json);

std::string_view code(Kind kind);

}  // namespace jiayi::receipt
