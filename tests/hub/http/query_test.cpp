#include <doctest/doctest.h>

#include "hub/http/address.hpp"
#include "hub/http/query.hpp"
#include "support/people.hpp"

using namespace jiayi::hub::http;

TEST_CASE("query: pairs come in the order sent, percent-decoded") {
    const std::string id = jiayi::test::make_id("500114", "19900307", "777");
    auto params = parse_query("patient.identifier=urn%3Aoid%3A2.16.156.10011.1.3%7C" + id +
                              "&status=active&_sort=-date&status=booked");
    REQUIRE(params);
    REQUIRE(params->size() == 4);
    CHECK((*params)[0] == std::pair<std::string, std::string>{"patient.identifier",
                                                              "urn:oid:2.16.156.10011.1.3|" + id});
    CHECK((*params)[1].second == "active");
    CHECK((*params)[2].first == "_sort");
    CHECK((*params)[3] == std::pair<std::string, std::string>{"status", "booked"});
}

TEST_CASE("query: '+' is a space, %2B a plus, a bare name has an empty value") {
    auto params = parse_query("name=Zhang+San&phone=%2B8613800000000&flag&&x=");
    REQUIRE(params);
    REQUIRE(params->size() == 4);
    CHECK((*params)[0].second == "Zhang San");
    CHECK((*params)[1].second == "+8613800000000");
    CHECK((*params)[2] == std::pair<std::string, std::string>{"flag", ""});
    CHECK((*params)[3] == std::pair<std::string, std::string>{"x", ""});
}

TEST_CASE("query: a malformed escape refuses the whole query") {
    CHECK_FALSE(parse_query("a=%4"));
    CHECK_FALSE(parse_query("a=%zz"));
    CHECK_FALSE(parse_query("ok=1&a%="));
    CHECK(parse_query("")->empty());
}

TEST_CASE("query: the query of a target") {
    CHECK(query_of("/fhir/Slot?status=free&x=1") == "status=free&x=1");
    CHECK(query_of("/fhir/Slot") == "");
    CHECK(query_of("/fhir/Slot?") == "");
}

TEST_CASE("address: loopback is 127.0.0.0/8 and ::1, numerically") {
    CHECK(is_loopback_address("127.0.0.1"));
    CHECK(is_loopback_address("127.1.2.3"));
    CHECK(is_loopback_address("::1"));
    CHECK(is_loopback_address("[::1]"));
    CHECK_FALSE(is_loopback_address("0.0.0.0"));
    CHECK_FALSE(is_loopback_address("::"));
    CHECK_FALSE(is_loopback_address("10.0.0.1"));
    CHECK_FALSE(is_loopback_address("128.0.0.1"));
    CHECK_FALSE(is_loopback_address("localhost"));
    CHECK_FALSE(is_loopback_address(""));
}
