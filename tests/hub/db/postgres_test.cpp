// What only the PostgreSQL engine has: a real deadlock and lock timeout
// retried, a connection the server ends, the pool coming back, messages that
// keep the server's DETAIL (key values, whole rows) out.
#include <doctest/doctest.h>

#include <atomic>
#include <barrier>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "support/people.hpp"

namespace jiayi::hub::db {
namespace {

using test::fresh_postgres;
using test::shared_postgres;

void script(Database& db, std::string_view sql) {
    auto done = db.execute_script(sql);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
}

std::int64_t integer(Database& db, std::string_view sql) {
    std::int64_t out = -1;
    auto done = db.transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
        auto read = tx.query(sql);
        if (!read) {
            return fail(read.error());
        }
        out = read.value().at(0).integer(0);
        return Finish::commit;
    });
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
    return out;
}

// Two transactions that lock rows a and b in opposite orders, the barrier
// making sure each holds its first lock before asking for the second: the
// server's deadlock detector ends one of them (40P01). Later attempts skip
// the barrier: by then the other transaction is the only one left.
struct Deadlock {
    std::barrier<> both_hold_one{2};
    std::atomic<int> attempts = 0;

    Result<Finish, Error> lock_in_order(Transaction& tx, bool& first_attempt, const char* one,
                                        const char* two) {
        ++attempts;
        const std::string sql = "UPDATE pair SET n = n + 1 WHERE id = $1";
        if (auto locked = tx.execute(sql, {one}); !locked) {
            return fail(locked.error());
        }
        if (first_attempt) {
            first_attempt = false;
            both_hold_one.arrive_and_wait();
        }
        if (auto locked = tx.execute(sql, {two}); !locked) {
            return fail(locked.error());
        }
        return Finish::commit;
    }
};

TEST_CASE("postgresql: a deadlock is busy, and transact() runs the losing work again") {
    auto db = fresh_postgres({.connections = 2, .retries = 3});
    script(*db,
           "CREATE TABLE pair (id TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO pair VALUES "
           "('a', 0), ('b', 0);");
    Deadlock deadlock;
    bool a_first = true;
    bool b_first = true;
    auto a = std::async(std::launch::async, [&] {
        return db->transact(Mode::write, [&](Transaction& tx) {
            return deadlock.lock_in_order(tx, a_first, "a", "b");
        });
    });
    auto b = std::async(std::launch::async, [&] {
        return db->transact(Mode::write, [&](Transaction& tx) {
            return deadlock.lock_in_order(tx, b_first, "b", "a");
        });
    });
    const auto a_done = a.get();
    const auto b_done = b.get();
    CHECK(a_done.ok());
    CHECK(b_done.ok());
    CHECK(deadlock.attempts.load() == 3);  // one of the two ran twice
    // Each transaction's two increments are there once: the victim's first
    // attempt left nothing behind.
    CHECK(integer(*db, "SELECT n FROM pair WHERE id = 'a'") == 2);
    CHECK(integer(*db, "SELECT n FROM pair WHERE id = 'b'") == 2);
}

TEST_CASE("postgresql: with no retries left, the deadlock's victim answers ErrorKind::busy") {
    auto db = fresh_postgres({.connections = 2, .retries = 0});
    script(*db,
           "CREATE TABLE pair (id TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO pair VALUES "
           "('a', 0), ('b', 0);");
    Deadlock deadlock;
    bool a_first = true;
    bool b_first = true;
    auto a = std::async(std::launch::async, [&] {
        return db->transact(Mode::write, [&](Transaction& tx) {
            return deadlock.lock_in_order(tx, a_first, "a", "b");
        });
    });
    auto b = std::async(std::launch::async, [&] {
        return db->transact(Mode::write, [&](Transaction& tx) {
            return deadlock.lock_in_order(tx, b_first, "b", "a");
        });
    });
    const auto a_done = a.get();
    const auto b_done = b.get();
    REQUIRE(a_done.ok() != b_done.ok());
    const Error& victim = a_done.ok() ? b_done.error() : a_done.error();
    CHECK(victim.kind == ErrorKind::busy);
    CHECK(victim.message.find("40P01") != std::string::npos);
    CHECK(deadlock.attempts.load() == 2);
    CHECK(integer(*db, "SELECT n FROM pair WHERE id = 'a'") == 1);
    CHECK(integer(*db, "SELECT n FROM pair WHERE id = 'b'") == 1);
}

