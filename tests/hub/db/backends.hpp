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
#include "support/temp_dir.hpp"

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

// A SQLite file in a folder that lives as long as the test binary.
inline std::unique_ptr<hub::db::Database> fresh_sqlite(const hub::db::OpenOptions& options = {}) {
    static TempDir folder;
    static int count = 0;
    auto opened =
        hub::db::open((folder / ("hub-" + std::to_string(++count) + ".db")).string(), options);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

inline std::vector<Backend> backends() {
    return {{"sqlite", [](const hub::db::OpenOptions& options) { return fresh_sqlite(options); }},
            {"postgresql",
             [](const hub::db::OpenOptions& options) { return fresh_postgres(options); }}};
}

}  // namespace jiayi::test
