#include "kiosk/store/sqlite.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/private_file.hpp"

namespace jiayi::store {

namespace {

// The database holds personal data, sealed or not: only its owner may read
// it (common/private_file.hpp). A file that cannot be opened is left to
// SQLite's own open, which says why in its words.
void restrict_mode(const std::filesystem::path& path) {
    if (auto made = make_private(path); !made && made.error().opened) {
        throw SqliteError(SQLITE_PERM, made.error().message);
    }
}

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context) {
    throw SqliteError(rc,
                      std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        throw_error(db, rc, "prepare");
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, const Bytes& blob) {
    const int rc = sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, const std::optional<Bytes>& blob) {
    return blob ? bind(index, *blob) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) {
        throw_error(db_, rc, "bind");
    }
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_error(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::optional<Bytes> Statement::blob(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return Bytes(p, p + n);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Database::Database(const std::filesystem::path& path, Durability durability) {
    restrict_mode(path);
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(rc, "open " + path.string() + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec(durability == Durability::Synced ? "PRAGMA synchronous=FULL"
                                              : "PRAGMA synchronous=OFF");
        exec("PRAGMA foreign_keys=ON");
        // Deleted and overwritten content is zeroed, so a purged field or a
        // dropped clear column does not linger in free space.
        exec("PRAGMA secure_delete=ON");
    } catch (...) {
        sqlite3_close(db_);  // the destructor does not run for a throwing constructor
        db_ = nullptr;
        throw;
    }
}

Database::~Database() {
    sqlite3_close(db_);
}

namespace {

// Every page of `from` into `to`, in one step (the database is small and no
// other connection writes it meanwhile).
void copy_pages(sqlite3* from, sqlite3* to, const std::string& what) {
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr) {
        throw_error(to, sqlite3_errcode(to), what);
    }
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        throw SqliteError(rc, what + ": " + sqlite3_errstr(rc));
    }
}

// A plain connection to a backup file, closed with its scope.
struct BackupFile {
    sqlite3* db = nullptr;
    BackupFile(const std::filesystem::path& file, int flags) {
        const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
            sqlite3_close(db);
            throw SqliteError(rc, "open " + file.string() + ": " + message);
        }
    }
    ~BackupFile() { sqlite3_close(db); }
    BackupFile(const BackupFile&) = delete;
    BackupFile& operator=(const BackupFile&) = delete;
};

}  // namespace

void Database::back_up_to(const std::filesystem::path& file) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    restrict_mode(file);
    BackupFile out(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy_pages(db_, out.db, "back up to " + file.string());
}

void Database::restore_from(const std::filesystem::path& file) {
    BackupFile in(file, SQLITE_OPEN_READONLY);
    copy_pages(in.db, db_, "restore from " + file.string());
}

void Database::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw SqliteError(rc, "exec: " + text);
    }
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const SqliteError&) {
            // The connection already rolled back (an I/O error does that).
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace jiayi::store
