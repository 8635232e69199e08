#include "hub/db/postgres_database.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jiayi::hub::db {
namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); they never change.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// A connection keeps at most this many prepared statements; past it (a report
// built from many distinct texts, say) statements run unprepared.
constexpr std::size_t kMaxPrepared = 512;

struct ClearResult {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ClearResult>;

struct FinishConnection {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, FinishConnection>;

std::string trimmed(const char* text) {
    std::string out = text != nullptr ? text : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

Error connection_error(std::string message) {
    return Error{ErrorKind::connection, {}, std::move(message)};
}

ErrorKind kind_of(const std::string& sqlstate) {
    if (sqlstate == "23505") {
        return ErrorKind::unique_violation;
    }
    // NOT NULL, CHECK and foreign keys: a constraint other than uniqueness refused the row.
    if (sqlstate == "23514" || sqlstate == "23502" || sqlstate == "23503") {
        return ErrorKind::check_violation;
    }
    // Serialization failure, deadlock, lock_timeout: another transaction was in
    // the way; running the same work again can succeed.
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
        return ErrorKind::busy;
    }
    // Class 08 (connection exception) and the server shutting a session down
    // (pg_terminate_backend, a fast or immediate shutdown, a restart).
    if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
        sqlstate == "57P03") {
        return ErrorKind::connection;
    }
    return ErrorKind::other;
}

// The error of a failed statement, without personal data: the server's DETAIL
// (which quotes the key of a unique violation and the whole row of a CHECK or
// NOT NULL violation) is dropped, and a data exception's primary message (class
// 22, e.g. `invalid input syntax for type integer: "…"`) quotes the parameter
// it could not read, so it is replaced by its SQLSTATE alone.
Error statement_error(PGconn* conn, const PGresult* result) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    if (PQstatus(conn) == CONNECTION_BAD) {
        // libpq's own text ("server closed the connection unexpectedly", or the
        // FATAL the server sent before closing it): no statement data in it.
        return connection_error(trimmed(PQerrorMessage(conn)));
    }
    if (result == nullptr) {
        return Error{ErrorKind::other, {}, trimmed(PQerrorMessage(conn))};
    }
    Error error;
    error.kind = kind_of(sqlstate);
    if (const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME)) {
        error.constraint = constraint;
    }
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    if (sqlstate.starts_with("22")) {
        error.message = "a parameter's value does not fit the statement";
    } else {
        error.message = primary != nullptr ? primary : "the statement failed";
    }
    if (!sqlstate.empty()) {
        error.message += " (SQLSTATE " + sqlstate + ")";
    }
    return error;
}

std::string integer_text(std::int64_t value) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return {buffer, end};
}

// The shortest text that reads back as the same double; PostgreSQL ≥ 12
// prints float8 the same way (extra_float_digits = 1), so reals round-trip.
std::string real_text(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return {buffer, end};
}

Value integer_value(const char* text, std::size_t length) {
    std::int64_t value = 0;
    const auto [end, failure] = std::from_chars(text, text + length, value);
    if (failure == std::errc() && end == text + length) {
        return value;
    }
    return std::string(text, length);
}

Value real_value(const char* text, std::size_t length) {
    double value = 0;
    const auto [end, failure] = std::from_chars(text, text + length, value);
    if (failure == std::errc() && end == text + length) {
        return value;
    }
    return std::string(text, length);
}

// Text-format results read by the column's type: integers and booleans (as
// 0/1, what SQLite stores) as integers, floats as reals, numeric — what SUM of
// bigint and AVG return — as an integer when it has no fraction, else a real;
// everything else as text.
Value value_of(const PGresult* result, int row, int column, Oid type) {
    if (PQgetisnull(result, row, column) != 0) {
        return std::monostate{};
    }
    const char* text = PQgetvalue(result, row, column);
    const auto length = static_cast<std::size_t>(PQgetlength(result, row, column));
    switch (type) {
        case kInt2Oid:
        case kInt4Oid:
        case kInt8Oid:
        case kOidOid:
            return integer_value(text, length);
        case kBoolOid:
            return std::int64_t{text[0] == 't' ? 1 : 0};
        case kFloat4Oid:
        case kFloat8Oid:
            return real_value(text, length);
        case kNumericOid: {
            Value whole = integer_value(text, length);
            return std::holds_alternative<std::int64_t>(whole) ? whole : real_value(text, length);
        }
        default:
            return std::string(text, length);
    }
}

