// The report tables: text aligned with CJK counted double-width, CSV, JSON;
// coverage against the targets; quality findings with their records;
// reconciliation against the kiosk's ledger digest.
#include <doctest/doctest.h>

#include <sstream>

#include "hub/admin/coverage_report.hpp"
#include "hub/admin/quality_report.hpp"
#include "hub/admin/reconcile.hpp"
#include "hub/admin/text_width.hpp"

using namespace jiayi::hub::admin;
namespace domain = jiayi::domain;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

// The display column where `needle` starts in `line`.
int column_of(const std::string& line, const std::string& needle) {
    const auto at = line.find(needle);
    REQUIRE(at != std::string::npos);
    return display_width(line.substr(0, at));
}

}  // namespace

TEST_CASE("text width: CJK and fullwidth count two columns, combining marks none") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("城西一队") == 8);
    CHECK(display_width("T1 城西") == 7);
    CHECK(display_width("ＡＢ") == 4);       // fullwidth forms
    CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
    CHECK(display_width("—") == 1);
}

TEST_CASE("table: text columns line up whatever mix of CJK and ASCII they hold") {
    Table t;
    t.title = "teams";
    t.columns = {{"team", "团队"}, {"signed", "signed", Align::Right}, {"note", "note"}};
    t.rows = {{Cell::of("城西一队"), Cell::count(1200), Cell::of("ok")},
              {Cell::of("T2"), Cell::count(7), Cell::of("备注")},
              {Cell::of("正阳卫生院二队"), Cell{"25.0 %", 25.0, true}, Cell::of("x")}};
    const auto lines = lines_of(to_text(t));
    // title, blank, header, rule, three rows, blank, legend
    REQUIRE(lines.size() >= 7);
    const int note_column = column_of(lines[2], "note");
    CHECK(column_of(lines[4], "ok") == note_column);
    CHECK(column_of(lines[5], "备注") == note_column);
    CHECK(column_of(lines[6], "x") == note_column);
    // Right-aligned numbers end in the same column.
    const int end_1200 = column_of(lines[4], "1200") + 4;
    CHECK(column_of(lines[5], "7") + 1 == end_1200);
    CHECK(column_of(lines[6], "25.0 %!") + display_width("25.0 %!") == end_1200);
    CHECK(lines[3].find_first_not_of("- ") == std::string::npos);
    CHECK(to_text(t).find("! below target") != std::string::npos);
}

TEST_CASE("table: CSV quotes what it must and lists below-target columns") {
    Table t;
    t.columns = {{"team", "团队"}, {"rate", "rate"}};
    t.rows = {{Cell::of("一队, 城西"), Cell{"25.0 %", 25.0, true}},
              {Cell::of("二队"), Cell{"40.0 %", 40.0, false}}};
    const std::string csv_text = to_csv(t);
    CHECK(csv_text == "team,rate,below_target\r\n\"一队, 城西\",25.0 %,rate\r\n二队,40.0 %,\r\n");
    auto back = read_csv(csv_text);
    REQUIRE(back.ok());
    CHECK(back->records[0].fields[0] == "一队, 城西");
}

