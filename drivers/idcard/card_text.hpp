#pragma once
// The card's 256-byte text block (../shared/protocols/idcard-sam.md, "The
// 256-byte text block"): UCS-2 little-endian, fixed-width fields padded with
// spaces, the card type at byte 248. Four layouts: resident ID (' '),
// HK/Macao/Taiwan residence permit ('J'), foreigner permanent residence card
// 2017 ('I') and 2023 ('Y').

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "drivers/idcard/sam_frame.hpp"

namespace jiayi::drivers::idcard {

enum class CardType { Resident, HmtPermit, Foreigner2017, Foreigner2023 };

struct CardText {
    CardType type = CardType::Resident;
    std::string name;          // the Chinese name (may be empty on a foreigner's card)
    std::string english_name;  // foreigners' cards
    std::string sex_code;      // "0" unknown, "1" male, "2" female, "9" unspecified
    std::string nation_code;   // resident ID only: "01" … "56", "97", "98"
    std::string birth;         // YYYYMMDD
    std::string address;
    std::string number;  // the document number
    std::string authority;
    std::string valid_from;     // YYYYMMDD
    std::string valid_to;       // YYYYMMDD, or empty when long_term
    bool long_term = false;     // 长期: no expiry
    std::string permit_number;  // 'J': the travel permit's number
    std::string issue_count;    // 'J'
    std::string nationality;    // 'I', 'Y': three letters
    std::string renewal_count;  // 'Y'
    std::string old_number;     // 'Y': the 2017 card's number, if any
    std::string card_version;   // 'I'
    std::string office_code;    // 'I'
    // Addresses added after the card was issued (30 03), oldest first; the
    // last is where the resident lives now.
    std::vector<std::string> appended_addresses;
};

enum class TextError {
    WrongSize,    // not 256 bytes
    UnknownType,  // byte 248 is none of ' ', 'J', 'I', 'Y'
    NoNumber,     // the number field is empty
    ShortReply,   // a read reply too short for its TL/PL lengths
};
std::string_view code(TextError error);

Result<CardText, TextError> parse_card_text(std::span<const std::uint8_t> block);

// The data of a 30 01 (text + photo) reply: TL(2) PL(2) text[TL] photo[PL].
struct TextAndPhoto {
    Bytes text;
    Bytes photo;  // the proprietary WLT blob, kept raw
};
Result<TextAndPhoto, TextError> split_read_reply(std::span<const std::uint8_t> data);

// The data of a 30 03 reply: up to four 70-byte addresses, empty ones skipped.
std::vector<std::string> parse_appended_addresses(std::span<const std::uint8_t> data);

// UCS-2 little-endian → UTF-8, spaces and NULs trimmed from both ends.
std::string ucs2le_to_utf8(std::span<const std::uint8_t> bytes);

std::string_view code(CardType type);
// "male", "female", "unspecified", "unknown" — never "not 1" as female.
std::string_view sex_name(std::string_view code);
// 汉, 蒙古, … for the codes in the protocol's table; nullopt otherwise.
std::optional<std::string_view> nation_name(std::string_view code);

}  // namespace jiayi::drivers::idcard
