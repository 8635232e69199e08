// common/utf8.hpp: one reading of UTF-8 for the screen's and receipt's
// decoder (bad bytes shown as U+FFFD) and the hub's import check (the first
// bad byte, for the line-numbered refusal of a CSV file).
#include "common/utf8.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

using jiayi::text::decode_utf8;
using jiayi::text::encode_utf8;
using jiayi::text::first_invalid_utf8;

namespace {

struct Case {
    const char* what;
    std::string_view bytes;
    std::optional<std::size_t> first_invalid;
    std::u32string decoded;
};

const Case kCases[] = {
    {"ASCII", "ok", std::nullopt, U"ok"},
    {"Chinese", "身份证", std::nullopt, U"身份证"},
    {"four bytes", "\xF0\x9F\x98\x80", std::nullopt, U"\U0001F600"},
    {"overlong slash", "ok\xC0\xAF", 2, U"ok\xFFFD\xFFFD"},
    {"surrogate", "\xED\xA0\x80", 0, U"\xFFFD\xFFFD\xFFFD"},
    {"past U+10FFFF", "\xF4\x90\x80\x80", 0, U"\xFFFD\xFFFD\xFFFD\xFFFD"},
    {"cut short at the end", "a\xE4\xB8", 1, U"a\xFFFD\xFFFD"},
    {"a continuation byte alone", "\x80z", 0, U"\xFFFDz"},
    {"a start byte broken by ASCII", "\xE4z\xB8", 0, U"\xFFFDz\xFFFD"},
    {"a byte that starts nothing", "\xFF", 0, U"\xFFFD"},
};

}  // namespace

TEST_CASE("UTF-8: the first bad byte and the decoding agree, case by case") {
    for (const Case& c : kCases) {
        CAPTURE(c.what);
        CHECK(first_invalid_utf8(c.bytes) == c.first_invalid);
        CHECK(decode_utf8(c.bytes) == c.decoded);
    }
}

TEST_CASE("UTF-8: well-formed text decodes and encodes back to the same bytes") {
    for (const Case& c : kCases) {
        if (!c.first_invalid) {
            CAPTURE(c.what);
            CHECK(encode_utf8(decode_utf8(c.bytes)) == c.bytes);
        }
    }
}
