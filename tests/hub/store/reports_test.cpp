// The district's reports read from a hub the kiosks wrote to (HubService,
// with the bundles kiosk/fhir builds) and the administrator imported into,
// on SQLite and on PostgreSQL: the figures, the records behind each finding,
// and the masking of what the text shows.
#include <doctest/doctest.h>

#include "hub/admin/coverage_report.hpp"
#include "hub/admin/quality_report.hpp"
#include "hub/admin/reconcile.hpp"
#include "hub/store/reports.hpp"
#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"
#include "kiosk/domain/money.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/feedback.hpp"
#include "kiosk/fhir/terminology.hpp"
#include "support/fhir_samples.hpp"

using namespace jiayi;
using namespace jiayi::test;
namespace admin = jiayi::hub::admin;
namespace mapping = jiayi::fhir;

namespace {

constexpr domain::Date kToday{2026, 12, 1};  // kNow, in the district
const std::string kTownship = kKiosk.township;
const std::string kOtherTownship = kOtherKiosk.township;

// A made-up resident: a checked ID number from the test region, a 测试 name.
mapping::Resident person(int n, const std::string& phone) {
    char sequence[8];
    std::snprintf(sequence, sizeof sequence, "%03d", n);
    char id[40];
    std::snprintf(id, sizeof id, "6f1c1b0e-0000-4000-8000-%012d", n);
    return {id, document_of(make_id("500114", "19800101", sequence), kToday),
            std::string("测试") + static_cast<char>('A' + n % 26), phone, ""};
}

std::string contract_id(int n) {
    char id[40];
    std::snprintf(id, sizeof id, "0a7e5c2a-0000-4000-8000-%012d", n);
    return id;
}

// A signing as a kiosk's outbox sends it, signed at `signed_at`.
mapping::SigningSubmission signing(int n, const std::string& team, const std::string& phone,
                                   Instant signed_at, domain::Channel channel,
                                   const std::string& kiosk = kKiosk.kiosk) {
    mapping::SigningSubmission s;
    s.resident = person(n, phone);
    domain::Contract& c = s.episode.contract;
    c.id = contract_id(n);
    c.resident_id = s.resident.id;
    c.team_id = team;
    c.package_ids = {"basic"};
    c.fees.lines = {{"basic", domain::Payer::InsuranceFund, domain::Money{1200}},
                    {"basic", domain::Payer::PublicHealth, domain::Money{1200}},
                    {"basic", domain::Payer::Personal, domain::Money{1200}}};
    c.start = kToday;
    c.end = domain::Date{2027, 11, 30};
    c.channel = channel;
    if (channel == domain::Channel::Import) {
        s.episode.back_fill = mapping::BackFill{domain::Date{2026, 11, 20}, "PAPER-0001", "N0001"};
    } else {
        s.signature = mapping::SignatureEvidence{
            contract_id(n + 500), "",    signed_at, {0x89, 'P', 'N', 'G'},
            domain::Signer{},     kiosk, ""};
    }
    return s;
}

// 2026-12-01 (a Tuesday) at a local hour.
Instant local(int hour) {
    return Instant{domain::start_of(kToday, 480).unix_seconds + hour * 3600};
}

void must(const hub::fhir::Answer& answer) {
    REQUIRE_MESSAGE(answer.status < 300, answer.body.dump());
}

// One township of 10 residents with two teams, and a second township:
//   1  kiosk, card + signature, 10:00, phone …0009   (team A)
//   2  nurse-assisted, 11:00                          (team A)
//   3  back-filled from paper                         (team B)
//   4  the other township's kiosk at 22:00, phone …0009 (team C)
//   5  declined, with the informed notice
//   6  flagged registered-poor, never signed; 1 flagged disabled
void seed(Hub& hub, hub::db::Database& database) {
    const std::vector<hub::store::TownshipRecord> townships = {
        {kTownship, "城西街道（测试）", 10}, {kOtherTownship, "正阳街道（测试）", 0}};
    REQUIRE(hub::store::import_townships(database, townships).ok());
    hub.teams({{"team-a", "一队", "hc-1", kTownship, 1500, false},
               {"team-b", "二队", "hc-1", kTownship, 1500, false},
               {"team-c", "三队", "hc-2", kOtherTownship, 1500, false}});
    must(hub.post(mapping::signing_bundle(
        signing(1, "team-a", "13800000009", local(10), domain::Channel::Kiosk))));
    must(hub.post(mapping::signing_bundle(
        signing(2, "team-a", "13800000002", local(11), domain::Channel::NurseAssisted))));
    must(hub.post(
        mapping::signing_bundle(signing(3, "team-b", "", local(12), domain::Channel::Import))));
    must(hub.post(mapping::signing_bundle(signing(4, "team-c", "13800000009", local(22),
                                                  domain::Channel::Kiosk, kOtherKiosk.kiosk)),
                  kOtherKiosk));

    mapping::OptOutSubmission decline;
    decline.resident = person(5, "");
    decline.opt_out = {contract_id(5),   decline.resident.id, kToday,
                       domain::Signer{}, "notice-2025-1",     domain::Channel::Kiosk};
    decline.signature = mapping::SignatureEvidence{
        contract_id(505), "", local(15), {0x89, 'P', 'N', 'G'}, domain::Signer{}, kKiosk.kiosk, ""};
    must(hub.post(mapping::opt_out_bundle(decline)));

    // Resident 1 rates the signing 4 and does not know their doctor.
    const mapping::FeedbackRecord feedback{contract_id(601), "EpisodeOfCare/" + contract_id(1),
                                           domain::Feedback{4, false}, local(10)};
    must(hub.put("QuestionnaireResponse/" + feedback.id,
                 mapping::to_questionnaire_response(feedback)));

    const std::vector<hub::store::FlagRecord> flags = {
        {"flag-1", std::string(mapping::kResidentIdSystem), person(1, "").document.number,
         "disabled", true, kTownship},
        {"flag-6", std::string(mapping::kResidentIdSystem), person(6, "").document.number,
         "registered-poor", true, kTownship},
    };
    auto flagged = hub::store::import_flags(database, hub::store::HubRules{}, flags, kNow);
    REQUIRE_MESSAGE(flagged.ok(), (flagged.ok() ? "" : flagged.error().diagnostics));
}

const admin::CoverageFigures& line_of(const std::vector<admin::CoverageFigures>& figures,
                                      const std::string& township, const std::string& team) {
    for (const auto& f : figures) {
        if (f.township == township && f.team_id == team) {
            return f;
        }
    }
    FAIL("no line for " << township << " / " << team);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("report coverage: signed against the imported population, key populations, feedback") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        seed(hub, database);
        const admin::Quarter quarter = *admin::parse_quarter("2026Q4");
        auto figures = hub::store::coverage_figures(database, {quarter, std::nullopt, kToday});
        REQUIRE_MESSAGE(figures.ok(), (figures.ok() ? "" : figures.error().diagnostics));
        const auto& all = figures.value();

        const auto& township = line_of(all, kTownship, "");
        CHECK(township.population == 10);
        CHECK(township.residents_signed == 3);  // 30 %: meets the target
        CHECK(township.key_population.total == 2);
        CHECK(township.key_population.signed_count == 1);
        CHECK(township.disabled.total == 1);
        CHECK(township.disabled.signed_count == 1);
        CHECK(township.registered_poor.total == 1);
        CHECK(township.registered_poor.signed_count == 0);
        CHECK(township.refusals_with_notice == 1);
        CHECK(township.awareness.total == 1);
        CHECK(township.awareness.signed_count == 0);
        CHECK(township.satisfaction_sum == 4);
        CHECK(township.satisfaction_answers == 1);
        CHECK(line_of(all, kTownship, "team-a").residents_signed == 2);
        CHECK(line_of(all, kTownship, "team-a").team_name == "一队");
        CHECK(line_of(all, kTownship, "team-a").disabled.signed_count == 1);
        CHECK(line_of(all, kTownship, "team-b").residents_signed == 1);
        CHECK(line_of(all, kOtherTownship, "").residents_signed == 1);
        // Township lines come first, each followed by its teams.
        REQUIRE(all.size() == 5);
        CHECK(all[0].team_id.empty());
        CHECK(all[0].township == kTownship);

        const auto table = admin::coverage_table(all, domain::CoverageTargets{}, "2026Q4");
        const std::string text = admin::to_text(table);
        CHECK(text.find("30.0 %") != std::string::npos);
        CHECK(text.find("30.0 %!") == std::string::npos);  // at the target, not below it
        CHECK(text.find("0.0 %!") != std::string::npos);   // registered poor: none signed

        // One township only; a quarter with nothing in it.
        auto one = hub::store::coverage_figures(database, {quarter, kOtherTownship, kToday});
        REQUIRE(one.ok());
        REQUIRE(one.value().size() == 2);
        CHECK(one.value()[0].township == kOtherTownship);
        auto before = hub::store::coverage_figures(
            database, {*admin::parse_quarter("2026Q3"), std::nullopt, kToday});
        REQUIRE(before.ok());
        CHECK(line_of(before.value(), kTownship, "").residents_signed == 0);
        CHECK(line_of(before.value(), kTownship, "").refusals_with_notice == 0);
    });
}

