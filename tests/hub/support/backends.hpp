#pragma once
// The hub's storage tests run once per backend. A backend is a way to get a
// fresh, empty database: SQLite is a new file in a temporary folder, always;
// PostgreSQL is a new database on the cluster named by
// JIAYI_TEST_POSTGRES_URL (a libpq URL whose user may CREATE DATABASE), when
// the test run has one (the PostgreSQL fixture sets it).

#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
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
    const char* postgres = std::getenv("JIAYI_TEST_POSTGRES_URL");
    if (postgres != nullptr && *postgres != '\0') {
        const std::string admin = postgres;
        backends.push_back(
            {"postgresql", [admin](const TempDir&, const hub::db::OpenOptions& options) {
                 unsigned char bytes[6];
                 randombytes_buf(bytes, sizeof bytes);
                 char hex[13];
                 sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
                 const std::string name = std::string("hub_test_") + hex;
                 auto server = must_open(admin, options);
                 REQUIRE(server->execute_script("CREATE DATABASE " + name).ok());
                 // postgresql://user@host:port/db?params → …/name?params
                 const auto query = admin.find('?');
                 const auto slash = admin.rfind('/', query);
                 const std::string url = admin.substr(0, slash + 1) + name +
                                         (query == std::string::npos ? "" : admin.substr(query));
                 return must_open(url, options);
             }});
    }
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
