#include "hub/db/sqlite_database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/private_file.hpp"

namespace jiayi::hub::db {

namespace {

// A prepared statement, finalized always.
class Statement {
  public:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return stmt_; }

  private:
    sqlite3_stmt* stmt_;
};

// Leaves a cached statement ready for its next use however the use ended.
class StatementUse {
  public:
    explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~StatementUse() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

  private:
    sqlite3_stmt* stmt_;
};

std::string message_of(sqlite3* handle, int rc) {
    return handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
}

// The name a refusing unique index has on both engines. The schema names its
// indexes (CREATE UNIQUE INDEX name …), and SQLite's message names only the
// columns ("UNIQUE constraint failed: episodes.patient"), so the index is
// found among the table's unique indexes by its columns. Primary keys and
// unnamed UNIQUE constraints get PostgreSQL's default names
// (<table>_pkey, <table>_<columns>_key) so hub/store sees one name per rule.
std::string unique_constraint_name(sqlite3* handle, std::string_view message) {
    constexpr std::string_view prefix = "UNIQUE constraint failed: ";
    if (!message.starts_with(prefix)) {
        return "";
    }
    message.remove_prefix(prefix.size());
    if (message.starts_with("index '")) {  // an index on expressions names itself
        message.remove_prefix(7);
        return std::string(message.substr(0, message.find('\'')));
    }
    std::string table;
    std::vector<std::string> columns;
    while (!message.empty()) {
        const auto comma = message.find(", ");
        const std::string_view item = message.substr(0, comma);
        const auto dot = item.find('.');
        if (dot == std::string_view::npos) {
            return "";
        }
        table = std::string(item.substr(0, dot));
        columns.emplace_back(item.substr(dot + 1));
        message = comma == std::string_view::npos ? std::string_view() : message.substr(comma + 2);
    }
    auto rows = [&](const std::string& sql) {
        std::vector<std::vector<std::string>> out;
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
            sqlite3_finalize(raw);
            return out;
        }
        Statement statement(raw);
        while (sqlite3_step(raw) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(raw); ++i) {
                const auto* text = sqlite3_column_text(raw, i);
                row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            }
            out.push_back(std::move(row));
        }
        return out;
    };
    // index_list: seq, name, unique, origin (c / u / pk), partial.
    for (const auto& index : rows("PRAGMA index_list(\"" + table + "\")")) {
        if (index.size() < 4 || index[2] != "1") {
            continue;
        }
        std::vector<std::string> indexed;
        for (const auto& info : rows("PRAGMA index_info(\"" + index[1] + "\")")) {
            indexed.push_back(info.size() > 2 ? info[2] : "");
        }
        if (indexed != columns) {
            continue;
        }
        if (index[3] == "pk") {
            return table + "_pkey";
        }
        if (index[3] == "u") {
            std::string name = table;
            for (const auto& column : columns) {
                name += "_" + column;
            }
            return name + "_key";
        }
        return index[1];
    }
    return "";
}

Error error_of(sqlite3* handle, int rc) {
    std::string message = message_of(handle, rc);
    switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return Error{ErrorKind::unique_violation, unique_constraint_name(handle, message),
                         std::move(message)};
        case SQLITE_CONSTRAINT_CHECK:
        case SQLITE_CONSTRAINT_NOTNULL:
            return Error{ErrorKind::check_violation, "", std::move(message)};
        default:
            break;
    }
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error{ErrorKind::busy, "", std::move(message)};
        case SQLITE_CANTOPEN:
        case SQLITE_NOTADB:
        case SQLITE_IOERR:
        case SQLITE_PERM:
        case SQLITE_READONLY:
        case SQLITE_FULL:
            return Error{ErrorKind::connection, "", std::move(message)};
        default:
            return Error{ErrorKind::other, "", std::move(message)};
    }
}

// One SQLite connection with its statements, closed always.
class Connection {
  public:
    static Result<std::unique_ptr<Connection>, Error> open(const std::filesystem::path& path,
                                                           const OpenOptions& options) {
        sqlite3* handle = nullptr;
        const int rc = sqlite3_open_v2(
            path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr);
        auto connection = std::unique_ptr<Connection>(new Connection(handle));
        if (rc != SQLITE_OK) {
            return fail(Error{ErrorKind::connection, "",
                              "open " + path.string() + ": " + message_of(handle, rc)});
        }
        sqlite3_extended_result_codes(handle, 1);
        sqlite3_busy_timeout(handle, options.busy_timeout_ms);
        for (const char* pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
            if (auto done = connection->exec(pragma); !done) {
                return fail(done.error());
            }
        }
        return connection;
    }