std::vector<Row> rows_of(const PGresult* result) {
    const int rows = PQntuples(result);
    const int columns = PQnfields(result);
    std::vector<Oid> types;
    for (int column = 0; column < columns; ++column) {
        types.push_back(PQftype(result, column));
    }
    std::vector<Row> out(static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        auto& values = out[static_cast<std::size_t>(row)].values;
        values.reserve(types.size());
        for (int column = 0; column < columns; ++column) {
            values.push_back(
                value_of(result, row, column, types[static_cast<std::size_t>(column)]));
        }
    }
    return out;
}

// A statement's parameters as libpq takes them, and the key its prepared
// statement is found by: the parameters' types and the text (`$1` typed
// int8 once and text another time are two statements).
struct Bound {
    Bound(std::string_view sql, std::span<const Value> params)
        : texts(params.size()), values(params.size(), nullptr), types(params.size(), 0) {
        key.reserve(params.size() + 1 + sql.size());
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& param = params[i];
            if (const auto* integer = std::get_if<std::int64_t>(&param)) {
                texts[i] = integer_text(*integer);
                values[i] = texts[i].c_str();
                types[i] = kInt8Oid;
                key += 'i';
            } else if (const auto* real = std::get_if<double>(&param)) {
                texts[i] = real_text(*real);
                values[i] = texts[i].c_str();
                types[i] = kFloat8Oid;
                key += 'r';
            } else if (const auto* text = std::get_if<std::string>(&param)) {
                values[i] = text->c_str();  // type 0: the server infers it from the statement
                key += 't';
            } else {
                key += 'n';  // NULL, its type inferred as well
            }
        }
        key += '\n';
        key.append(sql);
        sql_at = params.size() + 1;
    }
    Bound(const Bound&) = delete;
    Bound& operator=(const Bound&) = delete;

    // The SQL, NUL-terminated (the key's tail).
    const char* sql() const { return key.c_str() + sql_at; }

    std::vector<std::string> texts;
    std::vector<const char*> values;
    std::vector<Oid> types;
    std::string key;
    std::size_t sql_at = 0;
};

// One libpq connection and the statements prepared on it.
class Connection {
  public:
    static Result<std::unique_ptr<Connection>, Error> open(const std::string& url,
                                                           const OpenOptions& options,
                                                           const PostgresOptions& tuning) {
        // Our defaults come before the URL, so a URL that sets one of them wins.
        // lz4 for the large bodies PostgreSQL compresses (TOAST: a
        // Provenance's base64 signature, ~8 kB): pglz was ~9 % of the
        // backends' CPU in the sync bench; lz4 is several times cheaper
        // (Debian's PostgreSQL 15 is built with it).
        const std::string server_options =
            "-c lock_timeout=" + std::to_string(options.busy_timeout_ms) +
            " -c default_toast_compression=lz4";
        const char* keys[] = {"client_encoding", "application_name", "connect_timeout",
                              "options",         "dbname",           nullptr};
        const char* values[] = {"UTF8",      "jiayi-hub", "10", server_options.c_str(),
                                url.c_str(), nullptr};
        PgConn conn(PQconnectdbParams(keys, values, 1));
        if (!conn) {
            return fail(connection_error("libpq could not allocate a connection"));
        }
        if (PQstatus(conn.get()) != CONNECTION_OK) {
            return fail(connection_error(trimmed(PQerrorMessage(conn.get()))));
        }
        // libpq prints the server's NOTICEs and WARNINGs on stderr by default
        // ("table … does not exist, skipping" from a migration): the hub's
        // output is its own, so they are dropped.
        PQsetNoticeProcessor(
            conn.get(), [](void*, const char*) {}, nullptr);
        return std::make_unique<Connection>(std::move(conn), tuning.prepare_statements);
    }

