#pragma once
// The SQLite engine of db::Database: one file in WAL mode, a pool of
// connections (readers run side by side; writers take the write lock at
// BEGIN IMMEDIATE, one at a time), each with its own cache of prepared
// statements.
//
// Durability: synchronous=FULL. In WAL mode NORMAL already survives a killed
// process (a commit is in the WAL, in the OS's page cache, before COMMIT
// returns), but a power cut or kernel panic can lose the last commits. The
// hub's answer is what a kiosk acts on: an acknowledged signing is marked
// confirmed on the kiosk and never sent again, so losing it would lose a
// contract and leave a team's count off by one. FULL syncs the WAL at every
// commit (one fsync; the database file itself is synced only at checkpoints),
// which is what PostgreSQL's default synchronous_commit=on does too: the same
// promise on both engines.

#include <filesystem>
#include <memory>

#include "hub/db/database.hpp"

namespace jiayi::hub::db {

// Opens (creating when missing, mode 0600) the SQLite database at `path`.
Result<std::unique_ptr<Database>, Error> open_sqlite(const std::filesystem::path& path,
                                                     const OpenOptions& options);

// `$1 … $N` (the SQL both engines speak here) as SQLite's numbered `?1 … ?N`.
// SQLite reads `$1` as a *named* parameter numbered by first appearance, so
// "… $2 … $1" would bind backwards without this. Text inside '…' quotes,
// "…" identifiers and -- comments is left as it is.
std::string numbered_parameters(std::string_view sql);

}  // namespace jiayi::hub::db
