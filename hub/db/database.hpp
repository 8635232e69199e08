#pragma once
// The hub's SQL: one interface, two engines (SQLite, the zero-set-up default;
// PostgreSQL for a district). The hub's statements are written once, in the
// SQL both engines speak: `$1, $2 …` parameters, INSERT … ON CONFLICT,
// RETURNING, partial unique indexes (SQLite ≥ 3.35 has them all; Debian 12
// ships 3.40). Only hub/store writes SQL; only this folder talks to an engine.
//
// Rules live in the schema (unique indexes, conditional updates), not in
// read-then-write code: a statement that breaks one fails with
// ErrorKind::unique_violation and the constraint's name, which the store
// turns into the refusal code of hub-fhir.md.
//
// Threading: a Database is shared by the server's worker threads; each
// transact() borrows a connection of its own from the pool for the whole
// transaction. A Transaction is used by one thread, inside `work`, only.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace jiayi::hub::db {

// NULL, an integer, a real (means in reports) or text. No blobs: bodies are
// JSON text (a signature image is base64 inside its Provenance), money is in
// fen, times are ISO 8601 text in UTC.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Row {
    std::vector<Value> values;

    bool is_null(std::size_t column) const;
    std::int64_t integer(std::size_t column) const;     // NULL reads as 0
    double real(std::size_t column) const;              // an integer reads as itself
    const std::string& text(std::size_t column) const;  // NULL reads as ""
};

enum class ErrorKind {
    unique_violation,  // a unique index or primary key refused the row
    check_violation,   // a CHECK or NOT NULL constraint refused it
    busy,              // lock timeout, serialization failure, deadlock: retry
    connection,        // cannot reach or lost the server / cannot open the file
    other,             // syntax, a missing table, anything else
};

struct Error {
    ErrorKind kind = ErrorKind::other;
    std::string constraint;  // the refusing index or constraint, when known
    // The engine's message. Parameters are never part of it, so it carries no
    // personal data and may be logged.
    std::string message;
};

class Transaction {
  public:
    virtual ~Transaction() = default;
    // Runs one statement and returns its rows (none for most writes).
    virtual Result<std::vector<Row>, Error> query(std::string_view sql,
                                                  std::span<const Value> params) = 0;
    // Runs one statement and returns how many rows it inserted, updated or
    // deleted (a conditional update answers 0 when its WHERE held nowhere).
    virtual Result<std::int64_t, Error> execute(std::string_view sql,
                                                std::span<const Value> params) = 0;

    // Runs one statement at the commit, before it, after every statement of
    // `work`, in the order these were given; its count is not wanted. For the
    // rows nothing in the transaction reads again (history, signatures):
    // PostgreSQL sends them with the COMMIT in one round trip (libpq's
    // pipeline mode). A failure fails the commit — transact() returns it, and
    // runs `work` again when busy. Dropped when `work` rolls back.
    virtual void execute_at_commit(std::string sql, std::vector<Value> params) = 0;

    Result<std::vector<Row>, Error> query(std::string_view sql,
                                          std::initializer_list<Value> params = {}) {
        return query(sql, std::span<const Value>(params.begin(), params.size()));
    }
    Result<std::int64_t, Error> execute(std::string_view sql,
                                        std::initializer_list<Value> params = {}) {
        return execute(sql, std::span<const Value>(params.begin(), params.size()));
    }
};

enum class Engine { sqlite, postgresql };

// read: a consistent snapshot, no writes. write: SQLite takes the write lock
// at BEGIN (BEGIN IMMEDIATE), so two writers never deadlock on an upgrade;
// PostgreSQL runs READ COMMITTED and the schema's constraints hold the rules.
enum class Mode { read, write };

// What `work` decides: keep what it wrote, or undo it (a rule refused; the
// caller keeps the refusal in a variable of its own).
enum class Finish { commit, roll_back };

class Database {
  public:
    virtual ~Database() = default;
    virtual Engine engine() const = 0;

    // Runs `work` in one transaction. A failed statement inside `work`
    // (returned as its Error) rolls the transaction back; when its kind is
    // `busy`, transact() runs `work` again from the start, a bounded number
    // of times, so `work` must only write to its captures after it succeeds
    // (or reset them when it starts). The commit's own failure is returned.
    virtual Result<Finish, Error> transact(
        Mode mode, const std::function<Result<Finish, Error>(Transaction&)>& work) = 0;

    // Runs a script of statements outside any transaction's retry (schema
    // migrations; each migration brings its own BEGIN/COMMIT).
    virtual Result<void, Error> execute_script(std::string_view sql) = 0;
};

struct OpenOptions {
    int connections = 8;         // the pool's size (SQLite: readers; one writer at a time)
    int busy_timeout_ms = 5000;  // how long a statement waits for a lock
    int retries = 5;             // transact() re-runs of `work` on ErrorKind::busy
};

// "postgresql://user@host:port/db?host=/socket/dir" (libpq's URL), or a
// SQLite file: "sqlite:/var/lib/jiayi-hub/hub.db" or a plain path. A new
// SQLite file is created (mode 0600, WAL).
Result<std::unique_ptr<Database>, Error> open(std::string_view url,
                                              const OpenOptions& options = {});

}  // namespace jiayi::hub::db