TEST_CASE("coverage: each figure below its target is flagged, in text, CSV and JSON") {
    CoverageFigures township;
    township.township = "500114-101";
    township.population = 10000;
    township.residents_signed = 2500;           // 25 % < 30 %
    township.key_population = {1000, 650};      // 65 % ≥ 60 %
    township.disabled = {40, 40};               // 100 %
    township.registered_poor = {80, 79};        // 98.7 % < 100 %
    township.family_planning_special = {0, 0};  // nobody to sign: met
    township.renewals = {200, 150};
    township.refusals_with_notice = 12;
    township.awareness = {300, 240};
    township.satisfaction_sum = 1290;
    township.satisfaction_answers = 300;
    CoverageFigures team;
    team.township = "500114-101";
    team.team_id = "QJ-CX-01";
    team.team_name = "城西一队";
    team.residents_signed = 1400;
    team.key_population = {0, 400};
    team.disabled = {0, 25};
    CoverageFigures other;
    other.township = "500114-102";
    other.population = 1000;
    other.residents_signed = 300;      // exactly 30 %: met
    other.key_population = {100, 59};  // 59 % < 60 %

    const Table t =
        coverage_table({township, team, other}, domain::CoverageTargets{}, "coverage 2026Q4");
    REQUIRE(t.rows.size() == 4);  // township, its team, the other township, the total
    const auto key = [&](std::string_view k) {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            if (t.columns[i].key == k) {
                return i;
            }
        }
        FAIL("no column " << k);
        return std::size_t{0};
    };
    CHECK(t.rows[0][key("signed_rate")].text == "25.0 %");
    CHECK(t.rows[0][key("signed_rate")].below_target);
    CHECK_FALSE(t.rows[0][key("key_rate")].below_target);
    CHECK_FALSE(t.rows[0][key("disabled_rate")].below_target);
    CHECK(t.rows[0][key("poor_rate")].below_target);
    CHECK(t.rows[0][key("poor_rate")].text == "98.7 %");
    CHECK_FALSE(t.rows[0][key("family_planning_rate")].below_target);
    CHECK(t.rows[0][key("satisfaction")].text == "4.3");
    CHECK(t.rows[0][key("awareness_rate")].text == "80.0 %");
    CHECK(t.rows[1][key("team")].text == "QJ-CX-01 城西一队");
    CHECK(t.rows[1][key("key_signed")].text == "400");
    CHECK_FALSE(t.rows[2][key("signed_rate")].below_target);
    CHECK(t.rows[2][key("key_rate")].below_target);
    CHECK(t.rows[3][key("township")].text == "total");
    CHECK(t.rows[3][key("population")].text == "11000");

    // JSON: parses, carries numbers, lists the flagged columns per row.
    const auto json = nlohmann::json::parse(to_json(t).dump());
    CHECK(json["rows"][0]["signed_rate"].get<double>() == doctest::Approx(25.0));
    CHECK(json["rows"][0]["population"].get<double>() == 10000);
    const auto below = json["rows"][0]["below_target"];
    CHECK(std::find(below.begin(), below.end(), "signed_rate") != below.end());
    CHECK(std::find(below.begin(), below.end(), "poor_rate") != below.end());
    CHECK(std::find(below.begin(), below.end(), "key_rate") == below.end());
    CHECK(json["rows"][2]["below_target"] == nlohmann::json::array({"key_rate"}));
    // CSV: the same flags in its last column.
    auto csv_file = read_csv(to_csv(t));
    REQUIRE(csv_file.ok());
    CHECK(csv_file->records[0].fields.back() == "signed_rate;poor_rate");
    CHECK(csv_file->records[2].fields.back() == "key_rate");
    // Text: the mark after the figure.
    CHECK(to_text(t).find("25.0 %!") != std::string::npos);
}

TEST_CASE("coverage: quarters") {
    auto q = parse_quarter("2026-Q4");
    REQUIRE(q);
    CHECK(q->first() == domain::Date{2026, 10, 1});
    CHECK(q->after() == domain::Date{2027, 1, 1});
    CHECK(parse_quarter("2026q2")->after() == domain::Date{2026, 7, 1});
    CHECK_FALSE(parse_quarter("2026Q5"));
    CHECK(quarter_of({2026, 3, 31}).label() == "2026Q1");
}

