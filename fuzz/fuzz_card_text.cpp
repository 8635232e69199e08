// The card's data on any bytes: split_read_reply (TL PL text photo),
// parse_card_text on the text block, parse_appended_addresses and
// ucs2le_to_utf8 — never out of bounds, always valid UTF-8 out, the text
// block's fields within their sizes.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "drivers/idcard/card_text.hpp"

using namespace jiayi::drivers::idcard;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// Well-formed UTF-8 with no surrogates and nothing above U+10FFFF.
bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            n = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
            return false;
        }
        i += n;
    }
    return true;
}

void check_card(const CardText& t) {
    for (const std::string* f :
         {&t.name, &t.english_name, &t.sex_code, &t.nation_code, &t.birth, &t.address, &t.number,
          &t.authority, &t.valid_from, &t.valid_to, &t.permit_number, &t.issue_count,
          &t.nationality, &t.renewal_count, &t.old_number, &t.card_version, &t.office_code}) {
        check(valid_utf8(*f));
        // A field of n UCS-2 units is at most 3n UTF-8 bytes; the widest is 120 bytes.
        check(f->size() <= 180 + 1);
    }
    check(!t.number.empty());
    check(!sex_name(t.sex_code).empty());
    (void)nation_name(t.nation_code);
    check(!code(t.type).empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);

    const std::string text = ucs2le_to_utf8(bytes);
    check(valid_utf8(text));
    check(text.size() <= size / 2 * 3);

    for (const std::string& a : parse_appended_addresses(bytes)) {
        check(valid_utf8(a));
        check(!a.empty() && a.size() <= 35 * 3);
    }
    check(parse_appended_addresses(bytes).size() <= 4);

    if (auto split = split_read_reply(bytes); split.ok()) {
        check(4 + split->text.size() + split->photo.size() <= size);
        if (auto card = parse_card_text(split->text); card.ok()) {
            check(split->text.size() == 256);
            check_card(*card);
        }
    }
    // The block on its own, as a 256-byte prefix.
    if (size >= 256) {
        if (auto card = parse_card_text(bytes.first(256)); card.ok()) {
            check_card(*card);
        }
    }
    check(!parse_card_text(bytes.first(std::min<std::size_t>(size, 255))).ok());
    return 0;
}
