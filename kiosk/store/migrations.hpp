#pragma once
// The schema's history. Each migration runs once, in its own transaction, and
// PRAGMA user_version records how far a database has come. Never edit a
// migration that has shipped: add the next one.

#include <span>
#include <string_view>

namespace jiayi::store {

class Database;
class KeyRing;

// One step: its SQL; for what SQL cannot do (sealing a value needs the key),
// a function run after it; then more SQL. All of it in one transaction.
struct Migration {
    using WithKey = void (*)(Database& db, const KeyRing& keys);

    // Implicit, so a plain SQL step is written as its text alone.
    constexpr Migration(const char* sql_) : sql(sql_) {}
    constexpr Migration(std::string_view sql_, WithKey with_key_, std::string_view then_sql_)
        : sql(sql_), with_key(with_key_), then_sql(then_sql_) {}

    std::string_view sql;
    WithKey with_key = nullptr;
    std::string_view then_sql;
};

std::span<const Migration> migrations();

}  // namespace jiayi::store