    ~Connection() {
        statements_.clear();  // every statement is finalized before the close
        sqlite3_close(handle_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* handle() const { return handle_; }

    Result<void, Error> exec(const char* sql) {
        const int rc = sqlite3_exec(handle_, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            return fail(error_of(handle_, sqlite3_extended_errcode(handle_)));
        }
        return Ok{};
    }

    // The statement for `sql` (in `$N` form), prepared once per connection.
    Result<sqlite3_stmt*, Error> prepare(std::string_view sql) {
        auto found = statements_.find(std::string(sql));
        if (found != statements_.end()) {
            return found->second->get();
        }
        const std::string translated = numbered_parameters(sql);
        sqlite3_stmt* raw = nullptr;
        const int rc =
            sqlite3_prepare_v3(handle_, translated.c_str(), static_cast<int>(translated.size()),
                               SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(raw);
            return fail(error_of(handle_, rc));
        }
        if (raw == nullptr) {
            return fail(Error{ErrorKind::other, "", "empty statement"});
        }
        statements_.emplace(std::string(sql), std::make_unique<Statement>(raw));
        return raw;
    }

  private:
    explicit Connection(sqlite3* handle) : handle_(handle) {}

    sqlite3* handle_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

class SqliteTransaction final : public Transaction {
  public:
    explicit SqliteTransaction(Connection& connection) : connection_(connection) {}

    Result<std::vector<Row>, Error> query(std::string_view sql,
                                          std::span<const Value> params) override {
        auto prepared = bound(sql, params);
        if (!prepared) {
            return fail(prepared.error());
        }
        sqlite3_stmt* stmt = prepared.value();
        StatementUse use(stmt);
        std::vector<Row> rows;
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) {
                return rows;
            }
            if (rc != SQLITE_ROW) {
                return fail(
                    error_of(connection_.handle(), sqlite3_extended_errcode(connection_.handle())));
            }
            Row row;
            const int columns = sqlite3_column_count(stmt);
            row.values.reserve(static_cast<std::size_t>(columns));
            for (int i = 0; i < columns; ++i) {
                row.values.push_back(column(stmt, i));
            }
            rows.push_back(std::move(row));
        }
    }

    Result<std::int64_t, Error> execute(std::string_view sql,
                                        std::span<const Value> params) override {
        auto prepared = bound(sql, params);
        if (!prepared) {
            return fail(prepared.error());
        }
        sqlite3_stmt* stmt = prepared.value();
        StatementUse use(stmt);
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {  // RETURNING rows, if any, are not wanted here
            rc = sqlite3_step(stmt);
        }
        if (rc != SQLITE_DONE) {
            return fail(
                error_of(connection_.handle(), sqlite3_extended_errcode(connection_.handle())));
        }
        return static_cast<std::int64_t>(sqlite3_changes64(connection_.handle()));
    }

    void execute_at_commit(std::string sql, std::vector<Value> params) override {
        at_commit_.emplace_back(std::move(sql), std::move(params));
    }

    // The statements given to execute_at_commit, in order; the first failure.
    Result<void, Error> run_at_commit() {
        auto pending = std::move(at_commit_);
        at_commit_.clear();
        for (const auto& [sql, params] : pending) {
            if (auto ran = execute(sql, std::span<const Value>(params)); !ran) {
                return fail(ran.error());
            }
        }
        return Ok{};
    }

    using Transaction::execute;
    using Transaction::query;

  private:
    Result<sqlite3_stmt*, Error> bound(std::string_view sql, std::span<const Value> params) {
        auto prepared = connection_.prepare(sql);
        if (!prepared) {
            return prepared;
        }
        sqlite3_stmt* stmt = prepared.value();
        if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
            return fail(Error{ErrorKind::other, "",
                              "statement takes " +
                                  std::to_string(sqlite3_bind_parameter_count(stmt)) +
                                  " parameters, " + std::to_string(params.size()) + " given"});
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            // The parameters outlive the statement's use (reset at its end).
            const int rc = std::visit(
                [&](const auto& value) {
                    using T = std::decay_t<decltype(value)>;
                    if constexpr (std::is_same_v<T, std::monostate>) {
                        return sqlite3_bind_null(stmt, index);
                    } else if constexpr (std::is_same_v<T, std::int64_t>) {
                        return sqlite3_bind_int64(stmt, index, value);
                    } else if constexpr (std::is_same_v<T, double>) {
                        return sqlite3_bind_double(stmt, index, value);
                    } else {
                        return sqlite3_bind_text64(stmt, index, value.data(), value.size(),
                                                   SQLITE_STATIC, SQLITE_UTF8);
                    }
                },
                params[i]);
            if (rc != SQLITE_OK) {
                sqlite3_clear_bindings(stmt);
                return fail(error_of(connection_.handle(), rc));
            }
        }
        return stmt;
    }

    static Value column(sqlite3_stmt* stmt, int i) {
        switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_INTEGER:
                return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
            case SQLITE_FLOAT:
                return sqlite3_column_double(stmt, i);
            case SQLITE_NULL:
                return std::monostate{};
            default: {
                const auto* text = sqlite3_column_text(stmt, i);
                return std::string(reinterpret_cast<const char*>(text),
                                   static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
            }
        }
    }

    Connection& connection_;
    std::vector<std::pair<std::string, std::vector<Value>>> at_commit_;
};

