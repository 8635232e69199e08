#pragma once
// The hub's storage tests run once per backend. A backend is a way to get a
// fresh, empty database: SQLite is a new file in a temporary folder, always;
// PostgreSQL is a new database on the test binary's own server
// (tests/support/postgres.hpp: started once, stopped at exit).

#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

struct HubBackend {
    std::string name;
    // A fresh empty database, valid while `folder` lives.
    std::function<std::unique_ptr<hub::db::Database>(const TempDir& folder,
                                                     const hub::db::OpenOptions&)>
        open;
};

inline std::unique_ptr<hub::db::Database> must_open(std::string_view url,
                                                    const hub::db::OpenOptions& options) {
    auto opened = hub::db::open(url, options);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

inline std::vector<HubBackend> hub_backends() {
    std::vector<HubBackend> backends;
    backends.push_back({"sqlite", [](const TempDir& folder, const hub::db::OpenOptions& options) {
                            return must_open("sqlite:" + (folder / "hub.db").string(), options);
                        }});
    backends.push_back({"postgresql", [](const TempDir&, const hub::db::OpenOptions& options) {
                            return must_open(fresh_postgres_database(), options);
                        }});
    return backends;
}

// Runs `body` once per backend, on a fresh database; a failure names the backend.
inline void for_each_backend(const std::function<void(hub::db::Database&)>& body,
                             const hub::db::OpenOptions& options = {}) {
    for (const auto& backend : hub_backends()) {
        CAPTURE(backend.name);
        TempDir folder;
        auto database = backend.open(folder, options);
        body(*database);
    }
}

}  // namespace jiayi::test
