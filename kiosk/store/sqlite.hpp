#pragma once
// A thin RAII layer over SQLite: a connection, prepared statements and
// transactions, each closed always. Failures throw SqliteError inside the
// store; the store's public functions turn them into StoreError values.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/store/bytes.hpp"
#include "kiosk/store/durability.hpp"

namespace jiayi::store {

class SqliteError : public std::runtime_error {
  public:
    SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    bool is_constraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }

  private:
    int code_;
};

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Binds by 1-based position; returns *this for chaining.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, const Bytes& blob);
    Statement& bind(int index, const std::optional<Bytes>& blob);
    Statement& bind(int index, const std::optional<std::string>& text);
    Statement& bind_null(int index);

    // True while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::int64_t integer(int column) const;
    std::optional<Bytes> blob(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
  public:
    // Opens (creating if needed) with WAL, synchronous=FULL, a busy timeout
    // and foreign keys on: a committed transaction survives power loss. The
    // file (and so its -wal and -shm) is mode 0600, and deleted content is
    // zeroed (secure_delete). A Scratch database never syncs (synchronous=OFF).
    explicit Database(const std::filesystem::path& path,
                      Durability durability = Durability::Synced);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    void exec(const std::string& sql);
    std::int64_t changes() const { return sqlite3_changes64(db_); }
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    sqlite3* handle() const { return db_; }

    // A copy of the whole database in `file` (mode 0600; replaced if there),
    // through SQLite's online backup, synced when it returns.
    void back_up_to(const std::filesystem::path& file);
    // Puts the whole database back as `file` holds it (one back_up_to made).
    void restore_from(const std::filesystem::path& file);

  private:
    sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT; rolled back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

}  // namespace jiayi::store
