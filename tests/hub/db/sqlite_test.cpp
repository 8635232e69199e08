// The SQLite engine of hub/db on real files: parameters, errors as the
// store sees them, transactions, the pool under threads, a lock held by
// another connection.

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "hub/db/database.hpp"
#include "hub/db/sqlite_database.hpp"
#include "hub/support/backends.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;
using namespace jiayi::hub;

namespace {

std::vector<db::Row> query(db::Database& database, std::string_view sql,
                           std::initializer_list<db::Value> params = {}) {
    std::vector<db::Row> rows;
    auto done = database.transact(db::Mode::read,
                                  [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                                      auto found = tx.query(sql, params);
                                      if (!found) {
                                          return fail(found.error());
                                      }
                                      rows = std::move(found).value();
                                      return db::Finish::commit;
                                  });
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
    return rows;
}

// One statement in its own write transaction; its error, if any.
Result<std::int64_t, db::Error> write(db::Database& database, std::string_view sql,
                                      std::initializer_list<db::Value> params = {}) {
    std::int64_t changed = 0;
    auto done = database.transact(db::Mode::write,
                                  [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                                      auto ran = tx.execute(sql, params);
                                      if (!ran) {
                                          return fail(ran.error());
                                      }
                                      changed = ran.value();
                                      return db::Finish::commit;
                                  });
    if (!done) {
        return fail(done.error());
    }
    return changed;
}

void schema(db::Database& database) {
    REQUIRE(database
                .execute_script(
                    "CREATE TABLE items (id TEXT PRIMARY KEY, owner TEXT NOT NULL, state TEXT NOT "
                    "NULL, "
                    "n INTEGER NOT NULL DEFAULT 0, CHECK (n >= 0));"
                    "CREATE UNIQUE INDEX items_one_open ON items (owner) WHERE state = 'open';"
                    "CREATE TABLE pairs (a TEXT NOT NULL, b TEXT NOT NULL, UNIQUE (a, b));"
                    "CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);"
                    "INSERT INTO counter (id, n) VALUES (1, 0);")
                .ok());
}

}  // namespace

TEST_CASE("$N parameters become ?N outside quotes and comments") {
    CHECK(db::numbered_parameters("SELECT $2, $1") == "SELECT ?2, ?1");
    CHECK(db::numbered_parameters("SELECT '$1', \"$2\", $10 -- $3\n, $3") ==
          "SELECT '$1', \"$2\", ?10 -- $3\n, ?3");
    CHECK(db::numbered_parameters("SELECT $ FROM t") == "SELECT $ FROM t");
}

TEST_CASE("parameters bind by number, whatever their order in the statement") {
    test::for_each_backend([](db::Database& database) {
        const auto rows = query(database, "SELECT $2, $1, $3, $4",
                                {std::int64_t{7}, std::string("b"), 2.5, db::Value{}});
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].text(0) == "b");
        CHECK(rows[0].integer(1) == 7);
        CHECK(rows[0].real(2) == doctest::Approx(2.5));
        CHECK(rows[0].is_null(3));
        CHECK(rows[0].text(3).empty());
        CHECK(rows[0].integer(3) == 0);
        CHECK(rows[0].real(1) == doctest::Approx(7.0));
    });
}

TEST_CASE(
    "a new SQLite file is private and in WAL mode, and open() takes a path or a sqlite: URL") {
    test::TempDir folder;
    const auto path = folder / "hub.db";
    {
        auto database = test::must_open("sqlite:" + path.string(), {});
        CHECK(database->engine() == db::Engine::sqlite);
        CHECK(query(*database, "PRAGMA journal_mode")[0].text(0) == "wal");
        CHECK(query(*database, "PRAGMA synchronous")[0].integer(0) == 2);  // FULL
        CHECK(query(*database, "PRAGMA foreign_keys")[0].integer(0) == 1);
    }
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto again = test::must_open(path.string(), {});
    CHECK(query(*again, "SELECT 1")[0].integer(0) == 1);
    auto nowhere = db::open((folder / "missing" / "hub.db").string(), {});
    REQUIRE_FALSE(nowhere.ok());
    CHECK(nowhere.error().kind == db::ErrorKind::connection);
}

