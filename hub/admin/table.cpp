#include "hub/admin/table.hpp"

#include <algorithm>

#include "hub/admin/csv.hpp"
#include "hub/admin/text_width.hpp"

namespace jiayi::hub::admin {

namespace {

constexpr std::string_view kMark = "!";

std::string shown(const Cell& cell) {
    return cell.below_target ? cell.text + std::string(kMark) : cell.text;
}

std::string pad(const std::string& text, int width, Align align) {
    const int gap = std::max(0, width - display_width(text));
    const std::string spaces(static_cast<std::size_t>(gap), ' ');
    return align == Align::Right ? spaces + text : text + spaces;
}

std::string rstrip(std::string line) {
    while (!line.empty() && line.back() == ' ') {
        line.pop_back();
    }
    return line;
}

}  // namespace

std::string to_text(const Table& table) {
    std::vector<int> widths;
    for (const auto& column : table.columns) {
        widths.push_back(display_width(column.title));
    }
    bool any_below = false;
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(shown(row[i])));
            any_below = any_below || row[i].below_target;
        }
    }
    std::string out;
    if (!table.title.empty()) {
        out += table.title + "\n\n";
    }
    std::string header;
    std::string rule;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        header += (i ? "  " : "") + pad(table.columns[i].title, widths[i], table.columns[i].align);
        rule += (i ? "  " : "") + std::string(static_cast<std::size_t>(widths[i]), '-');
    }
    out += rstrip(header) + "\n" + rule + "\n";
    for (const auto& row : table.rows) {
        std::string line;
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const std::string text = i < row.size() ? shown(row[i]) : "";
            line += (i ? "  " : "") + pad(text, widths[i], table.columns[i].align);
        }
        out += rstrip(line) + "\n";
    }
    if (table.rows.empty()) {
        out += "(none)\n";
    }
    if (any_below) {
        out += "\n" + std::string(kMark) + " below target\n";
    }
    for (const auto& note : table.notes) {
        out += note + "\n";
    }
    return out;
}

std::string to_csv(const Table& table) {
    std::string out;
    for (const auto& column : table.columns) {
        out += csv_field(column.key) + ",";
    }
    out += "below_target\r\n";
    for (const auto& row : table.rows) {
        std::string below;
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const Cell* cell = i < row.size() ? &row[i] : nullptr;
            out += (cell ? csv_field(cell->text) : "") + ",";
            if (cell && cell->below_target) {
                below += (below.empty() ? "" : ";") + table.columns[i].key;
            }
        }
        out += csv_field(below) + "\r\n";
    }
    return out;
}

nlohmann::json to_json(const Table& table) {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& column : table.columns) {
        columns.push_back({{"key", column.key}, {"title", column.title}});
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : table.rows) {
        nlohmann::json object = nlohmann::json::object();
        nlohmann::json below = nlohmann::json::array();
        for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
            const Cell& cell = row[i];
            if (cell.number) {
                object[table.columns[i].key] = *cell.number;
            } else if (cell.text.empty() || cell.text == "—") {
                object[table.columns[i].key] = nullptr;
            } else {
                object[table.columns[i].key] = cell.text;
            }
            if (cell.below_target) {
                below.push_back(table.columns[i].key);
            }
        }
        object["below_target"] = below;
        rows.push_back(std::move(object));
    }
    return {{"title", table.title}, {"columns", columns}, {"rows", rows}, {"notes", table.notes}};
}

Cell percent_cell(std::int64_t part, std::int64_t whole, bool below_target) {
    if (whole <= 0) {
        return Cell{"—", std::nullopt, false};
    }
    const std::int64_t tenths = part * 1000 / whole;
    const std::string text = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " %";
    return Cell{text, static_cast<double>(tenths) / 10.0, below_target};
}

Table refusal_table(std::string title, const std::vector<ImportError>& errors) {
    Table table;
    table.title = std::move(title);
    table.columns = {{"line", "line", Align::Right}, {"column", "column"}, {"reason", "reason"}};
    std::vector<ImportError> sorted = errors;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
    for (const auto& e : sorted) {
        table.rows.push_back({Cell::count(e.line), Cell::of(e.column), Cell::of(e.message)});
    }
    table.notes.push_back(std::to_string(errors.size()) +
                          " errors; nothing of the file was applied");
    return table;
}

}  // namespace jiayi::hub::admin
