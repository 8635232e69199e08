#pragma once
// Identity documents (rules.md, "People and documents"): parse, validate and
// read what the number itself says (birth date, sex, region).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::domain {

enum class DocumentKind {
    ResidentId,              // 居民身份证, card type ' '
    HmtPermit,               // 港澳台居民居住证, card type 'J'
    ForeignerPermanent2017,  // 外国人永久居留身份证 (2017), card type 'I'
    ForeignerPermanent2023,  // 外国人永久居留身份证 (2023), card type 'Y'
    Other,                   // passport or other, entered by a nurse
};

enum class Sex { Unknown, Male, Female };

enum class DocumentError {
    Empty,
    BadLength,
    BadCharacter,
    BadChecksum,
    BadBirthDate,
    BirthDateInFuture,
    UnknownRegion,
    Obsolete15Digit,  // first-generation resident ID, void since 2013
    WrongKind,        // a valid number, but not of the kind the nurse chose
};

enum class DocumentWarning {
    UncertainCheckDigit,  // 2017 foreigner card: ICAO 7-3-1 did not match
    AmbiguousCentury,     // 2017 foreigner card: born 19YY or 20YY, both possible
};

struct Document {
    DocumentKind kind = DocumentKind::ResidentId;
    std::string number;              // normalised: trimmed, upper case
    std::optional<Date> birth_date;  // absent for Other
    Sex sex = Sex::Unknown;
    std::string region_code;    // six digits for resident IDs, else ""
    std::string province_code;  // two digits where the number has one
    std::string nationality;    // 3 letters (2017) or 3 digits (2023)
    std::vector<DocumentWarning> warnings;
};

// Parses a number and finds its kind from its shape. `today` bounds the birth
// date. Never throws; every bad input is a typed reason.
Result<Document, DocumentError> parse_document(std::string_view text, Date today);

// For a nurse who chose the kind: Other accepts any 5–20 letters and digits.
Result<Document, DocumentError> parse_document_as(DocumentKind kind, std::string_view text,
                                                  Date today);

// What a nurse may type for a kind of document: the one definition the
// keypad, the flow and the parsers share.
struct EntryLimits {
    bool letters = false;  // A–Z besides the digits
    bool check_x = false;  // X, for a MOD 11-2 check character (implied by letters)
    bool dash = false;     // '-', found in some passport numbers
    std::size_t min_length = 18;
    std::size_t max_length = 18;
    // `c` as typed on the keypad (upper case).
    bool accepts(char c) const;
};
EntryLimits entry_limits(DocumentKind kind);

// A nurse first says what is in front of them: an identity number whose
// digits tell its kind, or a number with letters (a 2017 foreigner card, a
// passport or another document), then types it.
enum class EntryMode {
    Identity,  // resident ID, HK/Macau/Taiwan permit, 2023 foreigner card: 18 digits or X
    Lettered,  // 2017 foreigner card, passport or other: letters and digits
};
// The union of the limits of the kinds the mode takes.
EntryLimits entry_limits(EntryMode mode);
// Parses what was typed in a mode: the 2017 card's shape is read as one (with
// its checks), anything else lettered as a passport or other document.
Result<Document, DocumentError> parse_entry(EntryMode mode, std::string_view text, Date today);

// ISO 7064 MOD 11-2 check character of the first 17 digits ('0'–'9' or 'X').
char mod11_2_check(std::string_view first17);
// ICAO 9303 7-3-1 check digit over digits and letters (A=10 … Z=35).
char icao_check(std::string_view text);

int age_on(Date birth, Date on);

// True when a resident ID's region differs from the kiosk's region at the
// given level (2 = province, 4 = city, 6 = county). Other documents have no
// household region and are never "cross-region".
bool is_cross_region(const Document& document, std::string_view kiosk_region, int level);

std::string_view code(DocumentKind kind);
std::optional<DocumentKind> document_kind_from_code(std::string_view code);
std::string_view code(DocumentError error);
std::string_view code(DocumentWarning warning);
std::string_view code(Sex sex);

}  // namespace jiayi::domain
