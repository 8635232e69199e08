#pragma once
// A real PostgreSQL 15 server for tests: Debian's postgresql-15 binaries,
// initdb into a fresh temporary folder, the server listening on a free port
// on 127.0.0.1 and on a unix socket in that folder (never the packaged
// cluster's 5432 or /var/run/postgresql), stopped and removed with the object.
//
// As root, initdb and the server run as `nobody` (PostgreSQL refuses root)
// with the folder given to it; otherwise as the current user. The server is
// the test process's child and gets SIGQUIT if the test process dies, so a
// crashed test leaves no server behind.
//
// A test binary shares one server (initdb takes ~1.5 s; see shared_postgres())
// and gives each test case a database of its own (CREATE DATABASE from
// template0, ~0.2 s).

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "support/temp_dir.hpp"

namespace jiayi::test {

struct PostgresSettings {
    // fsync off by default: a killed process (the hub's or the server's)
    // loses nothing committed without it — COMMIT has written the WAL into
    // the kernel — only an OS crash or power loss would, which no test makes.
    // synchronous_commit stays on for that reason. Benchmarks turn fsync on.
    bool fsync = false;
    // Two hub processes with their pools, and 64 benchmark clients.
    int max_connections = 200;
};

class TempPostgres {
  public:
    // Throws std::runtime_error when the binaries are missing (it names the
    // package) or the server does not start (it quotes the server's log).
    explicit TempPostgres(PostgresSettings settings = {});
    ~TempPostgres();
    TempPostgres(const TempPostgres&) = delete;
    TempPostgres& operator=(const TempPostgres&) = delete;

    int port() const { return port_; }
    const std::filesystem::path& socket_dir() const { return dir_.path(); }

    // libpq URLs for the superuser `postgres` (trust authentication, local only).
    std::string url(const std::string& database = "postgres") const;  // TCP, 127.0.0.1
    std::string socket_url(const std::string& database = "postgres") const;

    // An empty database named `name` (letters, digits, '_'); answers its url().
    std::string create_database(const std::string& name);
    // Runs `sql` as the superuser; throws with the server's message when it fails.
    void execute(const std::string& sql, const std::string& database = "postgres") const;

  private:
    void start();
    void stop();

    PostgresSettings settings_;
    TempDir dir_;
    std::filesystem::path bin_;
    bool as_nobody_ = false;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
    int port_ = 0;
    pid_t server_ = -1;
};

// The test binary's server, started by the first test that asks for it and
// stopped when the binary exits.
TempPostgres& shared_postgres();
// A new empty database on the shared server; answers its URL.
std::string fresh_postgres_database();

}  // namespace jiayi::test
