#pragma once
// What the district's reports read from the hub (issue 10 "Reports the
// district asks for"): hub/admin's input structs filled from the tables and
// the stored resources, in one read transaction each (a consistent snapshot
// on both engines). hub/admin turns them into tables; nothing here formats.
//
// Where each figure comes from:
//   population          `townships` (import townships); 0 when not imported
//   residents signed    distinct residents with a contract (EpisodeOfCare, not
//                       cancelled) whose period covers the quarter's last day
//                       (or today, in the current quarter); township = the
//                       team's, team = the contract's
//   key populations     residents with an active Flag (import flags), in the
//                       flag's township (else the Patient's), plus residents
//                       the hub holds whose resident ID says ≥ 65 or ≤ 6 years
//                       old on that day (in their Patient's township).
//                       Signed = covered by a contract with any team; on a
//                       team line, those covered by that team
//   disabled, registered poor, family-planning special: the Flags of those codes
//   renewals            contracts whose period ended in the quarter (up to
//                       that day), and of those the ones followed by a later
//                       renewal or switch of the same resident
//   refusals with notice  Consents denying (拒签, the informed notice) dated in
//                       the quarter, in the township of the kiosk that sent them
//   awareness, satisfaction  QuestionnaireResponses authored in the quarter
//                       (local day); team = the contract they are about
//
// Evidence of a signing (report quality), from its EpisodeOfCare and the
// Provenance that targets it (the `signatures` table):
//   back-fill           the back-fill extension, or channel "import"
//   manual entry        channel "nurse-assisted", or a resident identified by a
//                       typed document (kOtherDocumentSystem) rather than a card
//   card + signature    channel kiosk / on-site event with a handwritten
//                       signature image in its Provenance
//   other               anything else (no signature on the hub)
// The signing's time is its signature's `recorded` (a back-fill: the paper's
// date; none: when the hub received it), in the district's zone.
//
// Reconcile: the records kiosk K created on day D, as K's ledger digest
// counts them — contracts whose first version K sent, dated by their
// signature (else by the hub's receipt), and opt-out Consents K sent dated D.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hub/admin/coverage_report.hpp"
#include "hub/admin/quality_report.hpp"
#include "hub/admin/reconcile.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"
#include "hub/store/imports.hpp"

namespace jiayi::hub::store {

struct TownshipRecord {
    std::string code;
    std::string name;
    std::int64_t population = 0;
};

// Townships created or updated (name, population), in one transaction.
Result<ImportSummary, fhir::Refusal> import_townships(db::Database& database,
                                                      std::span<const TownshipRecord> rows);

struct CoverageQuery {
    admin::Quarter quarter;
    std::optional<std::string> township;  // one township, or every one
    domain::Date today;                   // in the district's zone
    int utc_offset_minutes = 8 * 60;      // the district's zone, for the answers' days
};

// One line per township (townships imported, then any other a team names),
// each followed by its teams, in code order.
Result<std::vector<admin::CoverageFigures>, fhir::Refusal> coverage_figures(
    db::Database& database, const CoverageQuery& query);

struct QualityQuery {
    std::optional<admin::Quarter> quarter;  // signings and answers of the quarter; none: all
    int utc_offset_minutes = 8 * 60;
    int opens_minute = 8 * 60;  // every health center's hours, Monday to Friday
    int closes_minute = 17 * 60 + 30;
};

Result<admin::QualityInput, fhir::Refusal> quality_input(db::Database& database,
                                                         const QualityQuery& query);

// The hub's records of `kiosk`'s day, as its ledger digest counts them.
Result<std::vector<admin::LedgerRecord>, fhir::Refusal> ledger_records(db::Database& database,
                                                                       const std::string& kiosk,
                                                                       domain::Date day,
                                                                       int utc_offset_minutes);

}  // namespace jiayi::hub::store