TEST_CASE("report quality: evidence per team, a phone shared across kiosks, a signing at 22:00") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        seed(hub, database);
        auto input = hub::store::quality_input(database, {});
        REQUIRE_MESSAGE(input.ok(), (input.ok() ? "" : input.error().diagnostics));
        REQUIRE(input.value().signings.size() == 4);
        std::map<std::string, admin::Evidence> evidence;
        for (const auto& s : input.value().signings) {
            evidence[s.record_id] = s.evidence;
        }
        CHECK(evidence[contract_id(1)] == admin::Evidence::CardAndSignature);
        CHECK(evidence[contract_id(2)] == admin::Evidence::ManualEntry);
        CHECK(evidence[contract_id(3)] == admin::Evidence::Backfill);
        CHECK(evidence[contract_id(4)] == admin::Evidence::CardAndSignature);

        const auto report = admin::quality_report(input.value(), domain::PhoneRules{2});
        // The number on file for residents 1 and 4, signed at two kiosks of two townships.
        REQUIRE(report.shared_phones.rows.size() == 1);
        const std::string records = report.shared_phones.rows[0][3].text;
        CHECK(records.find(contract_id(1)) != std::string::npos);
        CHECK(records.find(contract_id(4)) != std::string::npos);
        // Only the 22:00 signing is outside 08:00–17:30; the back-fill is not judged.
        REQUIRE(report.outside_hours.rows.size() == 1);
        CHECK(report.outside_hours.rows[0][1].text == contract_id(4));
        CHECK(report.outside_hours.rows[0][3].text == "22:00");
        // The resident who does not know their doctor, to call back.
        REQUIRE(report.unaware.rows.size() == 1);

        const std::string text = admin::to_text(report);
        CHECK(text.find("*******0009") != std::string::npos);
        CHECK(text.find("13800000009") == std::string::npos);
        CHECK(text.find("测试B") == std::string::npos);  // resident 1's name, masked
        CHECK(text.find(contract_id(601)) != std::string::npos);

        // Hours from the configuration: a center open until 23:00 has no finding.
        auto late = hub::store::quality_input(database, {std::nullopt, 480, 8 * 60, 23 * 60});
        REQUIRE(late.ok());
        CHECK(admin::quality_report(late.value(), domain::PhoneRules{}).outside_hours.rows.empty());
        // A quarter without signings.
        auto empty = hub::store::quality_input(database, {admin::parse_quarter("2026Q3")});
        REQUIRE(empty.ok());
        CHECK(empty.value().signings.empty());
    });
}