// The file private before SQLite creates it (common/private_file.hpp).
Result<void, Error> restrict_mode(const std::filesystem::path& path) {
    if (auto made = make_private(path); !made) {
        return fail(Error{ErrorKind::connection, "", made.error().message});
    }
    return Ok{};
}

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(std::filesystem::path path, const OpenOptions& options)
        : path_(std::move(path)), options_(options) {}

    Engine engine() const override { return Engine::sqlite; }

    Result<Finish, Error> transact(
        Mode mode, const std::function<Result<Finish, Error>(Transaction&)>& work) override {
        // Writers of this process queue here rather than in SQLite's busy
        // handler, which sleeps and polls: a queue hands the lock on at once
        // and in order. busy_timeout still covers another process (an admin
        // command) holding the file's write lock.
        std::unique_lock<std::mutex> writer;
        if (mode == Mode::write) {
            writer = std::unique_lock<std::mutex>(write_lock_);
        }
        auto leased = lease();
        if (!leased) {
            return fail(leased.error());
        }
        Lease lease = std::move(leased.value());
        const char* begin = mode == Mode::write ? "BEGIN IMMEDIATE" : "BEGIN";
        for (int attempt = 0;; ++attempt) {
            auto outcome = run_once(*lease.connection, begin, work);
            if (outcome || outcome.error().kind != ErrorKind::busy || attempt >= options_.retries) {
                return outcome;
            }
        }
    }

    Result<void, Error> execute_script(std::string_view sql) override {
        std::unique_lock<std::mutex> writer(write_lock_);
        auto leased = lease();
        if (!leased) {
            return fail(leased.error());
        }
        const std::string script(sql);
        char* message = nullptr;
        sqlite3* handle = leased.value().connection->handle();
        const int rc = sqlite3_exec(handle, script.c_str(), nullptr, nullptr, &message);
        sqlite3_free(message);
        if (rc != SQLITE_OK) {
            Error error = error_of(handle, sqlite3_extended_errcode(handle));
            if (sqlite3_get_autocommit(handle) == 0) {
                sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
            }
            return fail(std::move(error));
        }
        return Ok{};
    }

    Result<void, Error> first_open() {
        if (auto made = restrict_mode(path_); !made) {
            return made;
        }
        auto connection = Connection::open(path_, options_);
        if (!connection) {
            return fail(connection.error());
        }
        idle_.push_back(std::move(connection.value()));
        opened_ = 1;
        return Ok{};
    }

  private:
    // A borrowed connection, returned to the pool always.
    struct Lease {
        SqliteDatabase* owner = nullptr;
        std::unique_ptr<Connection> connection;
        Lease() = default;
        Lease(SqliteDatabase* o, std::unique_ptr<Connection> c)
            : owner(o), connection(std::move(c)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease() {
            if (owner && connection) {
                owner->give_back(std::move(connection));
            }
        }
    };

    Result<Lease, Error> lease() {
        std::unique_lock<std::mutex> lock(pool_lock_);
        for (;;) {
            if (!idle_.empty()) {
                auto connection = std::move(idle_.back());
                idle_.pop_back();
                return Lease(this, std::move(connection));
            }
            if (opened_ < std::max(options_.connections, 1)) {
                ++opened_;
                lock.unlock();
                auto connection = Connection::open(path_, options_);
                if (!connection) {
                    lock.lock();
                    --opened_;
                    return fail(connection.error());
                }
                return Lease(this, std::move(connection.value()));
            }
            returned_.wait(lock);
        }
    }

    void give_back(std::unique_ptr<Connection> connection) {
        {
            std::lock_guard<std::mutex> lock(pool_lock_);
            idle_.push_back(std::move(connection));
        }
        returned_.notify_one();
    }

    static Result<Finish, Error> run_once(
        Connection& connection, const char* begin,
        const std::function<Result<Finish, Error>(Transaction&)>& work) {
        if (auto began = connection.exec(begin); !began) {
            return fail(began.error());
        }
        // Rolls back unless the commit went through, also when `work` throws.
        struct Open {
            Connection& connection;
            bool done = false;
            ~Open() {
                if (!done && sqlite3_get_autocommit(connection.handle()) == 0) {
                    sqlite3_exec(connection.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
                }
            }
        } open{connection};
        SqliteTransaction transaction(connection);
        auto outcome = work(transaction);
        if (!outcome || outcome.value() == Finish::roll_back) {
            return outcome;  // Open rolls back
        }
        if (auto ran = transaction.run_at_commit(); !ran) {
            return fail(ran.error());  // Open rolls back
        }
        if (auto committed = connection.exec("COMMIT"); !committed) {
            return fail(committed.error());
        }
        open.done = true;
        return Finish::commit;
    }

    std::filesystem::path path_;
    OpenOptions options_;
    std::mutex write_lock_;
    std::mutex pool_lock_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int opened_ = 0;
};

}  // namespace

std::string numbered_parameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (comment) {
            comment = c != '\n';
        } else if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            comment = true;
        } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            out += '?';
            continue;
        }
        out += c;
    }
    return out;
}

Result<std::unique_ptr<Database>, Error> open_sqlite(const std::filesystem::path& path,
                                                     const OpenOptions& options) {
    auto database = std::make_unique<SqliteDatabase>(path, options);
    if (auto opened = database->first_open(); !opened) {
        return fail(opened.error());
    }
    return std::unique_ptr<Database>(std::move(database));
}

}  // namespace jiayi::hub::db