TEST_CASE("postgresql: a lock held longer than busy_timeout_ms is busy (lock_timeout)") {
    const std::string url = test::fresh_postgres_database();
    auto holder = open_postgres(url, {}).value();
    auto waiter = open_postgres(url, {.busy_timeout_ms = 50, .retries = 0}).value();
    script(
        *holder,
        "CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO t VALUES ('a', 0);");

    std::promise<void> locked;
    std::promise<void> release;
    auto held = std::async(std::launch::async, [&] {
        return holder->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            auto update = tx.execute("UPDATE t SET n = n + 1 WHERE id = 'a'");
            locked.set_value();
            release.get_future().wait();
            if (!update) {
                return fail(update.error());
            }
            return Finish::commit;
        });
    });
    locked.get_future().wait();
    auto blocked = waiter->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        auto update = tx.execute("UPDATE t SET n = n + 10 WHERE id = 'a'");
        if (!update) {
            return fail(update.error());
        }
        return Finish::commit;
    });
    release.set_value();
    REQUIRE(held.get().ok());
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().kind == ErrorKind::busy);
    CHECK(blocked.error().message.find("55P03") != std::string::npos);
    CHECK(integer(*waiter, "SELECT n FROM t") == 1);
}

std::int64_t backend_pid(Transaction& tx) {
    return tx.query("SELECT pg_backend_pid()").value().at(0).integer(0);
}

// pg_terminate_backend with a timeout returns once the backend has exited.
void terminate(std::int64_t pid) {
    shared_postgres().execute("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)");
}

TEST_CASE(
    "postgresql: a connection the server ends mid-transaction is reported, and the pool opens "
    "another") {
    auto db = fresh_postgres({.connections = 1});
    script(*db, "CREATE TABLE t (x BIGINT)");
    std::int64_t killed = 0;
    auto lost = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        killed = backend_pid(tx);
        REQUIRE(tx.execute("INSERT INTO t VALUES (1)").ok());
        terminate(killed);
        auto after = tx.execute("INSERT INTO t VALUES (2)");
        if (!after) {
            return fail(after.error());
        }
        return Finish::commit;
    });
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.error().kind == ErrorKind::connection);
    CHECK_FALSE(lost.error().message.empty());

    // The one connection was dropped; the next transaction runs on a new backend.
    std::int64_t now = 0;
    auto next = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        now = backend_pid(tx);
        auto insert = tx.execute("INSERT INTO t VALUES (3)");
        if (!insert) {
            return fail(insert.error());
        }
        return Finish::commit;
    });
    REQUIRE(next.ok());
    CHECK(now != killed);
    CHECK(integer(*db, "SELECT COUNT(*) FROM t") == 1);  // the lost transaction left nothing
}

TEST_CASE(
    "postgresql: an idle pooled connection the server ended is replaced before the transaction "
    "starts") {
    auto db = fresh_postgres({.connections = 1});
    std::int64_t first = 0;
    REQUIRE(db->transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
                  first = backend_pid(tx);
                  return Finish::commit;
              }).ok());
    terminate(first);
    std::int64_t second = 0;
    auto again = db->transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
        second = backend_pid(tx);
        return Finish::commit;
    });
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
    CHECK(second != first);
    CHECK(second > 0);
}

TEST_CASE("postgresql: a server that is not there is ErrorKind::connection at open") {
    // The shared server's port on a database that does not exist, and a port nobody listens on.
    auto missing = open_postgres(shared_postgres().url("no_such_database"), {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::connection);
    auto nobody = open_postgres("postgresql://postgres@127.0.0.1:1/postgres", {});
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().kind == ErrorKind::connection);
}

TEST_CASE("postgresql: a value the server cannot read is not quoted back in the message") {
    auto db = fresh_postgres();
    script(*db, "CREATE TABLE t (n BIGINT)");
    // A made-up name and ID number: text that is not a number.
    const std::string resident = "测试居民 " + test::make_id("110101", "19900307", "001");
    auto wrong = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        auto insert = tx.execute("INSERT INTO t VALUES ($1)", {resident});  // text into a bigint
        if (!insert) {
            return fail(insert.error());
        }
        return Finish::commit;
    });
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().kind == ErrorKind::other);
    CHECK(wrong.error().message.find("22") !=
          std::string::npos);  // SQLSTATE class 22, data exception
    CHECK(wrong.error().message.find(resident) == std::string::npos);
    CHECK(wrong.error().message.find("1990") == std::string::npos);
}