    Connection(PgConn conn, bool prepare) : conn_(std::move(conn)), prepare_(prepare) {}

    // Still usable by the next transaction: connected, and not inside one.
    bool reusable() const {
        return PQstatus(conn_.get()) == CONNECTION_OK &&
               PQtransactionStatus(conn_.get()) == PQTRANS_IDLE &&
               PQpipelineStatus(conn_.get()) == PQ_PIPELINE_OFF;
    }
    bool broken() const { return PQstatus(conn_.get()) == CONNECTION_BAD; }

    // Nothing came from the server since the connection went idle. A server
    // that ends a backend (pg_terminate_backend, a restart) sends its FATAL
    // and closes the socket: an idle connection with something to read is
    // that goodbye. (The BEGIN used to find it out, a round trip per
    // transaction; it now goes with the first statement.)
    bool quiet() const {
        pollfd socket{PQsocket(conn_.get()), POLLIN, 0};
        return PQstatus(conn_.get()) == CONNECTION_OK && poll(&socket, 1, 0) == 0;
    }
    PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_.get()); }

    // A statement without parameters and without rows (BEGIN, COMMIT, a script).
    Result<void, Error> command(const char* sql) {
        PgResult result(PQexec(conn_.get(), sql));
        const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
            status != PGRES_EMPTY_QUERY) {
            return fail(statement_error(conn_.get(), result.get()));
        }
        return Ok{};
    }

    // One statement: a pipeline of one step (so a statement met the first
    // time is prepared and run in one round trip).
    Result<PgResult, Error> run(std::string_view sql, std::span<const Value> params) {
        const Step step{sql, params};
        auto answers = pipeline(std::span<const Step>(&step, 1));
        if (!answers) {
            return fail(answers.error());
        }
        return std::move(answers.value().front());
    }

    struct Step {
        std::string_view sql;
        std::span<const Value> params;
        bool control = false;  // BEGIN or COMMIT: sent as it is, never prepared
    };

    // Sends every step and a Sync, then reads the answers: one round trip
    // for all of them (libpq's pipeline mode). The answers in order, or the
    // first failure — the server skips every step after a failed one, up to
    // the Sync, and a transaction it was inside is aborted. `answered`, when
    // given, is how many steps were answered without error before it.
    Result<std::vector<PgResult>, Error> pipeline(std::span<const Step> steps,
                                                  std::size_t* answered = nullptr) {
        if (answered != nullptr) {
            *answered = 0;
        }
        if (PQenterPipelineMode(conn_.get()) != 1) {
            return fail(statement_error(conn_.get(), nullptr));
        }
        // What each answer read back is: a step's, or the preparation of the
        // statement the step after it runs (its name, kept once it succeeded).
        struct Expected {
            std::size_t step;
            std::string prepared;  // non-empty: this answer is PQsendPrepare's, of this name
            std::string key;       // … for the statement of this key
        };
        std::vector<Expected> expected;
        // Prepared in this pipeline (key → name): a statement that comes
        // back within it (an import's 500-row chunks) is prepared once.
        std::unordered_map<std::string, std::string> preparing;
        std::optional<Error> failure;
        for (std::size_t i = 0; i < steps.size() && !failure; ++i) {
            const Bound bound(steps[i].sql, steps[i].params);
            const int n = static_cast<int>(steps[i].params.size());
            int sent = 0;
            const std::string* name =
                steps[i].control ? nullptr : prepared(bound, preparing.size());
            if (name != nullptr && name->empty()) {
                if (const auto found = preparing.find(bound.key); found != preparing.end()) {
                    name = &found->second;
                }
            }
            if (name != nullptr) {
                std::string use = *name;
                if (use.empty()) {
                    use = next_name();
                    if (PQsendPrepare(conn_.get(), use.c_str(), bound.sql(), n,
                                      bound.types.data()) != 1) {
                        failure = statement_error(conn_.get(), nullptr);
                        break;
                    }
                    expected.push_back({i, use, bound.key});
                    preparing.emplace(bound.key, use);
                }
                sent = PQsendQueryPrepared(conn_.get(), use.c_str(), n, bound.values.data(),
                                           nullptr, nullptr, 0);
            } else {
                sent = PQsendQueryParams(conn_.get(), bound.sql(), n, bound.types.data(),
                                         bound.values.data(), nullptr, nullptr, 0);
            }
            if (sent != 1) {
                failure = statement_error(conn_.get(), nullptr);
                break;
            }
            expected.push_back({i, {}, {}});
        }
        if (!failure && PQpipelineSync(conn_.get()) != 1) {
            failure = statement_error(conn_.get(), nullptr);
        }
        if (failure) {
            // Nothing can be read back reliably: the connection is dropped by
            // the pool (it is not idle, or still in pipeline mode: reusable()).
            return fail(*failure);
        }
        std::vector<PgResult> answers(steps.size());
        for (const Expected& next : expected) {
            PgResult result(PQgetResult(conn_.get()));
            const bool arrived = result != nullptr;
            const auto status = arrived ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
            if (status == PGRES_PIPELINE_ABORTED) {
                // A step before failed; its error is the one reported.
            } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
                if (!failure) {
                    failure = statement_error(conn_.get(), result.get());
                }
                if (!arrived) {
                    return fail(*failure);  // lost the server: nothing more comes
                }
            } else if (!next.prepared.empty()) {
                statements_[next.key] = next.prepared;
            } else {
                answers[next.step] = std::move(result);
                if (!failure && answered != nullptr) {
                    ++*answered;
                }
            }
            PgResult end(PQgetResult(conn_.get()));  // each answer ends with NULL
        }
        PgResult sync(PQgetResult(conn_.get()));
        if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
            return fail(failure ? *failure : statement_error(conn_.get(), sync.get()));
        }
        if (PQexitPipelineMode(conn_.get()) != 1) {
            return fail(failure ? *failure : statement_error(conn_.get(), nullptr));
        }
        if (failure) {
            return fail(*failure);
        }
        return answers;
    }

  private:
    // The name a statement is prepared under ("" when it is to be prepared
    // now), or nullptr when it runs unprepared (preparing is off, or the
    // connection holds kMaxPrepared already).
    // `preparing`: how many a pipeline being sent prepares besides.
    const std::string* prepared(const Bound& bound, std::size_t preparing) {
        if (!prepare_) {
            return nullptr;
        }
        if (const auto found = statements_.find(bound.key); found != statements_.end()) {
            return &found->second;
        }
        static const std::string kNotYet;
        return statements_.size() + preparing < kMaxPrepared ? &kNotYet : nullptr;
    }

    // Never reused: a preparation a failed pipeline left on the server
    // unrecorded still holds its name.
    std::string next_name() { return "jiayi_" + std::to_string(++prepared_count_); }

    PgConn conn_;
    bool prepare_;
    std::unordered_map<std::string, std::string> statements_;  // types + '\n' + SQL → name
    std::uint64_t prepared_count_ = 0;
};

