#pragma once
// The hub's schema (hub/README.md "Storage"), in SQL both engines run:
// TEXT / BIGINT / INTEGER columns, named unique indexes (so both engines
// report the same constraint name), partial indexes, no engine-only types.
// Column names avoid SQL keywords (period_start, not start; slot_end, not end).

#include "hub/db/database.hpp"

namespace jiayi::hub::store {

// The version the code expects; migrate() brings a database to it.
int schema_version();

// Creates or migrates the schema: each pending migration in one transaction
// of its own, recorded in schema_version. Running it again does nothing; two
// processes starting together take turns (the write lock on SQLite, a table
// lock on PostgreSQL). Returns the version reached.
Result<int, db::Error> migrate(db::Database& database);

// The version a database is at, without changing it: 0 when it was never
// initialised (no schema_version table). `jiayi-hub serve` refuses to run on
// anything but schema_version() (hub/README.md "Storage").
Result<int, db::Error> stored_version(db::Database& database);

}  // namespace jiayi::hub::store