TEST_CASE(
    "postgresql: work that carries on past a failed statement and asks to commit gets the "
    "failure") {
    auto db = fresh_postgres();
    script(*db, "CREATE TABLE t (x BIGINT PRIMARY KEY)");
    auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        REQUIRE(tx.execute("INSERT INTO t VALUES (1)").ok());
        CHECK_FALSE(tx.execute("INSERT INTO t VALUES (1)").ok());
        return Finish::commit;  // ignores the refusal
    });
    REQUIRE_FALSE(done.ok());
    CHECK(done.error().kind == ErrorKind::unique_violation);
    CHECK(done.error().constraint == "t_pkey");
    CHECK(integer(*db, "SELECT COUNT(*) FROM t") == 0);
}

TEST_CASE("postgresql: a read transaction cannot write") {
    auto db = fresh_postgres();
    script(*db, "CREATE TABLE t (x BIGINT)");
    auto done = db->transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
        auto insert = tx.execute("INSERT INTO t VALUES (1)");
        if (!insert) {
            return fail(insert.error());
        }
        return Finish::commit;
    });
    REQUIRE_FALSE(done.ok());
    CHECK(done.error().message.find("25006") != std::string::npos);
    CHECK(integer(*db, "SELECT COUNT(*) FROM t") == 0);
}

TEST_CASE("postgresql: the same statements with and without prepared statements agree") {
    const std::string url = test::fresh_postgres_database();
    auto prepared = open_postgres(url, {}).value();
    auto unprepared = open_postgres(url, {}, {.prepare_statements = false}).value();
    script(*prepared, "CREATE TABLE t (k BIGINT PRIMARY KEY, s TEXT)");
    for (auto* db : {prepared.get(), unprepared.get(), prepared.get()}) {
        for (int i = 0; i < 3; ++i) {
            auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
                auto next =
                    tx.query("SELECT COALESCE(MAX(k), 0) + 1 FROM t").value().at(0).integer(0);
                auto insert = tx.execute("INSERT INTO t VALUES ($1, $2)", {next, "row"});
                if (!insert) {
                    return fail(insert.error());
                }
                return Finish::commit;
            });
            REQUIRE(done.ok());
        }
    }
    CHECK(integer(*unprepared, "SELECT COUNT(*) FROM t") == 9);
    CHECK(integer(*prepared, "SELECT SUM(k) FROM t") ==
          45);  // SUM(bigint) is numeric: read as an integer
}

}  // namespace
}  // namespace jiayi::hub::db

namespace jiayi::hub::db {
namespace {

TEST_CASE(
    "postgresql: 16 threads share a pool of 4 and the server never sees more than 4 of its "
    "connections") {
    auto db = test::fresh_postgres({.connections = 4});
    std::atomic<std::int64_t> most = 0;
    std::atomic<int> failed = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                auto done = db->transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
                    auto seen = tx.query(
                        "SELECT COUNT(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND application_name = 'jiayi-hub'");
                    if (!seen) {
                        return fail(seen.error());
                    }
                    std::int64_t now = seen.value().at(0).integer(0);
                    std::int64_t before = most.load();
                    while (now > before && !most.compare_exchange_weak(before, now)) {
                    }
                    return Finish::commit;
                });
                if (!done) {
                    ++failed;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(failed.load() == 0);
    CHECK(most.load() >= 1);
    CHECK(most.load() <= 4);
}

}  // namespace
TEST_CASE("postgresql: a statement repeated within one round trip is prepared once") {
    auto db = fresh_postgres({.connections = 1});
    script(*db, "CREATE TABLE t (x BIGINT)");
    REQUIRE(db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
                  for (std::int64_t x = 1; x <= 3; ++x) {
                      tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{x}});
                  }
                  return Finish::commit;
              }).ok());
    CHECK(integer(*db, "SELECT COUNT(*) FROM t") == 3);
    // The one connection holds one preparation of it, not three.
    CHECK(integer(*db,
                  "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE "
                  "'INSERT INTO t VALUES%'") == 1);
}

}  // namespace jiayi::hub::db
