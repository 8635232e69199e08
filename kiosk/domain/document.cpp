#include "kiosk/domain/document.hpp"

#include <algorithm>
#include <cctype>

#include "kiosk/domain/region.hpp"

namespace jiayi::domain {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), is_digit);
}

// Trim white space (card text is space-padded) and upper-case the letters.
std::string normalise(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        }
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

Result<Date, DocumentError> birth_date_from(std::string_view yyyymmdd, Date today) {
    auto date = parse_compact_date(yyyymmdd);
    if (!date || date->year < 1900) {
        return fail(DocumentError::BadBirthDate);
    }
    if (*date > today) {
        return fail(DocumentError::BirthDateInFuture);
    }
    return *date;
}

Sex sex_from_sequence(char last_sequence_digit) {
    return (last_sequence_digit - '0') % 2 == 1 ? Sex::Male : Sex::Female;
}

// The 18-character layouts share: 17 digits + MOD 11-2 check, birth date at
// 6..13, sequence at 14..16 (odd = male).
Result<Document, DocumentError> parse_18(DocumentKind kind, const std::string& number, Date today) {
    if (number.size() != 18) {
        return fail(DocumentError::BadLength);
    }
    if (!all_digits(std::string_view(number).substr(0, 17)) ||
        !(is_digit(number[17]) || number[17] == 'X')) {
        return fail(DocumentError::BadCharacter);
    }
    if (mod11_2_check(std::string_view(number).substr(0, 17)) != number[17]) {
        return fail(DocumentError::BadChecksum);
    }
    Document document;
    document.kind = kind;
    document.number = number;
    auto birth = birth_date_from(std::string_view(number).substr(6, 8), today);
    if (!birth) {
        return fail(birth.error());
    }
    document.birth_date = *birth;
    document.sex = sex_from_sequence(number[16]);
    switch (kind) {
        case DocumentKind::ResidentId:
            document.region_code = number.substr(0, 6);
            document.province_code = number.substr(0, 2);
            break;
        case DocumentKind::HmtPermit:
            document.province_code = number.substr(0, 2);
            break;
        case DocumentKind::ForeignerPermanent2023:
            // '9' + issuing province (2) + nationality (3 digits, ISO 3166 numeric).
            document.province_code = number.substr(1, 2);
            document.nationality = number.substr(3, 3);
            break;
        default:
            break;
    }
    if (!province_of(document.province_code)) {
        return fail(DocumentError::UnknownRegion);
    }
    return document;
}

// 2017 foreigner card: 3-letter nationality + 4-digit issuing region +
// YYMMDD birth date + 1 sequence digit + 1 check digit (ICAO 7-3-1). The check
// digit's reading is uncertain (idcard-sam.md): a mismatch warns, never refuses.
Result<Document, DocumentError> parse_foreigner_2017(const std::string& number, Date today) {
    if (number.size() != 15) {
        return fail(DocumentError::BadLength);
    }
    if (!std::all_of(number.begin(), number.begin() + 3, is_upper) ||
        !all_digits(std::string_view(number).substr(3))) {
        return fail(DocumentError::BadCharacter);
    }
    Document document;
    document.kind = DocumentKind::ForeignerPermanent2017;
    document.number = number;
    document.nationality = number.substr(0, 3);
    document.province_code = number.substr(3, 2);
    if (!province_of(document.province_code)) {
        return fail(DocumentError::UnknownRegion);
    }
    // Two-digit year: the latest century that puts the birth on or before
    // today. When the earlier century is possible too (someone born 1925 or
    // 2025), the reading is flagged so that a nurse confirms it; the card's
    // own data carries the full date. A date that exists in one century only
    // (00-02-29: 2000 was a leap year, 1900 was not) is read in that one.
    const std::string yymmdd = number.substr(7, 6);
    std::vector<Date> possible;
    bool exists = false;
    for (int century : {2000, 1900}) {
        auto candidate = parse_compact_date(
            std::to_string(century + std::stoi(yymmdd.substr(0, 2))) + yymmdd.substr(2));
        if (!candidate) {
            continue;
        }
        exists = true;
        if (*candidate <= today) {
            possible.push_back(*candidate);
        }
    }
    if (!exists) {
        return fail(DocumentError::BadBirthDate);
    }
    if (possible.empty()) {
        return fail(DocumentError::BirthDateInFuture);
    }
    document.birth_date = possible.front();
    if (possible.size() > 1 && age_on(possible.back(), today) <= 110) {
        document.warnings.push_back(DocumentWarning::AmbiguousCentury);
    }
    if (icao_check(std::string_view(number).substr(0, 14)) != number[14]) {
        document.warnings.push_back(DocumentWarning::UncertainCheckDigit);
    }
    return document;
}