TEST_CASE("quality: shared phones district-wide, hours, evidence and awareness, with records") {
    QualityInput in;
    // Five residents on one number across two teams (threshold 5): flagged.
    for (int i = 0; i < 5; ++i) {
        SigningRecord s;
        s.record_id = "ep-" + std::to_string(i);
        s.resident_id = "pat-" + std::to_string(i);
        s.name = "测试" + std::string(i % 2 ? "甲乙" : "丙丁");
        s.phone = "13900001234";
        s.team_id = i < 3 ? "T1" : "T2";
        s.center_id = "C1";
        s.evidence = i == 0 ? Evidence::ManualEntry : Evidence::CardAndSignature;
        s.local_date = {2026, 12, 2};  // a Wednesday
        s.local_minute = 9 * 60;
        in.signings.push_back(s);
    }
    // Four on another number: not flagged. One of them signed on a Sunday,
    // one at 19:30, one back-filled at midnight (not judged).
    for (int i = 0; i < 4; ++i) {
        SigningRecord s;
        s.record_id = "ep-b" + std::to_string(i);
        s.resident_id = "pat-b" + std::to_string(i);
        s.name = "测试戊";
        s.phone = "13800005678";
        s.team_id = "T1";
        s.center_id = "C1";
        s.evidence = Evidence::CardAndSignature;
        s.local_date = {2026, 12, 2};
        s.local_minute = 10 * 60;
        in.signings.push_back(s);
    }
    in.signings[5].local_date = {2026, 12, 6};  // ep-b0, on a Sunday
    in.signings[6].local_minute = 19 * 60 + 30;
    in.signings[7].evidence = Evidence::Backfill;
    in.signings[7].local_minute = 0;
    in.hours.push_back(CenterHours{"C1", 8 * 60, 17 * 60 + 30, 0x1F});
    in.awareness = {{"qr-1", "pat-0", "测试甲乙", "13900001234", "T1", true},
                    {"qr-2", "pat-1", "测试丙丁", "13900001234", "T1", false},
                    {"qr-3", "pat-3", "王小明", "13700009999", "T2", true}};

    const QualityReport r = quality_report(in, domain::PhoneRules{});
    REQUIRE(r.shared_phones.rows.size() == 1);
    CHECK(r.shared_phones.rows[0][0].text == "*******1234");
    CHECK(r.shared_phones.rows[0][1].text == "5");
    CHECK(r.shared_phones.rows[0][2].text == "T1 T2");
    CHECK(r.shared_phones.rows[0][3].text == "ep-0 ep-1 ep-2 ep-3 ep-4");

    REQUIRE(r.outside_hours.rows.size() == 2);
    CHECK(r.outside_hours.rows[0][1].text == "ep-b0");  // the Sunday
    CHECK(r.outside_hours.rows[1][1].text == "ep-b1");  // 19:30; ep-b2's back-fill is not judged
    CHECK(r.outside_hours.rows[1][3].text == "19:30");

    REQUIRE(r.evidence.rows.size() == 2);
    CHECK(r.evidence.rows[0][0].text == "T1");
    CHECK(r.evidence.rows[0][1].text == "7");
    CHECK(r.evidence.rows[0][4].text == "1");       // manual entry
    CHECK(r.evidence.rows[0][6].text == "1");       // back-fill
    CHECK(r.evidence.rows[0][3].text == "71.4 %");  // 5 of 7 card + signature

    REQUIRE(r.awareness.rows.size() == 2);
    CHECK(r.awareness.rows[0][3].text == "50.0 %");
    REQUIRE(r.unaware.rows.size() == 1);
    CHECK(r.unaware.rows[0][1].text == "qr-2");

    // Nothing personal in clear in any format.
    const std::string text = to_text(r);
    const std::string json = to_json(r).dump();
    for (const std::string& clear : {std::string("13900001234"), std::string("13800005678"),
                                     std::string("测试甲乙"), std::string("王小明")}) {
        CHECK(text.find(clear) == std::string::npos);
        CHECK(json.find(clear) == std::string::npos);
    }
    CHECK(text.find("测*乙") != std::string::npos);
    CHECK(nlohmann::json::parse(json)["shared_phones"]["rows"][0]["residents"] == 5);
}

TEST_CASE("quality: weekdays") {
    CHECK(weekday({1970, 1, 1}) == 3);
    CHECK(weekday({2026, 12, 7}) == 0);  // a Monday
    CHECK(weekday({1969, 12, 28}) == 6);
}

// ---------------------------------------------------------------------------
// reconcile

namespace {

LedgerRecord contract(std::string id, std::string status = "active", std::int64_t fen = 3600) {
    LedgerRecord r;
    r.id = std::move(id);
    r.type = "new";
    r.status = std::move(status);
    r.team_id = "T1";
    r.start = {2026, 12, 3};
    r.end = {2027, 12, 2};
    r.total_fen = fen;
    return r;
}

LedgerRecord opt_out(std::string id) {
    LedgerRecord r;
    r.kind = LedgerRecord::Kind::OptOut;
    r.id = std::move(id);
    r.date = {2026, 12, 3};
    r.notice_version = "2026-1";
    return r;
}

}  // namespace

