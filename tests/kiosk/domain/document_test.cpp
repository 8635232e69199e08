#include <doctest/doctest.h>

#include "kiosk/domain/document.hpp"
#include "support/people.hpp"

using namespace jiayi::domain;
using jiayi::test::make_id;

namespace {
constexpr Date kToday{2026, 11, 23};
}

TEST_CASE("MOD 11-2 check characters of the published examples") {
    CHECK(mod11_2_check("11010519491231002") == 'X');
    CHECK(mod11_2_check("81000019940823002") == '1');
    CHECK(mod11_2_check("83000019920130002") == '2');
    CHECK(mod11_2_check("91139819901231002") == '1');
}

TEST_CASE("each document kind is recognised from its number") {
    struct Row {
        const char* number;
        DocumentKind kind;
        Date birth;
        Sex sex;
        const char* province;
    };
    const Row rows[] = {
        {"11010519491231002X", DocumentKind::ResidentId, {1949, 12, 31}, Sex::Female, "11"},
        {"810000199408230021", DocumentKind::HmtPermit, {1994, 8, 23}, Sex::Female, "81"},
        {"830000199201300022", DocumentKind::HmtPermit, {1992, 1, 30}, Sex::Female, "83"},
        {"911398199012310021",
         DocumentKind::ForeignerPermanent2023,
         {1990, 12, 31},
         Sex::Female,
         "11"},
        {"KAZ110090123105",
         DocumentKind::ForeignerPermanent2017,
         {1990, 12, 31},
         Sex::Unknown,
         "11"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.number);
        auto doc = parse_document(row.number, kToday);
        REQUIRE(doc.ok());
        CHECK(doc->kind == row.kind);
        CHECK(doc->birth_date == row.birth);
        CHECK(doc->sex == row.sex);
        CHECK(doc->province_code == row.province);
        CHECK(doc->warnings.empty());
    }
}

TEST_CASE("the sequence's last digit gives the sex") {
    auto male = parse_document(make_id("500114", "19800101", "013"), kToday);
    auto female = parse_document(make_id("500114", "19800101", "024"), kToday);
    REQUIRE(male.ok());
    REQUIRE(female.ok());
    CHECK(male->sex == Sex::Male);
    CHECK(female->sex == Sex::Female);
    CHECK(male->region_code == "500114");
}

TEST_CASE("input is trimmed and a lower-case x accepted") {
    auto doc = parse_document("  11010519491231002x \n", kToday);
    REQUIRE(doc.ok());
    CHECK(doc->number == "11010519491231002X");
}

TEST_CASE("bad numbers give a typed reason") {
    struct Row {
        std::string number;
        DocumentError error;
    };
    const Row rows[] = {
        {"", DocumentError::Empty},
        {"   ", DocumentError::Empty},
        {"1101051949123100", DocumentError::BadLength},
        {"11010519491231002X1", DocumentError::BadLength},
        {"110105194912310021", DocumentError::BadChecksum},
        {"1101051949123A002X", DocumentError::BadCharacter},
        {"11010519491231002Y", DocumentError::BadCharacter},
        {make_id("110105", "19490230", "002"), DocumentError::BadBirthDate},
        {make_id("110105", "18991231", "002"), DocumentError::BadBirthDate},
        {make_id("110105", "20261124", "002"), DocumentError::BirthDateInFuture},
        {make_id("990105", "19800101", "002"), DocumentError::UnknownRegion},
        {"110105491231002", DocumentError::Obsolete15Digit},
        {"KA1110090123105", DocumentError::BadCharacter},
        {"KAZ990090123105", DocumentError::UnknownRegion},
        {"KAZ110090023105", DocumentError::BadBirthDate},
    };
    for (const Row& row : rows) {
        CAPTURE(row.number);
        auto doc = parse_document(row.number, kToday);
        REQUIRE_FALSE(doc.ok());
        CHECK(doc.error() == row.error);
    }
}

TEST_CASE("a birth date of today is accepted, tomorrow is not") {
    CHECK(parse_document(make_id("500114", "20261123", "001"), kToday).ok());
    CHECK(parse_document(make_id("500114", "20261124", "001"), kToday).error() ==
          DocumentError::BirthDateInFuture);
}