TEST_CASE("reconcile: the hub's day for a kiosk, in the digest's canonical form") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        seed(hub, database);
        auto records = hub::store::ledger_records(database, kKiosk.kiosk, kToday, 480);
        REQUIRE_MESSAGE(records.ok(), (records.ok() ? "" : records.error().diagnostics));
        // Kiosk 1's day: contracts 1, 2, 3 and the opt-out; not kiosk 2's contract 4.
        REQUIRE(records.value().size() == 4);
        CHECK(admin::canonical_line(records.value()[0]) ==
              "contract|" + contract_id(1) + "|new|active|team-a|2026-12-01|2027-11-30|3600");
        CHECK(admin::canonical_line(records.value()[3]) ==
              "opt-out|" + contract_id(5) + "|2026-12-01|notice-2025-1");

        // The kiosk's ledger holds the same records: the digests agree.
        const auto same = admin::digest_of(kToday, records.value());
        CHECK(admin::reconcile(same, records.value(), nullptr).agrees());

        // The kiosk holds one more contract that never reached the hub.
        auto kiosk_side = records.value();
        admin::LedgerRecord missing = kiosk_side[0];
        missing.id = contract_id(9);
        kiosk_side.push_back(missing);
        std::vector<admin::KioskLedgerRow> rows;
        for (const auto& r : kiosk_side) {
            const bool contract = r.kind == admin::LedgerRecord::Kind::Contract;
            rows.push_back({0, contract ? "contract" : "opt-out", r.id, r.type, r.status, r.team_id,
                            contract ? domain::to_yuan_string(domain::Money{r.total_fen}) : ""});
        }
        const auto result =
            admin::reconcile(admin::digest_of(kToday, kiosk_side), records.value(), &rows);
        CHECK_FALSE(result.hash_agree);
        CHECK_FALSE(result.counts_agree);
        REQUIRE(result.only_on_kiosk.size() == 1);
        CHECK(result.only_on_kiosk[0] == contract_id(9));
        CHECK(result.only_on_hub.empty());
        CHECK(result.differing.empty());

        // Another day, and the other kiosk's day.
        auto other_day = hub::store::ledger_records(database, kKiosk.kiosk, {2026, 12, 2}, 480);
        REQUIRE(other_day.ok());
        CHECK(other_day.value().empty());
        auto other = hub::store::ledger_records(database, kOtherKiosk.kiosk, kToday, 480);
        REQUIRE(other.ok());
        REQUIRE(other.value().size() == 1);
        CHECK(other.value()[0].id == contract_id(4));
    });
}

TEST_CASE("import townships: created, then unchanged, then changed — one township per code") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        std::vector<hub::store::TownshipRecord> rows = {{"T-1", "一镇", 100}, {"T-2", "二镇", 50}};
        auto first = hub::store::import_townships(database, rows);
        REQUIRE(first.ok());
        CHECK(first.value().created == 2);
        auto again = hub::store::import_townships(database, rows);
        REQUIRE(again.ok());
        CHECK(again.value().unchanged == 2);
        rows[1].population = 60;
        auto changed = hub::store::import_townships(database, rows);
        REQUIRE(changed.ok());
        CHECK(changed.value().changed == 1);
        CHECK(hub.count("SELECT COUNT(*) FROM townships") == 2);
        CHECK(hub.count("SELECT population FROM townships WHERE code = 'T-2'") == 60);
    });
}
