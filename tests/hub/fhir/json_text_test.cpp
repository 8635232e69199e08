// hub/fhir/json_text.hpp: simdjson's parse, handed over as nlohmann::json,
// is the tree nlohmann's own parse makes of the same text, and refuses what
// it refuses.
#include "hub/fhir/json_text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using jiayi::hub::fhir::parse_json;
using nlohmann::json;

namespace {

// Equal, and of the same kinds all the way down (json's == calls 1 and 1u
// equal; the hub's code and dump() see the kind).
bool same(const json& a, const json& b) {
    if (a.type() != b.type() || a != b) {
        return false;
    }
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!same(it.value(), b.at(it.key()))) {
                return false;
            }
        }
    }
    if (a.is_array()) {
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!same(a[i], b[i])) {
                return false;
            }
        }
    }
    return true;
}

}  // namespace

TEST_CASE("parse_json makes nlohmann's tree of the same text") {
    const std::vector<std::string> texts = {
        R"({"resourceType":"Bundle","type":"transaction","entry":[]})",
        R"({"b":1,"a":[true,false,null,"x"],"c":{"d":{"e":[]}},"f":{}})",
        R"({"numbers":[0,1,-1,42,9223372036854775807,9223372036854775808,18446744073709551615,
            -9223372036854775808,1.5,-2.25,3.0,1e2,1E-2,1e300,4.9e-324,0.1,-0.0]})",
        R"({"escapes":"quote \" back \\ slash \/ \b\f\n\r\t \u0007 \u00e9 \u4e2d \ud83c\udfe5"})",
        "{\"utf8\":\"签约 ünïcode 🏥\",\"测试\":\"键\"}",
        R"({"twice":1,"twice":2})",
        "  \n\t [1, 2 ,\n 3]  \r\n",
        R"("a string alone")",
        "12",
        "null",
        "{\"data\":\"" + std::string(20'000, 'Q') + "\"}",
    };
    for (const std::string& text : texts) {
        INFO(text.substr(0, 80));
        const auto parsed = parse_json(text);
        REQUIRE(parsed.has_value());
        CHECK(same(*parsed, json::parse(text)));
        CHECK(parsed->dump() == json::parse(text).dump());
    }
    // The one kind that differs: -0 is an unsigned 0 here, a signed 0 for
    // nlohmann (simdjson does not keep the sign of an integer zero). Equal,
    // and written alike.
    CHECK(*parse_json("[-0]") == json::parse("[-0]"));
    CHECK(parse_json("[-0]")->dump() == "[0]");
    // A byte order mark before the value is skipped, as nlohmann does.
    const std::string bom = "\xEF\xBB\xBF{\"a\":[1]}";
    REQUIRE(parse_json(bom).has_value());
    CHECK(same(*parse_json(bom), json::parse(bom)));
    // The repeated key keeps its last value, as nlohmann does.
    CHECK((*parse_json(R"({"twice":1,"twice":2})"))["twice"] == 2);
}

TEST_CASE("parse_json refuses what is not one JSON value") {
    const std::vector<std::string> texts = {
        "",
        "   ",
        "{",
        R"({"a":1,})",
        R"({"a" 1})",
        "[1 2]",
        R"({"a":1} {"b":2})",
        R"({"a":"unterminated})",
        "{\"a\":\"bad \xff utf-8\"}",
        "{\"a\":\"a raw\ncontrol character\"}",
        R"({'single':'quotes'})",
        "[01]",
        "NaN",
        R"({"a":tru})",
        R"({"a":"\x"})",
        R"({"a":"\ud800 a lone surrogate"})",
    };
    for (const std::string& text : texts) {
        INFO(text);
        CHECK_FALSE(parse_json(text).has_value());
        CHECK(json::parse(text, nullptr, false).is_discarded());  // nlohmann agrees
    }
    // Past nlohmann's limits (it has none): deeper than 1 024, a 65-bit integer.
    CHECK_FALSE(parse_json(std::string(2000, '[') + std::string(2000, ']')).has_value());
    CHECK(parse_json(std::string(500, '[') + std::string(500, ']')).has_value());
    CHECK_FALSE(parse_json("[36893488147419103232]").has_value());
}
