#pragma once
// A report: a title, named columns and rows of cells, written three ways —
// aligned text for a terminal (CJK counted double-width), CSV for a
// spreadsheet, JSON for a script. A cell may be measured against a target;
// one below it is marked in every format: "!" after the text, a
// `below_target` list in CSV and JSON.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hub/admin/columns.hpp"

namespace jiayi::hub::admin {

enum class Align { Left, Right };

struct TableColumn {
    std::string key;    // CSV header and JSON key: ascii, snake_case
    std::string title;  // shown above the text table
    Align align = Align::Left;
};

struct Cell {
    std::string text;              // as shown
    std::optional<double> number;  // JSON writes this when present
    bool below_target = false;     // a figure short of its target
    static Cell of(std::string text) { return {std::move(text), std::nullopt, false}; }
    static Cell count(std::int64_t n) { return {std::to_string(n), static_cast<double>(n), false}; }
};

struct Table {
    std::string title;
    std::vector<TableColumn> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<std::string> notes;  // below the text table; "notes" in JSON
};

// Columns padded to the widest cell (display width), a rule under the
// header, "!" after a below-target figure, the notes after the rows.
std::string to_text(const Table& table);
// The keys as the header, then the rows; a last column `below_target` with
// the keys of the row's below-target cells, separated by ';'.
std::string to_csv(const Table& table);
// {"title", "columns": [{key, title}], "rows": [{key: value…, "below_target": [keys]}], "notes"}
nlohmann::json to_json(const Table& table);

// "25.0 %" (one decimal, rounded down so a figure just short of a target
// never shows as reaching it) and the figure as a number for JSON; "—" and no
// number for an empty whole.
Cell percent_cell(std::int64_t part, std::int64_t whole, bool below_target = false);

// The refused rows of an import, one per error, in line order.
Table refusal_table(std::string title, const std::vector<ImportError>& errors);

}  // namespace jiayi::hub::admin
