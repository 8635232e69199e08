#pragma once
// `import flags FILE`: key-population registries (重点人群, rules.md). The
// registries are kept by the townships, so each row names its township: a
// township's key-population coverage needs the flagged residents of that
// township as its denominator.
//
//   id_number  身份证号   required: a valid document number (MOD 11-2 checked)
//   category   人群类别   required: see population_from_sheet()
//   grade      残疾等级   required for disability (1–4, or 一级…四级), empty otherwise
//   township   乡镇编码   required
//   start      开始日期   required, not in the future
//   end        结束日期   optional, not before start (a pregnancy ends, a
//                         household leaves the poverty register)
//
// Elderly and children are derived from the birth date in the ID number and
// are refused here. A resident with the same category twice in one file is an
// error (the second row names the first).

#include <optional>
#include <string>
#include <string_view>

#include "hub/admin/columns.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/domain/population.hpp"

namespace jiayi::hub::admin {

struct FlagRow {
    int line = 0;
    std::string id_number;  // normalised (upper case, trimmed)
    domain::DocumentKind document_kind = domain::DocumentKind::ResidentId;
    domain::Population category = domain::Population::Disabled;
    std::optional<int> disability_grade;  // 1 (most severe) to 4
    std::string township;
    domain::Date start;
    std::optional<domain::Date> end;
};

std::span<const ColumnSpec> flag_columns();

// The registry categories, by domain code ("registered-poor"), English words
// ("registered poor", "dibao") or the Chinese names registries use
// ("建档立卡贫困人口", "低保", "特困", "残疾人", "高血压", …). Case and
// spaces/underscores/hyphens are ignored in English.
std::optional<domain::Population> population_from_sheet(std::string_view text);

Checked<FlagRow> check_flags(const CsvFile& file, domain::Date today);

}  // namespace jiayi::hub::admin