// Up to `connections` connections, opened when first needed; a thread that
// finds them all lent waits for one to come back.
class Pool {
  public:
    Pool(std::string url, OpenOptions options, PostgresOptions tuning,
         std::unique_ptr<Connection> first)
        : url_(std::move(url)), options_(options), tuning_(tuning), open_(1) {
        idle_.push_back(std::move(first));
    }

    Result<std::unique_ptr<Connection>, Error> acquire() {
        std::unique_lock lock(mutex_);
        for (;;) {
            returned_.wait(lock, [&] { return !idle_.empty() || open_ < options_.connections; });
            if (idle_.empty()) {
                break;
            }
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            if (conn->quiet()) {
                return conn;
            }
            // The server ended it while it was idle: closed, its place freed.
            --open_;
            lock.unlock();
            conn.reset();
            lock.lock();
        }
        ++open_;
        lock.unlock();
        auto opened = Connection::open(url_, options_, tuning_);
        if (!opened) {
            lock.lock();
            --open_;
            returned_.notify_one();
        }
        return opened;
    }

    // A connection that lost its server (or was left inside a transaction) is
    // closed, and its place freed for a new one.
    void give_back(std::unique_ptr<Connection> conn) {
        {
            std::lock_guard lock(mutex_);
            if (conn->reusable()) {
                idle_.push_back(std::move(conn));
            } else {
                --open_;
            }
        }
        returned_.notify_one();
        conn.reset();  // closes a dropped connection outside the lock
    }

