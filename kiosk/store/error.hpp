#pragma once

#include <string>
#include <string_view>

namespace jiayi::store {

enum class StoreErrorKind {
    KeyMissing,     // no key file
    KeyUnsafe,      // key file readable by group or others
    KeyInvalid,     // not 32 bytes (raw) or 64 hex characters
    WrongKey,       // the key does not open this database
    Undecryptable,  // a field failed authentication: tampered, or a foreign row
    SchemaTooNew,   // the database was written by a newer jiayi
    // An update's migration failed: the store was put back as it was before
    // (its schema and data as the older jiayi left them)
    MigrationFailed,
    Conflict,       // a uniqueness rule refused the write (one active contract, …)
    NotFound,
    Io,  // SQLite or file system failure (disk full, read-only, …)
};

struct StoreError {
    StoreErrorKind kind = StoreErrorKind::Io;
    std::string message;  // for staff and logs: never holds personal data
};

std::string_view code(StoreErrorKind kind);

}  // namespace jiayi::store
