#pragma once
// The PostgreSQL engine of db::Database (libpq). open() calls it for a
// "postgresql://" or "postgres://" URL.

#include <memory>
#include <string_view>

#include "hub/db/database.hpp"

namespace jiayi::hub::db {

Result<std::unique_ptr<Database>, Error> open_postgres(std::string_view url,
                                                       const OpenOptions& options);

}  // namespace jiayi::hub::db