  private:
    const std::string url_;
    const OpenOptions options_;
    const PostgresOptions tuning_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_;  // lent and idle
};

// A connection borrowed from the pool for one transaction or script.
class Lease {
  public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

  private:
    Pool& pool_;
    std::unique_ptr<Connection> conn_;
};

// BEGIN goes with the transaction's first statement, and the rows given to
// execute_at_commit with its COMMIT: a signing is two round trips shorter.
class PgTransaction final : public Transaction {
  public:
    PgTransaction(Connection& conn, const char* begin) : conn_(conn), begin_(begin) {}
    using Transaction::execute;
    using Transaction::query;

    Result<std::vector<Row>, Error> query(std::string_view sql,
                                          std::span<const Value> params) override {
        auto result = statement(sql, params);
        if (!result) {
            return fail(remember(result.error()));
        }
        return rows_of(result.value().get());
    }

    Result<std::int64_t, Error> execute(std::string_view sql,
                                        std::span<const Value> params) override {
        auto result = statement(sql, params);
        if (!result) {
            return fail(remember(result.error()));
        }
        const char* affected = PQcmdTuples(result.value().get());
        std::int64_t count = 0;
        std::from_chars(affected, affected + std::char_traits<char>::length(affected), count);
        return count;
    }

    void execute_at_commit(std::string sql, std::vector<Value> params) override {
        at_commit_.emplace_back(std::move(sql), std::move(params));
    }

    // The statements given to execute_at_commit, then COMMIT, in one round
    // trip (with the BEGIN too when `work` ran nothing else). A transaction
    // that sent nothing has nothing to commit.
    Result<void, Error> commit() {
        std::vector<Connection::Step> steps;
        if (!began_) {
            if (at_commit_.empty()) {
                return Ok{};
            }
            steps.push_back({begin_, {}, true});
        }
        for (const auto& [sql, params] : at_commit_) {
            steps.push_back({sql, params});
        }
        steps.push_back({"COMMIT", {}, true});
        began_ = true;
        auto done = conn_.pipeline(steps);
        if (!done) {
            return fail(done.error());
        }
        return Ok{};
    }

    // The first statement that failed: PostgreSQL refuses every later one in
    // the same transaction, so `work` cannot carry on past it and commit.
    const std::optional<Error>& failure() const { return failure_; }
    // BEGIN was sent (alone or with a statement): there is something to roll back.
    bool began() const { return began_; }
    // The BEGIN and first statement found the pooled connection dead: nothing
    // of the transaction reached the server, so it may run again elsewhere.
    bool lost_before_start() const { return lost_before_start_; }

  private:
    Result<PgResult, Error> statement(std::string_view sql, std::span<const Value> params) {
        if (began_) {
            return conn_.run(sql, params);
        }
        began_ = true;
        const Connection::Step steps[] = {{begin_, {}, true}, {sql, params}};
        std::size_t answered = 0;
        auto answers = conn_.pipeline(steps, &answered);
        if (!answers) {
            // Lost before even BEGIN was answered: the server had already
            // ended the connection (one quiet() could not tell yet), so the
            // statement never ran.
            lost_before_start_ = answers.error().kind == ErrorKind::connection && answered == 0;
            return fail(answers.error());
        }
        return std::move(answers.value()[1]);
    }

