// Placeholder until the libpq engine lands: a build without PostgreSQL says
// so when asked for a postgresql:// URL, and SQLite works as before.
#include "hub/db/postgres_database.hpp"

namespace jiayi::hub::db {

Result<std::unique_ptr<Database>, Error> open_postgres(std::string_view, const OpenOptions&) {
    return fail(Error{ErrorKind::connection, "", "built without PostgreSQL"});
}

}  // namespace jiayi::hub::db
