#pragma once
// The PostgreSQL engine behind db::Database, over libpq (Debian's libpq 15).
// libpq rather than libpqxx: database.hpp is already our own thin layer, so a
// second C++ layer between it and the wire would only add a dependency and
// exceptions to translate back into values.
//
// What it does with the seam's promises:
// - a pool of up to OpenOptions::connections connections, opened on demand
//   (one at open(), so a bad URL fails there); a connection that lost its
//   server is dropped and a new one opened on the next transact();
// - statements are prepared once per connection and SQL text, in the round
//   trip of their first run (libpq's pipeline mode: PQsendPrepare, then
//   PQsendQueryPrepared; every statement goes as a pipeline), values
//   travel as text: integers typed int8, reals
//   float8, text and NULL left for the server to infer from the statement
//   (so `$1` may be compared with a text, jsonb or timestamptz column);
// - BEGIN is sent with the transaction's first statement, and the
//   statements of Transaction::execute_at_commit with the COMMIT, each group
//   in one round trip (pipeline mode); an idle pooled connection the server
//   ended is noticed before it is lent (it has the server's goodbye to read);
// - Mode::write is READ COMMITTED, Mode::read is REPEATABLE READ READ ONLY
//   (the "consistent snapshot" of the seam; a read-only transaction never
//   fails to serialize);
// - a statement waits at most OpenOptions::busy_timeout_ms for a lock
//   (lock_timeout); SQLSTATE 40001, 40P01 and 55P03 are ErrorKind::busy and
//   transact() runs `work` again;
// - messages are the server's primary message and SQLSTATE, never its DETAIL
//   (which quotes key values and whole rows) and never a data exception's
//   text (which quotes the value it could not read).

#include <memory>
#include <string_view>

#include "hub/db/database.hpp"

namespace jiayi::hub::db {

// Tuning that only the PostgreSQL engine has; the defaults are what the hub
// runs with (bench/hub_db_bench measured the difference).
struct PostgresOptions {
    bool prepare_statements = true;  // false: PQsendQueryParams every time
};

// `url` is anything libpq's PQconnectdb accepts: "postgresql://user@host:port/db",
// "postgresql:///db?host=/socket/dir", or "host=… dbname=…".
Result<std::unique_ptr<Database>, Error> open_postgres(std::string_view url,
                                                       const OpenOptions& options,
                                                       const PostgresOptions& tuning = {});

}  // namespace jiayi::hub::db