    const Error& remember(const Error& error) {
        if (!failure_) {
            failure_ = error;
        }
        return error;
    }

    Connection& conn_;
    const char* begin_;
    bool began_ = false;
    bool lost_before_start_ = false;
    std::vector<std::pair<std::string, std::vector<Value>>> at_commit_;
    std::optional<Error> failure_;
};

class PostgresDatabase final : public Database {
  public:
    PostgresDatabase(std::string url, const OpenOptions& options, const PostgresOptions& tuning,
                     std::unique_ptr<Connection> first)
        : options_(options), pool_(std::move(url), options, tuning, std::move(first)) {}

    Engine engine() const override { return Engine::postgresql; }

    Result<Finish, Error> transact(
        Mode mode, const std::function<Result<Finish, Error>(Transaction&)>& work) override {
        const char* begin = mode == Mode::read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                               : "BEGIN ISOLATION LEVEL READ COMMITTED";
        bool reconnected = false;
        for (int attempt = 0;;) {
            auto borrowed = pool_.acquire();
            if (!borrowed) {
                return fail(borrowed.error());
            }
            Lease conn(pool_, std::move(borrowed.value()));
            PgTransaction transaction(*conn, begin);
            auto finished = work(transaction);
            if (transaction.lost_before_start() && !reconnected) {
                // An idle pooled connection can lose its server (a restart, a
                // terminated backend). Nothing of this transaction ran (BEGIN
                // was not even answered), so `work` runs once more on a fresh
                // connection before the loss is reported.
                reconnected = true;
                continue;
            }
            Error error;
            if (finished && finished.value() == Finish::roll_back) {
                roll_back(*conn, transaction);
                return Finish::roll_back;
            }
            if (finished && transaction.failure()) {
                error = *transaction.failure();  // `work` went on past a failed statement
            } else if (finished) {
                auto committed = transaction.commit();
                if (committed) {
                    return Finish::commit;
                }
                // A connection lost during COMMIT leaves the outcome unknown: it
                // is reported, never retried.
                error = committed.error();
            } else {
                error = finished.error();
            }
            roll_back(*conn, transaction);
            if (error.kind != ErrorKind::busy || attempt >= options_.retries) {
                return fail(error);
            }
            ++attempt;
        }
    }

    Result<void, Error> execute_script(std::string_view sql) override {
        auto borrowed = pool_.acquire();
        if (!borrowed) {
            return fail(borrowed.error());
        }
        Lease conn(pool_, std::move(borrowed.value()));
        auto ran = conn->command(std::string(sql).c_str());
        // A script that failed between its own BEGIN and COMMIT leaves the
        // connection inside a transaction; it goes back to the pool idle.
        roll_back(*conn);
        return ran;
    }

  private:
    static void roll_back(Connection& conn, const PgTransaction& transaction) {
        if (transaction.began()) {
            roll_back(conn);
        }
    }

    static void roll_back(Connection& conn) {
        const auto status = conn.transaction_status();
        if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) {
            (void)conn.command("ROLLBACK");  // a failure here leaves it unusable: the pool drops it
        }
    }

    const OpenOptions options_;
    Pool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>, Error> open_postgres(std::string_view url,
                                                       const OpenOptions& options,
                                                       const PostgresOptions& tuning) {
    OpenOptions checked = options;
    if (checked.connections < 1) {
        checked.connections = 1;
    }
    std::string owned(url);
    auto first = Connection::open(owned, checked, tuning);
    if (!first) {
        return fail(first.error());
    }
    return std::unique_ptr<Database>(std::make_unique<PostgresDatabase>(
        std::move(owned), checked, tuning, std::move(first.value())));
}

}  // namespace jiayi::hub::db
