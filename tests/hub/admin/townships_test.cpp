// `import townships`: the population behind the 30 % signing target, checked
// row by row like the other imports.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "hub/admin/import_townships.hpp"

using namespace jiayi::hub::admin;

namespace {

CsvFile csv(std::string_view text) {
    auto file = read_csv(text);
    REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error().message));
    return file.value();
}

bool has_error(const std::vector<ImportError>& errors, int line, std::string_view fragment) {
    return std::any_of(errors.begin(), errors.end(), [&](const ImportError& e) {
        return e.line == line && e.message.find(fragment) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("import townships: English or Chinese headers") {
    for (std::string_view header : {"code,name,population", "乡镇编码,乡镇名称,常住人口"}) {
        auto rows = check_townships(
            csv(std::string(header) + "\n500114-101,城西街道,42000\n500114-102,正阳街道,0\n"));
        REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
        REQUIRE(rows->size() == 2);
        CHECK(rows.value()[0].code == "500114-101");
        CHECK(rows.value()[0].name == "城西街道");
        CHECK(rows.value()[0].population == 42000);
        CHECK(rows.value()[1].population == 0);
        CHECK(rows.value()[1].line == 3);
    }
}

TEST_CASE("import townships: every bad row is listed with its line, and no row is returned") {
    auto rows =
        check_townships(csv("code,name,population\n"
                            "T-1,一镇,100\n"
                            "T-1,重复,100\n"
                            "T 3,三镇,100\n"
                            "T-4,,-5\n"
                            "T-5,五镇,many\n"));
    REQUIRE_FALSE(rows.ok());
    CHECK(has_error(rows.error(), 3, "also on line 2"));
    CHECK(has_error(rows.error(), 4, "use letters"));
    CHECK(has_error(rows.error(), 5, "empty"));
    CHECK(rows.error().size() == 5);
    CHECK(std::none_of(rows.error().begin(), rows.error().end(),
                       [](const ImportError& e) { return e.line == 2; }));
}

TEST_CASE("import townships: the example file is accepted") {
    std::ifstream in(std::string(JIAYI_SOURCE_DIR) + "/hub/admin/examples/townships.csv",
                     std::ios::binary);
    REQUIRE(in);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto rows = check_townships(csv(bytes.str()));
    REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
    CHECK(rows->size() == 3);
}
