#pragma once
// A contract signed on paper, entered later by a nurse (补录, seed 000 §四:
// "records made while the system was down or changed are back-filled").
// The paper form holds the signature and the privacy consent; the kiosk
// records the original signing date, the form's number, the team, who
// signed, and the nurse who entered it. Pure: today and the new id are
// inputs.
//
// Decisions (rules.md, "The contract and its life"):
//  - the original date is not in the future, and the paper contract must
//    still be in force today (its one-year term has not ended): an older
//    paper contract is history for the district's import
//    (`jiayi-hub import contracts`), not a contract a kiosk serves;
//  - one team at a time: a back-fill whose term meets any contract on file
//    (overlapping it, or followed by it) is refused;
//  - the basic package only, its fees as the rules compute them; a personal
//    package on paper goes through the district's import;
//  - who signed: the resident, a guardian (needed when the resident was a
//    minor on the original date) or a proxy, each with its relation; their
//    document stays on the paper form.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kiosk/domain/contract.hpp"

namespace jiayi::domain {

// Every "no" of a back-fill, each with a stable code ("backfill-<code>" in
// the catalog's messages: one sentence for the nurse).
enum class BackFillProblem {
    DateInvalid,        // not a date (YYYYMMDD)
    DateInFuture,       // the paper cannot be signed after today
    DateTooOld,         // its term has ended: the district's import takes it
    FormNumberInvalid,  // 4–20 letters, digits or '-'
    FormNumberUsed,     // this kiosk already holds a back-fill of that form
    TeamUnknown,        // not one of the kiosk's teams
    TeamFull,
    TeamClosed,
    GuardianRequired,   // a minor on the original date: a guardian signed
    RelationRequired,   // a guardian or proxy names the relation
    ContractOnFile,     // one team at a time: a contract on file meets its term
    NoBasicPackage,     // the catalogue holds no basic package
};

std::string_view code(BackFillProblem problem);

// The back-fill's own facts, kept with the contract and sent with it
// (kiosk/fhir/episode.hpp BackFill).
struct BackFillFacts {
    Date signed_on;           // the date on the paper form
    std::string form_number;  // the paper form's number, normalised
    std::string entered_by;   // the staff member who entered it
};

// What the nurse entered from the paper form.
struct BackFillEntry {
    Date signed_on;
    std::string form_number;
    std::string team_id;
    Signer signer;  // role and relation; no document
    std::string entered_by;
    Channel channel = Channel::NurseAssisted;
};

struct BackFillChange {
    ContractChange change;  // the new contract; earlier ones it supersedes
    BackFillFacts facts;
};

// The date typed on the keypad (YYYYMMDD), checked against today.
Result<Date, BackFillProblem> back_fill_date(std::string_view typed, Date today,
                                             const ContractRules& rules);
// The form number upper-cased and checked.
Result<std::string, BackFillProblem> back_fill_form_number(std::string_view typed);

// The contract a back-fill writes, or why not. `team` is null when the
// kiosk does not know the team.
Result<BackFillChange, BackFillProblem> back_fill(const ResidentFacts& resident,
                                                  const BackFillEntry& entry, const Team* team,
                                                  const Catalogue& catalogue,
                                                  const SigningRules& rules, Date today,
                                                  std::string new_id);

}  // namespace jiayi::domain
