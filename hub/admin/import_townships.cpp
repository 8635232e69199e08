#include "hub/admin/import_townships.hpp"

#include <map>

namespace jiayi::hub::admin {

namespace {

enum Col : std::size_t { kCode, kName, kPopulation };

const std::vector<ColumnSpec> kColumns = {
    {"code", {"乡镇编码", "乡镇代码", "township", "township_code"}},
    {"name", {"乡镇名称", "乡镇", "名称"}},
    {"population", {"常住人口", "人口", "人口数"}},
};

}  // namespace

std::span<const ColumnSpec> township_columns() {
    return kColumns;
}

Checked<TownshipRow> check_townships(const CsvFile& file) {
    auto map = map_header(file, kColumns);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<TownshipRow> rows;
    std::map<std::string, int> first_line;  // township code → line
    for (const CsvRecord& record : file.records) {
        RowReader r(record, map.value(), kColumns, errors);
        if (!r.shape_ok()) {
            continue;
        }
        TownshipRow row;
        row.line = r.line();
        if (auto code = r.required(kCode)) {
            if (!is_code(*code)) {
                r.error(kCode,
                        "'" + *code + "': use letters, digits, '-', '_' or '.' (at most 64)");
            } else if (auto [it, fresh] = first_line.emplace(*code, r.line()); !fresh) {
                r.error(kCode,
                        "township '" + *code + "' is also on line " + std::to_string(it->second));
            }
            row.code = *code;
        }
        row.name = r.required(kName).value_or("");
        if (r.required(kPopulation)) {
            row.population = r.integer(kPopulation, 0, 10'000'000).value_or(0);
        }
        if (r.errors_seen() == 0) {
            rows.push_back(std::move(row));
        }
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return rows;
}

}  // namespace jiayi::hub::admin