TEST_CASE("reconcile: the digest line is read as `jiayi ledger digest` prints it") {
    const std::string hash(64, 'a');
    auto d = parse_ledger_digest("2026-12-03  contracts 3  opt-outs 1  blake2b " + hash + "\n");
    REQUIRE(d.ok());
    CHECK(d->date == domain::Date{2026, 12, 3});
    CHECK(d->contracts == 3);
    CHECK(d->opt_outs == 1);
    CHECK_FALSE(parse_ledger_digest("2026-12-03 contracts 3 opt-outs 1").ok());
    CHECK_FALSE(parse_ledger_digest("2026-12-03  contracts x  opt-outs 1  blake2b " + hash).ok());
}

TEST_CASE("reconcile: canonical lines and hash are the kiosk's") {
    // The kiosk's format (kiosk/store/store.hpp): records in id order, one line each.
    CHECK(canonical_line(contract("b")) == "contract|b|new|active|T1|2026-12-03|2027-12-02|3600");
    CHECK(canonical_line(opt_out("a")) == "opt-out|a|2026-12-03|2026-1");
    // BLAKE2b-256 of the empty string (RFC 7693's parameters, 32-byte output).
    CHECK(digest_of({2026, 12, 3}, {}).blake2b_hex ==
          "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    // Order does not matter to the hub: it sorts as the kiosk does.
    CHECK(digest_of({2026, 12, 3}, {contract("b"), opt_out("a")}).blake2b_hex ==
          digest_of({2026, 12, 3}, {opt_out("a"), contract("b")}).blake2b_hex);
}

TEST_CASE("reconcile: equal digests agree, and otherwise the export names the differing records") {
    const std::vector<LedgerRecord> kiosk_records = {contract("c-1"), contract("c-2"),
                                                     opt_out("o-1")};
    const LedgerDigest kiosk = digest_of({2026, 12, 3}, kiosk_records);
    auto same = reconcile(kiosk, kiosk_records, nullptr);
    CHECK(same.agrees());
    CHECK(same.counts_agree);

    // The hub lacks c-2, holds c-3 the kiosk does not list, and has c-1 superseded.
    const std::vector<LedgerRecord> hub = {contract("c-1", "superseded"), contract("c-3"),
                                           opt_out("o-1")};
    auto digest_only = reconcile(kiosk, hub, nullptr);
    CHECK_FALSE(digest_only.agrees());
    CHECK(digest_only.counts_agree);  // 2 + 1 on both sides, yet not the same records
    CHECK_FALSE(digest_only.hash_agree);
    CHECK(to_text(reconcile_table(digest_only, "kiosk-07")).find("jiayi ledger export") !=
          std::string::npos);

    auto exported = read_csv(
        "created_at_utc,record_type,action,status,record_id,name,document,document_kind,team,"
        "packages,total,resident_pays,channel,operator,center_state\n"
        "2026-12-03T01:00:00Z,contract,new,active,c-1,测*,5001**********0011,resident-id,T1,basic,"
        "36.00,12.00,kiosk,n1,acknowledged\n"
        "2026-12-03T02:00:00Z,contract,new,active,c-2,测*,5001**********0025,resident-id,T1,basic,"
        "36.00,12.00,kiosk,n1,pending\n"
        "2026-12-03T03:00:00Z,opt-out,decline,,o-1,测*,5001**********0037,resident-id,,,0.00,0.00,"
        "kiosk,n1,acknowledged\n");
    REQUIRE(exported.ok());
    auto rows = read_ledger_export(exported.value());
    REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : describe(rows.error())));
    auto full = reconcile(kiosk, hub, &rows.value());
    CHECK(full.only_on_kiosk == std::vector<std::string>{"c-2"});
    CHECK(full.only_on_hub == std::vector<std::string>{"c-3"});
    REQUIRE(full.differing.size() == 1);
    CHECK(full.differing[0].id == "c-1");
    CHECK(full.differing[0].what == "status: kiosk active, hub superseded");
    const auto json = to_json(reconcile_table(full, "kiosk-07"));
    CHECK(json["title"].get<std::string>().find("differs") != std::string::npos);
    CHECK(json["rows"].size() == 5);  // counts, hash, kiosk only, hub only, both
}