TEST_CASE("a 2017 foreigner card with an unexpected check digit warns, never refuses") {
    auto doc = parse_document("KAZ110090123106", kToday);
    REQUIRE(doc.ok());
    REQUIRE(doc->warnings.size() == 1);
    CHECK(doc->warnings[0] == DocumentWarning::UncertainCheckDigit);
    CHECK(icao_check("KAZ11009012310") == '5');
}

TEST_CASE("a 2017 foreigner card's two-digit year takes the latest century not in the future") {
    // 26-11-23 is today → 2026; 26-11-24 would be the future → 1926.
    const std::string today_born = std::string("USA1100261123") + "0";
    auto a = parse_document(today_born + icao_check(today_born), kToday);
    REQUIRE(a.ok());
    CHECK(a->birth_date == Date{2026, 11, 23});
    const std::string tomorrow = std::string("USA1100261124") + "0";
    auto b = parse_document(tomorrow + icao_check(tomorrow), kToday);
    REQUIRE(b.ok());
    CHECK(b->birth_date == Date{1926, 11, 24});
}

TEST_CASE("a 2017 foreigner card's date that exists in one century only is read in that one") {
    // 00-02-29: 2000 was a leap year, 1900 was not.
    const std::string leap = std::string("USA1100000229") + "0";
    auto doc = parse_document(leap + icao_check(leap), kToday);
    REQUIRE(doc.ok());
    CHECK(doc->birth_date == Date{2000, 2, 29});
    CHECK(doc->warnings.empty());  // 1900-02-29 does not exist: nothing to confirm
    // A date that exists in neither century is still refused.
    const std::string never = std::string("USA1100990229") + "0";
    CHECK(parse_document(never + icao_check(never), kToday).error() == DocumentError::BadBirthDate);
    const std::string no_month = std::string("USA1100001301") + "0";
    CHECK(parse_document(no_month + icao_check(no_month), kToday).error() ==
          DocumentError::BadBirthDate);
}

TEST_CASE("a nurse may enter a passport or other document as free text") {
    auto doc = parse_document_as(DocumentKind::Other, "e12345678", kToday);
    REQUIRE(doc.ok());
    CHECK(doc->number == "E12345678");
    CHECK_FALSE(doc->birth_date);
    CHECK(parse_document_as(DocumentKind::Other, "E12", kToday).error() ==
          DocumentError::BadLength);
    CHECK(parse_document_as(DocumentKind::Other, "E1234/5678", kToday).error() ==
          DocumentError::BadCharacter);
}

TEST_CASE("a known ID entered as \"other\" is refused, so its checks are not skipped") {
    for (const char* number : {"11010519491231002X", "110105194912310021", "KAZ110090123105",
                               "110105491231002", "911398199012310021"}) {
        CAPTURE(std::string(number));
        CHECK(parse_document_as(DocumentKind::Other, number, kToday).error() ==
              DocumentError::WrongKind);
    }
}

TEST_CASE("a 2017 card whose year could be either century is flagged for a nurse") {
    const std::string old_or_young = std::string("USA1100250101") + "0";  // 1925 or 2025
    auto doc = parse_document(old_or_young + icao_check(old_or_young), kToday);
    REQUIRE(doc.ok());
    CHECK(doc->birth_date == Date{2025, 1, 1});
    REQUIRE(doc->warnings.size() == 1);
    CHECK(doc->warnings[0] == DocumentWarning::AmbiguousCentury);
    const std::string only_recent = std::string("USA1100100101") + "0";  // 1910 is implausible
    auto recent = parse_document(only_recent + icao_check(only_recent), kToday);
    REQUIRE(recent.ok());
    CHECK(recent->warnings.empty());
}

TEST_CASE("a nurse's chosen kind must match the number") {
    CHECK(parse_document_as(DocumentKind::HmtPermit, "11010519491231002X", kToday).error() ==
          DocumentError::WrongKind);
    CHECK(parse_document_as(DocumentKind::ResidentId, "11010519491231002X", kToday).ok());
}

TEST_CASE("age on a date, with Feb 29 birthdays") {
    struct Row {
        Date birth;
        Date on;
        int age;
    };
    const Row rows[] = {
        {{1961, 11, 23}, {2026, 11, 23}, 65},  // 65th birthday today
        {{1961, 11, 24}, {2026, 11, 23}, 64},  // tomorrow
        {{2008, 2, 29}, {2026, 2, 28}, 17},    // Feb 29 in a common year: not yet
        {{2008, 2, 29}, {2026, 3, 1}, 18},     // the day after Feb 28
        {{2008, 2, 29}, {2028, 2, 29}, 20},    // a leap year: on the day
        {{2026, 11, 23}, {2026, 11, 23}, 0},
    };
    for (const Row& row : rows) {
        CAPTURE(to_iso(row.birth));
        CAPTURE(to_iso(row.on));
        CHECK(age_on(row.birth, row.on) == row.age);
    }
}