TEST_CASE(
    "a refusing unique index is named: a named index, a partial one, a primary key, an unnamed "
    "UNIQUE") {
    test::for_each_backend([](db::Database& database) {
        schema(database);
        REQUIRE(write(database, "INSERT INTO items (id, owner, state) VALUES ($1, $2, 'open')",
                      {std::string("a"), std::string("o")})
                    .ok());
        auto second_open =
            write(database, "INSERT INTO items (id, owner, state) VALUES ($1, $2, 'open')",
                  {std::string("b"), std::string("o")});
        REQUIRE_FALSE(second_open.ok());
        CHECK(second_open.error().kind == db::ErrorKind::unique_violation);
        CHECK(second_open.error().constraint == "items_one_open");
        // The partial index holds open rows only.
        CHECK(write(database, "INSERT INTO items (id, owner, state) VALUES ($1, $2, 'closed')",
                    {std::string("b"), std::string("o")})
                  .ok());
        auto same_id =
            write(database, "INSERT INTO items (id, owner, state) VALUES ($1, $2, 'closed')",
                  {std::string("a"), std::string("p")});
        REQUIRE_FALSE(same_id.ok());
        CHECK(same_id.error().kind == db::ErrorKind::unique_violation);
        CHECK(same_id.error().constraint == "items_pkey");
        REQUIRE(write(database, "INSERT INTO pairs (a, b) VALUES ('x', 'y')").ok());
        auto pair = write(database, "INSERT INTO pairs (a, b) VALUES ('x', 'y')");
        REQUIRE_FALSE(pair.ok());
        CHECK(pair.error().constraint == "pairs_a_b_key");
        auto negative = write(database, "UPDATE items SET n = -1 WHERE id = 'a'");
        REQUIRE_FALSE(negative.ok());
        CHECK(negative.error().kind == db::ErrorKind::check_violation);
        auto missing = write(database, "INSERT INTO nowhere VALUES (1)");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().kind == db::ErrorKind::other);
        CHECK(query(database, "SELECT COUNT(*) FROM items")[0].integer(0) == 2);
    });
}

TEST_CASE("a transaction keeps all its writes or none") {
    test::for_each_backend([](db::Database& database) {
        schema(database);
        auto refused = database.transact(
            db::Mode::write, [](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                if (auto ran = tx.execute(
                        "INSERT INTO items (id, owner, state) VALUES ('a', 'o', 'open')");
                    !ran) {
                    return fail(ran.error());
                }
                return db::Finish::roll_back;
            });
        REQUIRE(refused.ok());
        CHECK(refused.value() == db::Finish::roll_back);
        auto failed = database.transact(
            db::Mode::write, [](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                if (auto ran = tx.execute(
                        "INSERT INTO items (id, owner, state) VALUES ('a', 'o', 'open')");
                    !ran) {
                    return fail(ran.error());
                }
                if (auto ran = tx.execute(
                        "INSERT INTO items (id, owner, state) VALUES ('b', 'o', 'open')");
                    !ran) {
                    return fail(ran.error());
                }
                return db::Finish::commit;
            });
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().kind == db::ErrorKind::unique_violation);
        CHECK(query(database, "SELECT COUNT(*) FROM items")[0].integer(0) == 0);
        // The connection is usable after both.
        CHECK(write(database, "INSERT INTO items (id, owner, state) VALUES ('c', 'o', 'open')")
                  .value() == 1);
        CHECK(write(database, "UPDATE items SET n = n + 1 WHERE id = 'nobody'").value() == 0);
    });
}

TEST_CASE("64 threads reading then writing in SQLite write transactions reach 64 x 50, none lost") {
    // Read-then-write is correct only when writers take turns, which is
    // SQLite's promise (BEGIN IMMEDIATE), not PostgreSQL's READ COMMITTED.
    test::TempDir folder;
    auto opened =
        test::must_open((folder / "hub.db").string(),
                        db::OpenOptions{.connections = 8, .busy_timeout_ms = 5000, .retries = 5});
    [](db::Database& database) {
        schema(database);
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 64; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 50; ++i) {
                    // Read then write inside one transaction: only correct if
                    // writers really take turns.
                    auto done = database.transact(
                        db::Mode::write, [](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                            auto now = tx.query("SELECT n FROM counter WHERE id = 1");
                            if (!now) {
                                return fail(now.error());
                            }
                            auto set = tx.execute("UPDATE counter SET n = $1 WHERE id = 1",
                                                  {now.value()[0].integer(0) + 1});
                            if (!set) {
                                return fail(set.error());
                            }
                            return db::Finish::commit;
                        });
                    if (!done) {
                        ++failures;
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        CHECK(failures.load() == 0);
        CHECK(query(database, "SELECT n FROM counter")[0].integer(0) == 64 * 50);
    }(*opened);
}

TEST_CASE(
    "a write lock held by another connection answers busy after the timeout, and transact "
    "retries") {
    test::TempDir folder;
    const auto path = folder / "hub.db";
    auto database = test::must_open(
        path.string(), db::OpenOptions{.connections = 2, .busy_timeout_ms = 50, .retries = 2});
    schema(*database);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    int runs = 0;
    auto blocked =
        database->transact(db::Mode::write, [&](db::Transaction&) -> Result<db::Finish, db::Error> {
            ++runs;
            return db::Finish::commit;
        });
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().kind == db::ErrorKind::busy);
    CHECK(runs == 0);  // BEGIN IMMEDIATE itself waited and gave up
    // A busy statement inside `work` runs `work` again, up to `retries` times.
    auto inside = database->transact(
        db::Mode::read, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            ++runs;
            auto ran = tx.execute("INSERT INTO items (id, owner, state) VALUES ('a', 'o', 'open')");
            if (!ran) {
                return fail(ran.error());
            }
            return db::Finish::commit;
        });
    REQUIRE_FALSE(inside.ok());
    CHECK(inside.error().kind == db::ErrorKind::busy);
    CHECK(runs == 3);
    REQUIRE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);
    CHECK(write(*database, "INSERT INTO items (id, owner, state) VALUES ('a', 'o', 'open')").ok());
}
