#include <doctest/doctest.h>

#include <string>

#include "kiosk/domain/phone.hpp"

using namespace jiayi::domain;

TEST_CASE("mobile and landline numbers") {
    struct Row {
        const char* text;
        bool valid;
        PhoneKind kind;
        const char* digits;
    };
    const Row rows[] = {
        {"13912345678", true, PhoneKind::Mobile, "13912345678"},
        {"199 1234 5678", true, PhoneKind::Mobile, "19912345678"},
        {"+86 139-1234-5678", true, PhoneKind::Mobile, "13912345678"},
        {"008613912345678", true, PhoneKind::Mobile, "13912345678"},
        {"023-79212345", true, PhoneKind::Landline, "02379212345"},
        {"010-65123456", true, PhoneKind::Landline, "01065123456"},
        {"010-6512345", false, {}, ""},    // Beijing numbers have eight digits
        {"023-7921234", false, {}, ""},    // so do 02X areas
        {"001-234-56789", false, {}, ""},  // 00 is no area code
        {"0692 51234567", true, PhoneKind::Landline, "069251234567"},
        {"0692 5123456", true, PhoneKind::Landline, "06925123456"},
        {"0692 1234567", false, {}, ""},  // local numbers do not start with 1
        {"12912345678", false, {}, ""},   // 12X is no mobile prefix
        {"1391234567", false, {}, ""},    // 10 digits
        {"139123456789", false, {}, ""},  // 12 digits
        {"79212345", false, {}, ""},      // landline without area code
        {"023-0921234", false, {}, ""},   // local number starting 0
        {"0111234567", false, {}, ""},    // 011 is no area code
        {"139#12345678", false, {}, ""},
        {"", false, {}, ""},
    };
    for (const Row& row : rows) {
        const std::string text = row.text;
        CAPTURE(text);
        auto phone = parse_phone(row.text);
        REQUIRE(phone.ok() == row.valid);
        if (row.valid) {
            CHECK(phone->kind == row.kind);
            CHECK(phone->digits == row.digits);
        } else {
            CHECK(phone.error() == Refusal::PhoneInvalid);
        }
    }
}

TEST_CASE("the number entered twice must agree") {
    CHECK(confirm_phone("13912345678", "139 1234 5678").ok());
    CHECK(confirm_phone("13912345678", "13912345679").error() == Refusal::PhoneMismatch);
    CHECK(confirm_phone("1391234567", "1391234567").error() == Refusal::PhoneInvalid);
}

TEST_CASE("a number on file for five residents, this one included, is flagged") {
    CHECK_FALSE(is_shared_number(4, PhoneRules{}));
    CHECK(is_shared_number(5, PhoneRules{}));
    CHECK_FALSE(is_shared_number(5, PhoneRules{6}));
}
