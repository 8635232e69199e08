// The four imports, checked row by row: good files give typed rows, bad files
// every error with its line (and nothing else: the store applies all or none).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "hub/admin/import_contracts.hpp"
#include "hub/admin/import_flags.hpp"
#include "hub/admin/import_slots.hpp"
#include "hub/admin/import_teams.hpp"
#include "hub/admin/name_uuid.hpp"
#include "hub/admin/table.hpp"
#include "support/people.hpp"

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
    for (std::string_view header : {"team_id,name,center_id,township,capacity,closed",
                                    "团队编号,团队名称,卫生院编号,乡镇编码,签约上限,停止签约"}) {
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
    const auto file =
        csv("team_id,name,center_id,township,capacity\n"
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

TEST_CASE("import teams: the lead doctor, phone, specialties and villages are optional columns") {
    const auto file =
        csv("团队编号,团队名称,卫生院编号,乡镇编码,团队长,联系电话,特色服务,服务村居\n"
            "T01,城西一队,C01,T-1,王医生,023-6512 3456,慢病管理、中医,张家村、 李家村；河口社区\n"
            "T02,城西二队,C01,T-1,,,,\n"
            "T03,城西三队,C01,T-1,赵医生,call me,,\n");
    auto rows = check_teams(file, domain::TeamRules{});
    REQUIRE_FALSE(rows.ok());
    CHECK(has_error(rows.error(), 4, "'call me': digits"));
    CHECK(rows.error().size() == 1);

    auto good = check_teams(csv("team_id,name,center_id,township,leader,leader_phone,specialties,"
                                "villages\n"
                                "T01,城西一队,C01,T-1,王医生,023-6512 3456,慢病管理、中医,"
                                "张家村、 李家村；河口社区|\n"
                                "T02,城西二队,C01,T-1,,,,\n"),
                            domain::TeamRules{});
    REQUIRE_MESSAGE(good.ok(), (good.ok() ? "" : describe(good.error())));
    const TeamRow& first = good.value()[0];
    CHECK(first.leader == "王医生");
    CHECK(first.leader_phone == "023-6512 3456");
    CHECK(first.specialties == std::vector<std::string>{"慢病管理", "中医"});
    CHECK(first.villages == std::vector<std::string>{"张家村", "李家村", "河口社区"});
    const TeamRow& second = good.value()[1];
    CHECK(second.leader.empty());
    CHECK(second.villages.empty());
}

TEST_CASE("import teams: a missing or unknown header column is an error on the header line") {
    auto rows = check_teams(csv("team_id,name,centre,township\nT1,a,C,T\n"), domain::TeamRules{});
    REQUIRE_FALSE(rows.ok());
    CHECK(has_error(rows.error(), 1, "unknown column"));
    CHECK(has_error(rows.error(), 1, "no column 'center_id'"));
}

// ---------------------------------------------------------------------------
// flags

namespace {

const domain::Date kToday{2026, 12, 1};

std::string id(const std::string& birth, const std::string& sequence) {
    return jiayi::test::make_id("500114", birth, sequence);
}

}  // namespace

TEST_CASE("import flags: Chinese and English categories, a disability with its grade") {
    const auto file =
        csv("身份证号,人群类别,残疾等级,乡镇编码,开始日期,结束日期\n" + id("19500101", "001") +
            ",建档立卡贫困人口,,T1,2025-01-01,\n" + id("19620315", "002") +
            ",残疾人,二级,T1,2024/11/20,\n" + id("19781108", "003") + ",低保,,T2,2026年1月5日,\n" +
            id("19781108", "013") + ",特困,,T2,20260105,\n" + id("20010620", "004") +
            ",Pregnancy,,T1,2026-06-01,2027-03-31\n" + id("19451201", "005") +
            ",family planning special,,T2,2023-01-01,\n" + id("19451201", "015") +
            ",TB,,T2,2023-01-01,\n" + id("19451201", "025") + ",严重精神障碍,,T2,2023-01-01,\n" +
            id("19451201", "035") + ",diabetes,,T2,2023-01-01,\n");
    auto rows = check_flags(file, kToday);
    REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
    REQUIRE(rows->size() == 9);
    using P = domain::Population;
    const std::vector<P> expected = {P::RegisteredPoor,
                                     P::Disabled,
                                     P::MinimumLivingAllowance,
                                     P::Destitute,
                                     P::Pregnant,
                                     P::FamilyPlanningSpecial,
                                     P::Tuberculosis,
                                     P::SevereMentalDisorder,
                                     P::Diabetes2};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(rows.value()[i].category == expected[i]);
    }
    CHECK(rows.value()[1].disability_grade == 2);
    CHECK(rows.value()[2].start == domain::Date{2026, 1, 5});
    CHECK(rows.value()[4].end == domain::Date{2027, 3, 31});
}

TEST_CASE("import flags: bad rows name their line and column") {
    std::string bad_check = id("19500101", "001");
    bad_check.back() = bad_check.back() == '1' ? '2' : '1';
    const auto file = csv("id_number,category,grade,township,start,end\n" + bad_check +
                          ",hypertension,,T1,2025-01-01,\n" +                              // 2
                          id("19620315", "002") + ",disabled,,T1,2025-01-01,\n" +          // 3
                          id("19620315", "012") + ",disabled,5,T1,2025-01-01,\n" +         // 4
                          id("19620315", "022") + ",diabetes,2,T1,2025-01-01,\n" +         // 5
                          id("19620315", "032") + ",elderly,,T1,2025-01-01,\n" +           // 6
                          id("19620315", "042") + ",vip,,T1,2025-01-01,\n" +               // 7
                          id("19620315", "052") + ",高血压,,T1,2027-01-01,\n" +            // 8
                          id("19620315", "062") + ",高血压,,T1,2025-01-01,2024-01-01\n" +  // 9
                          id("19620315", "072") + ",高血压,,T1,2025-02-30,\n" +            // 10
                          id("19620315", "082") + ",高血压,,T1,2025-01-01,\n" +            // 11
                          id("19620315", "082") + ",hypertension,,T1,2025-01-01,\n");      // 12
    auto rows = check_flags(file, kToday);
    REQUIRE_FALSE(rows.ok());
    const auto& e = rows.error();
    CHECK(has_error(e, 2, "check character"));
    CHECK(has_error(e, 3, "needs its grade"));
    CHECK(has_error(e, 4, "not a disability grade"));
    CHECK(has_error(e, 5, "only for a disability"));
    CHECK(has_error(e, 6, "birth date"));
    CHECK(has_error(e, 7, "not a key-population category"));
    CHECK(has_error(e, 8, "in the future"));
    CHECK(has_error(e, 9, "ends before it starts"));
    CHECK(has_error(e, 10, "not a real date"));
    CHECK(has_error(e, 12, "on line 11"));
    // Errors never repeat the resident's ID number.
    for (const auto& x : e) {
        CHECK(x.message.find(id("19620315", "082")) == std::string::npos);
        CHECK(x.message.find(bad_check) == std::string::npos);
    }
}

// ---------------------------------------------------------------------------
// slots: the pool rule

namespace {

// One hospital day of `total` slots, the first `pool` of them in the pool.
std::string slot_day(std::string_view hospital, int total, int pool) {
    std::string out;
    for (int i = 0; i < total; ++i) {
        const int start = 8 * 60 + i * 10;
        char line[200];
        std::snprintf(line, sizeof line, "%s,内科,王医生,2026-12-03,%02d:%02d,%02d:%02d,%s\n",
                      std::string(hospital).c_str(), start / 60, start % 60, (start + 10) / 60,
                      (start + 10) % 60, i < pool ? "是" : "否");
        out += line;
    }
    return out;
}

const std::string kSlotHeader = "医院,科室,医生,日期,开始时间,结束时间,号源池\n";

}  // namespace

TEST_CASE("import slots: a hospital day at exactly 20 % passes, one slot fewer is refused") {
    auto at_boundary =
        check_slots(csv(kSlotHeader + slot_day("中心医院", 20, 4)), domain::BookingRules{});
    REQUIRE_MESSAGE(at_boundary.ok(), (at_boundary.ok() ? "" : describe(at_boundary.error())));
    CHECK(at_boundary->size() == 20);
    CHECK(std::count_if(at_boundary->begin(), at_boundary->end(),
                        [](const SlotRow& s) { return s.pool; }) == 4);

    auto below =
        check_slots(csv(kSlotHeader + slot_day("中心医院", 20, 3)), domain::BookingRules{});
    REQUIRE_FALSE(below.ok());
    REQUIRE(below.error().size() == 1);
    CHECK(below.error()[0].line == 2);
    CHECK(below.error()[0].message ==
          "中心医院 2026-12-03: 3 of 20 slots in the pool (15 %), at least 4 needed");

    // 21 slots: 20 % is 4.2, so 4 is short and 5 are needed.
    auto odd = check_slots(csv(kSlotHeader + slot_day("中医院", 21, 4)), domain::BookingRules{});
    REQUIRE_FALSE(odd.ok());
    CHECK(odd.error()[0].message.find("4 of 21 slots in the pool (19 %), at least 5 needed") !=
          std::string::npos);
    CHECK(check_slots(csv(kSlotHeader + slot_day("中医院", 21, 5)), domain::BookingRules{}).ok());

    // The percentage is the configured one.
    domain::BookingRules strict;
    strict.pool_min_percent = 25;
    CHECK_FALSE(check_slots(csv(kSlotHeader + slot_day("中心医院", 20, 4)), strict).ok());
}

TEST_CASE("import slots: each hospital day is judged on its own, and bad rows name their line") {
    const std::string two_days =
        kSlotHeader + slot_day("甲医院", 10, 2) + slot_day("乙医院", 10, 1);
    auto rows = check_slots(csv(two_days), domain::BookingRules{});
    REQUIRE_FALSE(rows.ok());
    REQUIRE(rows.error().size() == 1);
    CHECK(rows.error()[0].line == 12);
    CHECK(rows.error()[0].message.starts_with("乙医院 2026-12-03: 1 of 10"));

    auto bad = check_slots(csv(kSlotHeader + "甲医院,内科,王医生,2026-12-03,09:00,08:30,是\n"
                                             "甲医院,内科,王医生,2026-12-03,9:60,10:00,是\n"
                                             "甲医院,内科,王医生,2026-12-03,10:00,10:30,\n"
                                             "甲医院,内科,王医生,2026-12-03,11:00,11:30,是\n"
                                             "甲医院,内科,王医生,2026-12-03,11:00,11:30,是\n"),
                           domain::BookingRules{});
    REQUIRE_FALSE(bad.ok());
    CHECK(has_error(bad.error(), 2, "ends at or before"));
    CHECK(has_error(bad.error(), 3, "not a time"));
    CHECK(has_error(bad.error(), 4, "write yes or no"));
    CHECK(has_error(bad.error(), 6, "on line 5"));
}

TEST_CASE("import slots: where to go and the English names are optional columns") {
    // Without them (the older sheet): empty.
    auto plain = check_slots(csv(kSlotHeader + slot_day("中心医院", 5, 1)), domain::BookingRules{});
    REQUIRE(plain.ok());
    CHECK(plain->at(0).place.empty());
    CHECK(plain->at(0).department_en.empty());
    // With them, by their Chinese headers, a row may still leave them empty.
    auto named = check_slots(
        csv("医院,科室,医生,日期,开始时间,结束时间,号源池,就诊地点,医院英文名,科室英文名,"
            "就诊地点英文\n"
            "中心医院,内科,王医生,2026-12-03,08:00,08:10,是,门诊楼二楼,Central Hospital,"
            "Internal medicine,\"Outpatient building, 2nd floor\"\n"
            "中心医院,内科,王医生,2026-12-03,08:10,08:20,否,,,,\n"
            "中心医院,内科,王医生,2026-12-03,08:20,08:30,否,,,,\n"
            "中心医院,内科,王医生,2026-12-03,08:30,08:40,否,,,,\n"
            "中心医院,内科,王医生,2026-12-03,08:40,08:50,否,,,,\n"),
        domain::BookingRules{});
    REQUIRE_MESSAGE(named.ok(), (named.ok() ? "" : describe(named.error())));
    CHECK(named->at(0).place == "门诊楼二楼");
    CHECK(named->at(0).hospital_en == "Central Hospital");
    CHECK(named->at(0).department_en == "Internal medicine");
    CHECK(named->at(0).place_en == "Outpatient building, 2nd floor");
    CHECK(named->at(1).place.empty());
}

TEST_CASE("import slots: a slot's id is the same on every import of the schedule") {
    auto first = check_slots(csv(kSlotHeader + slot_day("中心医院", 5, 1)), domain::BookingRules{});
    auto again = check_slots(csv(kSlotHeader + slot_day("中心医院", 5, 1)), domain::BookingRules{});
    REQUIRE(first.ok());
    REQUIRE(again.ok());
    CHECK(first.value()[0].id == again.value()[0].id);
    CHECK(first.value()[0].id != first.value()[1].id);
}

// ---------------------------------------------------------------------------
// contracts: the back-fill

namespace {

const std::string kContractHeader =
    "身份证号,姓名,团队编号,签约日期,签约期限,协议编号,录入人员,服务包\n";

BackfillContext backfill_context() {
    return BackfillContext{kToday, domain::ContractRules{}, nullptr, nullptr};
}

}  // namespace

TEST_CASE("import contracts: good rows become contracts with a term and a stable id") {
    const std::string a = id("19500101", "001");
    const std::string file_text =
        kContractHeader + a + ",测试甲,T1,2026-03-15,1年,QJ-000123,staff-7,basic\n" +
        id("19620315", "002") + ",测试乙,T1,2026/4/2,,QJ-000124,staff-7,basic+tcm、chronic\n";
    auto rows = check_contracts(csv(file_text), backfill_context());
    REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
    REQUIRE(rows->size() == 2);
    const auto& first = rows.value()[0];
    CHECK(first.sign_date == domain::Date{2026, 3, 15});
    CHECK(first.end == domain::Date{2027, 3, 14});
    CHECK(first.id == backfill_contract_uuid("QJ-000123", a));
    CHECK(rows.value()[1].package_codes == std::vector<std::string>{"basic", "tcm", "chronic"});
    // Running the same file again names the same contracts.
    auto again = check_contracts(csv(file_text), backfill_context());
    REQUIRE(again.ok());
    CHECK(again.value()[0].id == first.id);
    CHECK(again.value()[1].id == rows.value()[1].id);
}

TEST_CASE("import contracts: the idempotency key is a standard UUID v5, pinned") {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") — SHA-1 and the layout.
    CHECK(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org") ==
          "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    CHECK(uuid_v5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "urn:jiayi:hub:import") ==
          kImportNamespace);
    // uuid.uuid5(ns, "backfill-contract|QJ-2026-000123|500114195001010011")
    CHECK(backfill_contract_uuid("QJ-2026-000123", "500114195001010011") ==
          "7300c81f-d07a-5d41-93fc-c76d3e1d9987");
    // Retyped with spaces or a lower-case check character: the same contract.
    CHECK(backfill_contract_uuid(" qj-2026-000123 ", "500114195001010011") ==
          backfill_contract_uuid("QJ-2026-000123", "500114195001010011"));
    CHECK(sha1("abc")[0] == 0xA9);  // FIPS 180-4 example: a9993e36…
    CHECK(sha1("abc")[19] == 0x9D);
}

TEST_CASE("import contracts: every refused row is reported with its reason, and none is returned") {
    std::string bad_check = id("19500101", "001");
    bad_check.back() = bad_check.back() == '1' ? '2' : '1';
    const std::string b = id("19620315", "002");
    const std::string c = id("19781108", "003");
    const std::string file_text =
        kContractHeader + bad_check + ",测试甲,T1,2026-03-15,1,F-1,s1,basic\n" +  // 2 checksum
        b + ",,T1,2020-03-15,1,F-2,s1,basic\n" +                                  // 3 name
        b + ",测试乙,T1,2026-12-02,1,F-3,s1,basic\n" +                            // 4 future
        c + ",测试丙,T1,2026-02-30,1,F-4,s1,basic\n" +                            // 5 not a date
        c + ",测试丙,T1,2025-03-01,2年,F-5,s1,basic\n" +                          // 6 term
        c + ",测试丙,T1,2024-03-01,1,,,\n" +            // 7 form, staff, packages
        c + ",测试丙,T1,2023-03-01,1,F-5,s1,basic\n" +  // 8 form for another? same resident
        b + ",测试乙,T1,2025-06-01,1,F-5,s1,basic\n" +  // 9 form of another resident
        b + ",测试乙,T2,2025-12-01,1,F-9,s1,basic\n" +  // 10 overlaps line 9
        b + ",测试乙,T1,2025-06-01,1,F-10,s1\n";        // 11 ragged
    auto rows = check_contracts(csv(file_text), backfill_context());
    REQUIRE_FALSE(rows.ok());
    const auto& e = rows.error();
    CHECK(has_error(e, 2, "check character"));
    CHECK(has_error(e, 3, "required"));
    CHECK(has_error(e, 4, "in the future"));
    CHECK(has_error(e, 5, "not a real date"));
    CHECK(has_error(e, 6, "district's term is 1"));
    CHECK(std::count_if(e.begin(), e.end(), [](const ImportError& x) { return x.line == 7; }) == 3);
    CHECK(has_error(e, 8, "same form and resident are on line 6"));
    CHECK(has_error(e, 9, "on line 6 for another resident"));
    CHECK(has_error(e, 10, "overlaps the contract on line 9"));
    CHECK(has_error(e, 11, "7 fields, the header has 8"));
    // The refusal report, sorted by line, names each.
    const Table report = refusal_table("refused", e);
    CHECK(report.rows.front()[0].text == "2");
    CHECK(report.rows.back()[0].text == "11");
}

TEST_CASE("import contracts: packages and teams are checked against the hub's when given") {
    domain::Catalogue catalogue;
    catalogue.packages.push_back(
        {"basic", "基础包", "Basic", domain::PackageKind::Basic, domain::yuan(36), {}});
    catalogue.packages.push_back(
        {"tcm", "中医包", "TCM", domain::PackageKind::Personalised, domain::yuan(60), {}});
    const std::set<std::string> teams = {"T1"};
    BackfillContext context = backfill_context();
    context.catalogue = &catalogue;
    context.known_teams = &teams;
    const std::string file_text =
        kContractHeader + id("19500101", "001") + ",测试甲,T1,2026-03-15,1,F-1,s1,basic+tcm\n" +
        id("19620315", "002") + ",测试乙,T9,2026-03-15,1,F-2,s1,tcm+spa\n";
    auto rows = check_contracts(csv(file_text), context);
    REQUIRE_FALSE(rows.ok());
    CHECK(has_error(rows.error(), 3, "not one of the hub's teams"));
    CHECK(has_error(rows.error(), 3, "'spa' is not a package"));
    CHECK(has_error(rows.error(), 3, "exactly one basic package"));
    CHECK(std::none_of(rows.error().begin(), rows.error().end(),
                       [](const ImportError& x) { return x.line == 2; }));
}

// ---------------------------------------------------------------------------
// the examples README points to

namespace {

CsvFile example(const std::string& name) {
    std::ifstream in(std::string(JIAYI_SOURCE_DIR) + "/hub/admin/examples/" + name,
                     std::ios::binary);
    REQUIRE(in);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return csv(bytes.str());
}

}  // namespace

TEST_CASE("import: the example files are accepted") {
    auto teams = check_teams(example("teams.csv"), domain::TeamRules{});
    CHECK_MESSAGE(teams.ok(), (teams.ok() ? "" : describe(teams.error())));
    auto flags = check_flags(example("flags.csv"), kToday);
    CHECK_MESSAGE(flags.ok(), (flags.ok() ? "" : describe(flags.error())));
    auto slots = check_slots(example("slots.csv"), domain::BookingRules{});
    CHECK_MESSAGE(slots.ok(), (slots.ok() ? "" : describe(slots.error())));
    auto contracts = check_contracts(example("contracts.csv"), backfill_context());
    REQUIRE_MESSAGE(contracts.ok(), (contracts.ok() ? "" : describe(contracts.error())));
    CHECK(contracts.value()[0].id == "7300c81f-d07a-5d41-93fc-c76d3e1d9987");
}
