// The four imports, checked row by row: good files give typed rows, bad files
// every error with its line (and nothing else: the store applies all or none).
#include <doctest/doctest.h>

#include <algorithm>

#include "hub/admin/import_teams.hpp"

using namespace jiayi::hub::admin;
namespace domain = jiayi::domain;

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

TEST_CASE("import teams: English or Chinese headers, default capacity, closed teams") {
    for (std::string_view header :
         {"team_id,name,center_id,township,capacity,closed", "团队编号,团队名称,卫生院编号,乡镇编码,签约上限,停止签约"}) {
        const auto file = csv(std::string(header) +
                              "\nT01,城西一队,C01,500114-101,,\n"
                              "T02,城西二队,C01,500114-101,800,是\n");
        auto rows = check_teams(file, domain::TeamRules{});
        REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
        REQUIRE(rows->size() == 2);
        CHECK(rows.value()[0].capacity == 1500);
        CHECK_FALSE(rows.value()[0].closed);
        CHECK(rows.value()[1].capacity == 800);
        CHECK(rows.value()[1].closed);
        CHECK(rows.value()[1].line == 3);
    }
}

TEST_CASE("import teams: every bad row is listed with its line, and no row is returned") {
    const auto file = csv(
        "team_id,name,center_id,township,capacity\n"
        "T01,一队,C01,T-1,1500\n"
        "T01,重复,C01,T-1,1500\n"
        "T03,,C01,T-1,0\n"
        "T 4,四队,C01,T-1,abc\n"
        "T05,五队,C01\n");
    auto rows = check_teams(file, domain::TeamRules{});
    REQUIRE_FALSE(rows.ok());
    const auto& e = rows.error();
    CHECK(has_error(e, 3, "also on line 2"));
    CHECK(has_error(e, 4, "required"));
    CHECK(has_error(e, 4, "from 1 to 100000"));
    CHECK(has_error(e, 5, "letters, digits"));
    CHECK(has_error(e, 5, "'abc'"));
    CHECK(has_error(e, 6, "3 fields, the header has 5"));
    CHECK(std::none_of(e.begin(), e.end(), [](const ImportError& x) { return x.line == 2; }));
}

TEST_CASE("import teams: a missing or unknown header column is an error on the header line") {
    auto rows = check_teams(csv("team_id,name,centre,township\nT1,a,C,T\n"), domain::TeamRules{});
    REQUIRE_FALSE(rows.ok());
    CHECK(has_error(rows.error(), 1, "unknown column"));
    CHECK(has_error(rows.error(), 1, "no column 'center_id'"));
}
