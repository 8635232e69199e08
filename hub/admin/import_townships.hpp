#pragma once
// `import townships FILE`: the district's townships and their resident
// populations (常住人口), the denominator of the signing rate's 30 % target
// (`report coverage`). Nothing else holds it: the hub knows only the
// residents who reached a kiosk or a registry.
//
//   code        乡镇编码   required, unique in the file: the code the kiosks'
//                          tokens and the teams are issued for
//   name        乡镇名称   required
//   population  常住人口   required: 0 to 10 000 000 (a figure from the
//                          statistics bureau; 0 leaves the rate out)
//
// A township already in the hub is updated (name, population).

#include <cstdint>
#include <string>
#include <vector>

#include "hub/admin/columns.hpp"

namespace jiayi::hub::admin {

struct TownshipRow {
    int line = 0;
    std::string code;
    std::string name;
    std::int64_t population = 0;
};

std::span<const ColumnSpec> township_columns();

Checked<TownshipRow> check_townships(const CsvFile& file);

}  // namespace jiayi::hub::admin