TEST_CASE("cross-region is flagged by the kiosk's region at the configured level") {
    auto local = jiayi::test::document_of(make_id("500114", "19800101", "011"), kToday);
    auto same_city = jiayi::test::document_of(make_id("500101", "19800101", "011"), kToday);
    auto other = jiayi::test::document_of(make_id("510104", "19800101", "011"), kToday);
    auto permit = jiayi::test::document_of("810000199408230021", kToday);
    CHECK_FALSE(is_cross_region(local, "500114", 6));
    CHECK(is_cross_region(same_city, "500114", 6));
    CHECK_FALSE(is_cross_region(same_city, "500114", 4));
    CHECK(is_cross_region(other, "500114", 2));
    CHECK_FALSE(is_cross_region(permit, "500114", 6));
}

TEST_CASE("every code is distinct") {
    CHECK(code(DocumentKind::ResidentId) != code(DocumentKind::HmtPermit));
    CHECK(code(DocumentError::BadChecksum) == "bad-checksum");
    CHECK(code(Sex::Female) == "female");
}

TEST_CASE("what a nurse may type, per kind of document") {
    struct Row {
        DocumentKind kind;
        const char* accepted;
        const char* refused;
        std::size_t min, max;
    };
    const Row rows[] = {
        {DocumentKind::ResidentId, "0123456789X", "AEZ-", 18, 18},
        {DocumentKind::HmtPermit, "0123456789X", "AEZ-", 18, 18},
        {DocumentKind::ForeignerPermanent2023, "0123456789X", "AEZ-", 18, 18},
        {DocumentKind::ForeignerPermanent2017, "0123456789AKZX", "-/ ", 15, 15},
        {DocumentKind::Other, "0123456789AEZX-", "/ .", 5, 20},
    };
    for (const Row& row : rows) {
        CAPTURE(code(row.kind));
        const EntryLimits limits = entry_limits(row.kind);
        for (const char* c = row.accepted; *c != '\0'; ++c) {
            CHECK(limits.accepts(*c));
        }
        for (const char* c = row.refused; *c != '\0'; ++c) {
            CHECK_FALSE(limits.accepts(*c));
        }
        CHECK(limits.min_length == row.min);
        CHECK(limits.max_length == row.max);
    }
    // A mode takes every kind it holds.
    const EntryLimits identity = entry_limits(EntryMode::Identity);
    CHECK_FALSE(identity.letters);
    CHECK(identity.accepts('X'));
    CHECK(identity.max_length == 18);
    const EntryLimits lettered = entry_limits(EntryMode::Lettered);
    CHECK(lettered.accepts('E'));
    CHECK(lettered.accepts('-'));
    CHECK(lettered.min_length == 5);
    CHECK(lettered.max_length == 20);
}

TEST_CASE("a typed number with letters: a 2017 card is checked as one, a passport is other") {
    const std::string card = std::string("USA1100900101") + "0";
    auto foreigner = parse_entry(EntryMode::Lettered, card + icao_check(card), kToday);
    REQUIRE(foreigner.ok());
    CHECK(foreigner->kind == DocumentKind::ForeignerPermanent2017);
    CHECK(foreigner->birth_date == Date{1990, 1, 1});
    const std::string bad_date = std::string("USA1100901301") + "0";
    CHECK(parse_entry(EntryMode::Lettered, bad_date + icao_check(bad_date), kToday).error() ==
          DocumentError::BadBirthDate);

    auto passport = parse_entry(EntryMode::Lettered, "E12345678", kToday);
    REQUIRE(passport.ok());
    CHECK(passport->kind == DocumentKind::Other);
    // A resident ID typed as lettered keeps its checks: refused, not "other".
    CHECK(parse_entry(EntryMode::Lettered, "11010519491231002X", kToday).error() ==
          DocumentError::WrongKind);
    // The identity mode reads the kind from the digits.
    auto permit = parse_entry(EntryMode::Identity, "810000199408230021", kToday);
    REQUIRE(permit.ok());
    CHECK(permit->kind == DocumentKind::HmtPermit);
}
