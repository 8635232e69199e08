// CSV as district spreadsheets write it: RFC 4180 quoting, line numbers that
// count quoted line breaks, byte-order marks, GB18030 and broken bytes.
#include <doctest/doctest.h>

#include "hub/admin/csv.hpp"
#include "hub/admin/encoding.hpp"

using namespace jiayi::hub::admin;

namespace {

CsvFile parsed(std::string_view text, Encoding encoding = Encoding::Auto) {
    auto file = read_csv(text, encoding);
    REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error().message));
    return file.value();
}

std::string gb18030(std::string_view utf8) {
    auto bytes = utf8_to_gb18030(utf8);
    REQUIRE(bytes.ok());
    return bytes.value();
}

}  // namespace

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks, and lines count them") {
    const auto file = parsed(
        "a,b,c\r\n"
        "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
        "2,\"two\nlines\",z\r\n"
        "3,\"three\r\n\r\nlines\",w\r\n"
        "4,,\r\n");
    REQUIRE(file.header == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(file.records.size() == 4);
    CHECK(file.records[0].fields == std::vector<std::string>{"1", "x, y", "say \"hi\""});
    CHECK(file.records[0].line == 2);
    CHECK(file.records[1].fields[1] == "two\nlines");
    CHECK(file.records[1].line == 3);
    // Record 2 spans lines 4-5; record 3 starts on line 6 and spans 6-8.
    CHECK(file.records[2].line == 5);
    CHECK(file.records[2].fields[1] == "three\r\n\r\nlines");
    CHECK(file.records[3].line == 8);
    CHECK(file.records[3].fields == std::vector<std::string>{"4", "", ""});
}

TEST_CASE("csv: LF, CRLF and lone CR all end a line, blank and all-empty rows are skipped") {
    const auto file = parsed("h1,h2\n\nA,1\r\n,\rB,2\n");
    REQUIRE(file.records.size() == 2);
    CHECK(file.records[0].line == 3);
    CHECK(file.records[1].line == 5);
    CHECK(file.records[1].fields == std::vector<std::string>{"B", "2"});
}

TEST_CASE("csv: a UTF-8 byte-order mark is removed from the first header") {
    const auto file = parsed("\xEF\xBB\xBF身份证号,name\n1,2\n");
    CHECK(file.encoding == Encoding::Utf8);
    CHECK(file.header[0] == "身份证号");
}

TEST_CASE("csv: a GB18030 file (as Excel exports it) is detected and read as UTF-8") {
    const std::string utf8 = "团队编号,团队名称\nT1,城南一队\nT2,\"冯家,二队\"\n";
    const std::string bytes = gb18030(utf8);
    REQUIRE(bytes != utf8);
    const auto file = parsed(bytes);
    CHECK(file.encoding == Encoding::Gb18030);
    CHECK(file.header == std::vector<std::string>{"团队编号", "团队名称"});
    REQUIRE(file.records.size() == 2);
    CHECK(file.records[0].fields[1] == "城南一队");
    CHECK(file.records[1].fields[1] == "冯家,二队");
    CHECK(file.records[1].line == 3);
    // The override reads it the same way; forcing UTF-8 refuses it, naming line 1.
    CHECK(parsed(bytes, Encoding::Gb18030).records[1].fields[1] == "冯家,二队");
    auto forced = read_csv(bytes, Encoding::Utf8);
    REQUIRE_FALSE(forced.ok());
    CHECK(forced.error().line == 1);
}

TEST_CASE("csv: GB18030's own byte-order mark is removed too") {
    const std::string bytes = gb18030("\xEF\xBB\xBF名称,x\n一,2\n");
    CHECK(bytes.starts_with("\x84\x31\x95\x33"));
    CHECK(parsed(bytes).header[0] == "名称");
}

TEST_CASE("csv: bytes that are neither UTF-8 nor GB18030 are refused, naming their line") {
    SUBCASE("a UTF-8 file with one broken byte on line 4") {
        const std::string text = "名称,x\n一,1\n二,2\n三\xFF,3\n四,4\n";
        auto file = read_csv(text);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 4);
        CHECK(file.error().message.find("UTF-8") != std::string::npos);
    }
    SUBCASE("a GB18030 file with a byte GB18030 never uses on line 3") {
        std::string text = gb18030("名称,x\n一,1\n二,2\n");
        text.insert(text.size() - 3, "\xFF");
        auto file = read_csv(text);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 3);
        CHECK(file.error().message.find("GB18030") != std::string::npos);
        auto forced = read_csv(text, Encoding::Gb18030);
        REQUIRE_FALSE(forced.ok());
        CHECK(forced.error().line == 3);
    }
    SUBCASE("a UTF-8 sequence cut short by the end of the file, after a quoted line break") {
        const std::string text = "a,b\n\"x\ny\",1\n2,\xE4\xB8";
        auto file = read_csv(text, Encoding::Utf8);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 4);
    }
    SUBCASE("an overlong form is not UTF-8: refused at its line") {
        auto file = read_csv("a,b\n1,ok\xC0\xAF\n", Encoding::Utf8);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 2);
    }
}

TEST_CASE("csv: damaged quoting is an error naming the line and the column") {
    SUBCASE("a quote never closed: the line where it opened") {
        auto file = read_csv("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 3);
        CHECK(file.error().column == "b");
    }
    SUBCASE("text after a closing quote") {
        auto file = read_csv("a,b\n\"x\ny\"z,1\n");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 3);
        CHECK(file.error().column == "a");
    }
    SUBCASE("a bare quote inside an unquoted field") {
        auto file = read_csv("a,b\n1,ab\"c\n");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().line == 2);
        CHECK(file.error().column == "b");
    }
    SUBCASE("an empty file has no header") {
        auto file = read_csv("\xEF\xBB\xBF\n\n");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().message.find("header") != std::string::npos);
    }
}

TEST_CASE("csv: ragged rows are kept with their field count, for the checkers to report") {
    const auto file = parsed("a,b,c\n1,2\n1,2,3,4\n");
    REQUIRE(file.records.size() == 2);
    CHECK(file.records[0].fields.size() == 2);
    CHECK(file.records[1].fields.size() == 4);
}

TEST_CASE("csv: a field written back is quoted exactly when it must be") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    const auto round = parsed("h\n" + csv_field("x, \"y\"\r\nz") + "\n");
    CHECK(round.records[0].fields[0] == "x, \"y\"\r\nz");
}
