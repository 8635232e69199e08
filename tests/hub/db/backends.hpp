#pragma once
// The engines the Database contract runs on, each giving a test a fresh,
// empty database of its own.

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
#include "hub/db/postgres_database.hpp"
#include "support/postgres.hpp"

namespace jiayi::test {

struct Backend {
    std::string name;
    std::function<std::unique_ptr<hub::db::Database>(const hub::db::OpenOptions&)> open;
};

inline std::unique_ptr<hub::db::Database> fresh_postgres(const hub::db::OpenOptions& options = {}) {
    auto opened = hub::db::open_postgres(fresh_postgres_database(), options);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

// SQLite joins this list when its engine is on the same branch:
//   {"sqlite", [dir](auto& options) { return db::open((dir / "hub.db").string(), options); }}
// with a TempDir per call.
inline std::vector<Backend> backends() {
    return {{"postgresql",
             [](const hub::db::OpenOptions& options) { return fresh_postgres(options); }}};
}

}  // namespace jiayi::test
