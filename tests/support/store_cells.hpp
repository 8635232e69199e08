#pragma once
// Every value of a real store file, table by table, for tests that look at
// what is really written (privacy) or that a file is unchanged (updates);
// and one figure of it (a count).

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/store/sqlite.hpp"

namespace jiayi::test {

// The first column of the first row `sql` answers on the real file.
inline std::int64_t count(const std::filesystem::path& db, const std::string& sql) {
    store::Database raw(db);
    auto st = raw.prepare(sql);
    st.step();
    return st.integer(0);
}

// Every value in every column of every table of the real file, found by
// walking sqlite_master and each table's columns (so a column added later is
// walked too), as SQLite gives it in text: integers in decimal, blobs as
// their bytes.
struct Cell {
    std::string column;  // table.column
    std::string value;
};

inline std::vector<Cell> every_cell(const std::filesystem::path& db) {
    store::Database raw(db);
    std::vector<std::string> tables;
    for (auto st = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'"); st.step();) {
        tables.push_back(st.text(0));
    }
    std::vector<Cell> cells;
    for (const std::string& table : tables) {
        std::vector<std::string> columns;
        auto info = raw.prepare("SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.step()) {
            columns.push_back(info.text(0));
        }
        for (const std::string& column : columns) {
            auto st = raw.prepare("SELECT \"" + column + "\" FROM \"" + table + "\"");
            while (st.step()) {
                cells.push_back({table + "." + column, st.text(0)});
            }
        }
    }
    return cells;
}

inline bool operator==(const Cell& a, const Cell& b) {
    return a.column == b.column && a.value == b.value;
}

}  // namespace jiayi::test