// A number with the shape of a resident ID, permit or foreigner card is not
// "other": entered as such it would skip the checksum and the birth date, and
// with it the guardian rule.
bool looks_like_known_document(const std::string& n) {
    const bool id18 = n.size() == 18 && all_digits(std::string_view(n).substr(0, 17));
    const bool id15 = n.size() == 15 && all_digits(std::string_view(n).substr(3)) &&
                      (all_digits(n) || std::all_of(n.begin(), n.begin() + 3, is_upper));
    return id18 || id15;
}

Result<Document, DocumentError> parse_other(const std::string& number) {
    const EntryLimits limits = entry_limits(DocumentKind::Other);
    if (number.size() < limits.min_length || number.size() > limits.max_length) {
        return fail(DocumentError::BadLength);
    }
    if (looks_like_known_document(number)) {
        return fail(DocumentError::WrongKind);
    }
    if (!std::all_of(number.begin(), number.end(), [&](char c) { return limits.accepts(c); })) {
        return fail(DocumentError::BadCharacter);
    }
    Document document;
    document.kind = DocumentKind::Other;
    document.number = number;
    return document;
}

bool is_hmt_prefix(std::string_view number) {
    return number.starts_with("810000") || number.starts_with("820000") ||
           number.starts_with("830000");
}

}  // namespace

bool EntryLimits::accepts(char c) const {
    return is_digit(c) || (letters && is_upper(c)) || (check_x && c == 'X') || (dash && c == '-');
}

EntryLimits entry_limits(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::ResidentId:
        case DocumentKind::HmtPermit:
        case DocumentKind::ForeignerPermanent2023:
            return {.check_x = true};
        case DocumentKind::ForeignerPermanent2017:
            return {.letters = true, .min_length = 15, .max_length = 15};
        case DocumentKind::Other:
            return {.letters = true, .dash = true, .min_length = 5, .max_length = 20};
    }
    return {};
}

EntryLimits entry_limits(EntryMode mode) {
    if (mode == EntryMode::Identity) {
        return entry_limits(DocumentKind::ResidentId);  // the three kinds share it
    }
    const EntryLimits card = entry_limits(DocumentKind::ForeignerPermanent2017);
    const EntryLimits other = entry_limits(DocumentKind::Other);
    return {.letters = true,
            .check_x = true,
            .dash = card.dash || other.dash,
            .min_length = std::min(card.min_length, other.min_length),
            .max_length = std::max(card.max_length, other.max_length)};
}

Result<Document, DocumentError> parse_entry(EntryMode mode, std::string_view text, Date today) {
    if (mode == EntryMode::Identity) {
        return parse_document(text, today);
    }
    const std::string number = normalise(text);
    const bool card_2017 = number.size() == 15 &&
                           std::all_of(number.begin(), number.begin() + 3, is_upper) &&
                           all_digits(std::string_view(number).substr(3));
    return parse_document_as(card_2017 ? DocumentKind::ForeignerPermanent2017 : DocumentKind::Other,
                             number, today);
}

char mod11_2_check(std::string_view first17) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[] = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) {
        sum += (first17[i] - '0') * kWeights[i];
    }
    return kCheck[sum % 11];
}

char icao_check(std::string_view text) {
    static constexpr int kWeights[3] = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const int value = is_digit(c) ? c - '0' : is_upper(c) ? c - 'A' + 10 : 0;
        sum += value * kWeights[i % 3];
    }
    return static_cast<char>('0' + sum % 10);
}

