#include <doctest/doctest.h>

#include "kiosk/domain/mask.hpp"

using namespace jiayi::domain;

TEST_CASE("names are masked by character, not byte") {
    CHECK(mask_name("张小三") == "张*三");
    CHECK(mask_name("欧阳小明") == "欧*明");
    CHECK(mask_name("张三") == "张*");
    CHECK(mask_name("张") == "*");
    CHECK(mask_name("") == "");
    CHECK(mask_name("𠮷田一") == "𠮷*一");  // a character outside the BMP
    CHECK(mask_name("Ann Lee") == "A*e");
}

TEST_CASE("malformed UTF-8 never reaches past the string") {
    CHECK(mask_name("\xe5\xbc") == std::string("\xe5*"));
    CHECK(mask_name("\xff") == "*");
}

TEST_CASE("ID numbers keep the configured head and tail") {
    CHECK(mask_id("11010519491231002X", MaskRules{}) == "1101**********002X");
    CHECK(mask_id("11010519491231002X", MaskRules{6, 2}) == "110105**********2X");
    CHECK(mask_id("1234567", MaskRules{}) == "*******");
}

TEST_CASE("phone numbers keep 3 + 4 digits") {
    CHECK(mask_phone("13912345678") == "139****5678");
    CHECK(mask_phone("1234") == "****");
}
