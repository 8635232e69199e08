#pragma once
// `import contracts FILE`: back-fill (补录) of contracts signed on paper or in
// a previous system (seed 000 §四), checked row by row.
//
//   id_number    身份证号     required: a valid document number
//   name         姓名         required (kept for the resident's record; never
//                             repeated in an error)
//   team_id      团队编号     required; one of the hub's teams when they are given
//   sign_date    签约日期     required, a real date, not in the future
//   term         签约期限     optional: years ("1", "1年", "一年"); must be
//                             ContractRules::term_years; empty → that term
//   form_number  协议编号     required: the paper form's number
//   staff_id     录入人员     required: who entered the row
//   packages     服务包       required: package codes separated by '+', ';', '、',
//                             '，' or spaces; each in the catalogue, exactly one
//                             basic package, when a catalogue is given
//
// Idempotency: each row's contract id is backfill_contract_uuid(form number,
// ID number) (name_uuid.hpp), a version-5 UUID. Running the same file twice
// names the same contracts; the store inserts with ON CONFLICT DO NOTHING and
// compares, so the second run creates nothing, and a row changed since (same
// form and resident, another team) is a conflict the store reports.
//
// Within one file: the same form and resident twice, one form number for two
// residents, or one resident's terms overlapping (one team at a time) are
// errors naming the other line.

#include <set>
#include <string>
#include <vector>

#include "hub/admin/columns.hpp"
#include "kiosk/domain/package.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::admin {

struct BackfillContractRow {
    int line = 0;
    std::string id;  // backfill_contract_uuid(form_number, id_number)
    std::string id_number;
    domain::DocumentKind document_kind = domain::DocumentKind::ResidentId;
    std::string name;
    std::string team_id;
    domain::Date sign_date;  // the term starts on the signing day
    domain::Date end;        // inclusive: domain::term_end(sign_date, rules)
    int term_years = 1;
    std::string form_number;
    std::string staff_id;
    std::vector<std::string> package_codes;
};

struct BackfillContext {
    domain::Date today;
    domain::ContractRules rules;
    // When given (not null, not empty), packages and teams are checked against them.
    const domain::Catalogue* catalogue = nullptr;
    const std::set<std::string>* known_teams = nullptr;
};

std::span<const ColumnSpec> contract_columns();

Checked<BackfillContractRow> check_contracts(const CsvFile& file, const BackfillContext& context);

}  // namespace jiayi::hub::admin