Result<Document, DocumentError> parse_document(std::string_view text, Date today) {
    const std::string number = normalise(text);
    if (number.empty()) {
        return fail(DocumentError::Empty);
    }
    if (number.size() == 15 && all_digits(number)) {
        return fail(DocumentError::Obsolete15Digit);
    }
    if (number.size() == 15) {
        return parse_foreigner_2017(number, today);
    }
    if (number.size() == 18) {
        if (is_hmt_prefix(number)) {
            return parse_18(DocumentKind::HmtPermit, number, today);
        }
        if (number[0] == '9') {
            return parse_18(DocumentKind::ForeignerPermanent2023, number, today);
        }
        return parse_18(DocumentKind::ResidentId, number, today);
    }
    return fail(DocumentError::BadLength);
}

Result<Document, DocumentError> parse_document_as(DocumentKind kind, std::string_view text,
                                                  Date today) {
    const std::string number = normalise(text);
    if (number.empty()) {
        return fail(DocumentError::Empty);
    }
    switch (kind) {
        case DocumentKind::Other:
            return parse_other(number);
        case DocumentKind::ForeignerPermanent2017:
            return parse_foreigner_2017(number, today);
        default: {
            auto parsed = parse_document(number, today);
            if (parsed && parsed->kind != kind) {
                return fail(DocumentError::WrongKind);
            }
            return parsed;
        }
    }
}

int age_on(Date birth, Date on) {
    int age = on.year - birth.year;
    if (std::pair(on.month, on.day) < std::pair(birth.month, birth.day)) {
        --age;
    }
    return age;
}

bool is_cross_region(const Document& document, std::string_view kiosk_region, int level) {
    if (document.kind != DocumentKind::ResidentId) {
        return false;
    }
    const auto n = static_cast<std::size_t>(level);
    if (kiosk_region.size() < n || document.region_code.size() < n) {
        return true;
    }
    return document.region_code.substr(0, n) != kiosk_region.substr(0, n);
}

std::string_view code(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::ResidentId:
            return "resident-id";
        case DocumentKind::HmtPermit:
            return "hmt-permit";
        case DocumentKind::ForeignerPermanent2017:
            return "foreigner-2017";
        case DocumentKind::ForeignerPermanent2023:
            return "foreigner-2023";
        case DocumentKind::Other:
            return "other";
    }
    return "unknown";
}

std::optional<DocumentKind> document_kind_from_code(std::string_view text) {
    for (auto kind :
         {DocumentKind::ResidentId, DocumentKind::HmtPermit, DocumentKind::ForeignerPermanent2017,
          DocumentKind::ForeignerPermanent2023, DocumentKind::Other}) {
        if (code(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view code(DocumentError error) {
    switch (error) {
        case DocumentError::Empty:
            return "empty";
        case DocumentError::BadLength:
            return "bad-length";
        case DocumentError::BadCharacter:
            return "bad-character";
        case DocumentError::BadChecksum:
            return "bad-checksum";
        case DocumentError::BadBirthDate:
            return "bad-birth-date";
        case DocumentError::BirthDateInFuture:
            return "birth-date-in-future";
        case DocumentError::UnknownRegion:
            return "unknown-region";
        case DocumentError::Obsolete15Digit:
            return "obsolete-15-digit";
        case DocumentError::WrongKind:
            return "wrong-kind";
    }
    return "unknown";
}

std::string_view code(DocumentWarning warning) {
    switch (warning) {
        case DocumentWarning::UncertainCheckDigit:
            return "uncertain-check-digit";
        case DocumentWarning::AmbiguousCentury:
            return "ambiguous-century";
    }
    return "unknown";
}

std::string_view code(Sex sex) {
    switch (sex) {
        case Sex::Unknown:
            return "unknown";
        case Sex::Male:
            return "male";
        case Sex::Female:
            return "female";
    }
    return "unknown";
}

}  // namespace jiayi::domain
