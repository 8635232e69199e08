#pragma once
// A real store taken back to schema 9, as a kiosk before migrations 10 and 11
// left it (no back_fills table, no made_end_date column), for the tests of an
// update. With `obstacle`, the made_end_date column stays: migration 10 then
// runs and commits, and migration 11 fails (its column is already there), as
// an update meeting a store it does not expect would.

#include <filesystem>

#include "kiosk/store/sqlite.hpp"

namespace jiayi::test {

inline void take_back_to_schema_9(const std::filesystem::path& db, bool obstacle) {
    store::Database raw(db);
    raw.exec("DROP TABLE back_fills");
    if (!obstacle) {
        raw.exec("ALTER TABLE contracts DROP COLUMN made_end_date");
    }
    raw.exec("PRAGMA user_version = 9");
}

}  // namespace jiayi::test
