// The Database contract (hub/db/database.hpp), on every engine in backends():
// what the store relies on, whichever engine a district runs.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "support/people.hpp"

namespace jiayi::hub::db {
namespace {

using test::backends;

Result<Finish, Error> run(Database& db, std::string_view sql,
                          std::initializer_list<Value> params = {}) {
    const std::vector<Value> copy(params);
    return db.transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
        auto done = tx.execute(sql, std::span<const Value>(copy));
        if (!done) {
            return fail(done.error());
        }
        return Finish::commit;
    });
}

std::vector<Row> rows(Database& db, std::string_view sql,
                      std::initializer_list<Value> params = {}) {
    const std::vector<Value> copy(params);
    std::vector<Row> out;
    auto done = db.transact(Mode::read, [&](Transaction& tx) -> Result<Finish, Error> {
        auto read = tx.query(sql, std::span<const Value>(copy));
        if (!read) {
            return fail(read.error());
        }
        out = std::move(read).value();
        return Finish::commit;
    });
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
    return out;
}

void script(Database& db, std::string_view sql) {
    auto done = db.execute_script(sql);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
}

std::int64_t count(Database& db, std::string_view table) {
    return rows(db, "SELECT COUNT(*) FROM " + std::string(table)).at(0).integer(0);
}

// A made-up resident's ID number (valid check character, not a real person).
const std::string kResident = test::make_id("110101", "19900307", "001");

TEST_CASE("each kind of value goes in as a parameter and comes back as itself") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({});
        script(*db, "CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT)");

        const std::vector<std::int64_t> integers = {0, -1, 42,
                                                    std::numeric_limits<std::int64_t>::min(),
                                                    std::numeric_limits<std::int64_t>::max()};
        const std::vector<double> reals = {0.1, -2.5e-300, 1e308, 3.0, 1.0 / 3.0, 4.9e-324};
        const std::vector<std::string> texts = {"", "签约 ünïcode 🏥",
                                                "quote ' double \" back \\ $1",
                                                std::string(100'000, 'x'), kResident};
        std::int64_t key = 0;
        for (std::size_t i = 0; i < 6; ++i) {
            auto written =
                run(*db, "INSERT INTO v (k, i, r, s) VALUES ($1, $2, $3, $4)",
                    {++key, integers[i % integers.size()], reals[i], texts[i % texts.size()]});
            REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
        }
        REQUIRE(run(*db, "INSERT INTO v (k, i, r, s) VALUES ($1, $2, $3, $4)",
                    {++key, Value{}, Value{}, Value{}})
                    .ok());

        const auto read = rows(*db, "SELECT k, i, r, s FROM v ORDER BY k");
        REQUIRE(read.size() == 7);
        for (std::size_t i = 0; i < 6; ++i) {
            CHECK(read[i].integer(1) == integers[i % integers.size()]);
            CHECK(read[i].real(2) == reals[i]);  // exactly: the text form round-trips
            CHECK(read[i].text(3) == texts[i % texts.size()]);
            CHECK_FALSE(read[i].is_null(1));
        }
        const Row& nulls = read[6];
        CHECK(nulls.is_null(1));
        CHECK(nulls.is_null(2));
        CHECK(nulls.is_null(3));
        CHECK(nulls.integer(1) == 0);
        CHECK(nulls.real(2) == 0.0);
        CHECK(nulls.text(3).empty());

        // Parameters in WHERE, each type compared with its column.
        CHECK(rows(*db, "SELECT k FROM v WHERE s = $1", {kResident}).at(0).integer(0) == 5);
        CHECK(rows(*db, "SELECT k FROM v WHERE i = $1", {std::int64_t{42}}).at(0).integer(0) == 3);
        CHECK(rows(*db, "SELECT k FROM v WHERE r = $1", {1e308}).at(0).integer(0) == 3);
        CHECK(rows(*db, "SELECT COUNT(*) FROM v WHERE i IS NULL").at(0).integer(0) == 1);
        // The same statement with a parameter once typed and once NULL.
        REQUIRE(
            run(*db, "UPDATE v SET i = $1 WHERE k = $2", {std::int64_t{7}, std::int64_t{1}}).ok());
        REQUIRE(run(*db, "UPDATE v SET i = $1 WHERE k = $2", {Value{}, std::int64_t{2}}).ok());
        CHECK(rows(*db, "SELECT i FROM v WHERE k = 1").at(0).integer(0) == 7);
        CHECK(rows(*db, "SELECT i FROM v WHERE k = 2").at(0).is_null(0));
        // An aggregate's mean is a real.
        CHECK(rows(*db, "SELECT AVG(k) FROM v WHERE k <= 2").at(0).real(0) == 1.5);
    }
}

TEST_CASE(
    "a partial unique index refuses a second active row, named, without the key in the message") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({});
        script(*db,
               "CREATE TABLE episodes (id TEXT PRIMARY KEY, patient TEXT NOT NULL, status TEXT NOT "
               "NULL);"
               "CREATE UNIQUE INDEX episodes_one_active ON episodes (patient) WHERE status = "
               "'active';");
        REQUIRE(run(*db, "INSERT INTO episodes VALUES ('e1', $1, 'active')", {kResident}).ok());
        REQUIRE(run(*db, "INSERT INTO episodes VALUES ('e0', $1, 'finished')", {kResident}).ok());

        Error refused;
        auto second = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            REQUIRE(
                tx.execute("INSERT INTO episodes VALUES ('other', 'someone else', 'active')").ok());
            auto inserted =
                tx.execute("INSERT INTO episodes VALUES ('e2', $1, 'active')", {kResident});
            REQUIRE_FALSE(inserted.ok());
            refused = inserted.error();
            return fail(inserted.error());
        });
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().kind == ErrorKind::unique_violation);
        CHECK(refused.kind == ErrorKind::unique_violation);
        CHECK(refused.constraint == "episodes_one_active");
        CHECK(refused.message.find(kResident) == std::string::npos);
        CHECK(refused.message.find("1990") == std::string::npos);
        // The whole transaction is gone, the row before the refusal with it.
        CHECK(count(*db, "episodes") == 2);

        // A primary key is a unique violation too.
        auto again = run(*db, "INSERT INTO episodes VALUES ('e1', 'x', 'finished')");
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().kind == ErrorKind::unique_violation);
    }
}

TEST_CASE("CHECK and NOT NULL constraints refuse a row as check_violation") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({});
        script(
            *db,
            "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, signed BIGINT NOT NULL,"
            " capacity BIGINT NOT NULL, CONSTRAINT teams_within_capacity CHECK (signed <= "
            "capacity))");
        auto over = run(*db, "INSERT INTO teams VALUES ('t1', $1, 11, 10)", {kResident});
        REQUIRE_FALSE(over.ok());
        CHECK(over.error().kind == ErrorKind::check_violation);
        CHECK(over.error().message.find(kResident) ==
              std::string::npos);  // PostgreSQL's DETAIL has the row
        if (db->engine() == Engine::postgresql) {
            CHECK(over.error().constraint == "teams_within_capacity");
        }
        auto missing =
            run(*db, "INSERT INTO teams VALUES ('t1', $1, 0, $2)", {Value{}, std::int64_t{10}});
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().kind == ErrorKind::check_violation);
        CHECK(count(*db, "teams") == 0);
    }
}

TEST_CASE(
    "a statement answers how many rows it changed, a conditional update 0 when its WHERE held "
    "nowhere") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({});
        script(*db,
               "CREATE TABLE teams (id TEXT PRIMARY KEY, signed BIGINT NOT NULL, capacity BIGINT "
               "NOT NULL);"
               "INSERT INTO teams VALUES ('t1', 0, 2), ('t2', 0, 2);");
        std::vector<std::int64_t> changed;
        auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            changed.clear();
            for (int i = 0; i < 3; ++i) {
                auto update = tx.execute(
                    "UPDATE teams SET signed = signed + 1 WHERE id = $1 AND signed < capacity",
                    {"t1"});
                if (!update) {
                    return fail(update.error());
                }
                changed.push_back(update.value());
            }
            auto all = tx.execute("UPDATE teams SET capacity = capacity + $1", {std::int64_t{1}});
            auto none = tx.execute("DELETE FROM teams WHERE id = $1", {"nowhere"});
            auto first = tx.execute("INSERT INTO teams VALUES ('t3', 0, 1) ON CONFLICT DO NOTHING");
            auto replay =
                tx.execute("INSERT INTO teams VALUES ('t3', 0, 1) ON CONFLICT DO NOTHING");
            REQUIRE(all.ok());
            REQUIRE(none.ok());
            REQUIRE(first.ok());
            REQUIRE(replay.ok());
            changed.insert(changed.end(),
                           {all.value(), none.value(), first.value(), replay.value()});
            auto returned = tx.query(
                "UPDATE teams SET signed = signed + 1 WHERE id = $1 RETURNING signed", {"t2"});
            REQUIRE(returned.ok());
            REQUIRE(returned.value().size() == 1);
            CHECK(returned.value()[0].integer(0) == 1);
            return Finish::commit;
        });
        REQUIRE(done.ok());
        CHECK(done.value() == Finish::commit);
        CHECK(changed == std::vector<std::int64_t>{1, 1, 0, 2, 0, 1, 0});
        CHECK(rows(*db, "SELECT signed FROM teams WHERE id = 't1'").at(0).integer(0) == 2);
    }
}

TEST_CASE("Finish::roll_back undoes what work wrote and is answered as such") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({});
        script(*db, "CREATE TABLE t (x BIGINT)");
        auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            REQUIRE(tx.execute("INSERT INTO t VALUES (1)").ok());
            CHECK(tx.query("SELECT COUNT(*) FROM t").value().at(0).integer(0) == 1);  // seen inside
            return Finish::roll_back;
        });
        REQUIRE(done.ok());
        CHECK(done.value() == Finish::roll_back);
        CHECK(count(*db, "t") == 0);
    }
}

TEST_CASE("an error returned by work rolls its transaction back, and the database stays usable") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({.connections = 1});
        script(*db, "CREATE TABLE t (x BIGINT)");
        auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            REQUIRE(tx.execute("INSERT INTO t VALUES (1)").ok());
            auto wrong = tx.execute("INSERT INTO no_such_table VALUES (1)");
            REQUIRE_FALSE(wrong.ok());
            return fail(wrong.error());
        });
        REQUIRE_FALSE(done.ok());
        CHECK(done.error().kind == ErrorKind::other);
        CHECK(count(*db, "t") == 0);
        // The one connection went back clean: the next transaction commits.
        REQUIRE(run(*db, "INSERT INTO t VALUES (2)").ok());
        CHECK(count(*db, "t") == 1);
    }
}

TEST_CASE(
    "execute_at_commit runs after work's statements, before the commit; its failure fails the "
    "commit and leaves nothing") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({.connections = 1});
        script(*db, "CREATE TABLE t (x BIGINT PRIMARY KEY)");
        auto done = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{2}}});
            // Not run yet: what work reads does not see it.
            CHECK(tx.query("SELECT COUNT(*) FROM t").value().at(0).integer(0) == 0);
            REQUIRE(tx.execute("INSERT INTO t VALUES (1)").ok());
            return Finish::commit;
        });
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().message));
        CHECK(rows(*db, "SELECT x FROM t ORDER BY x").size() == 2);

        // Alone in its transaction (PostgreSQL: BEGIN, it and COMMIT at once).
        REQUIRE(db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
                      tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{3}}});
                      return Finish::commit;
                  }).ok());
        CHECK(count(*db, "t") == 3);

        // A key taken already: the commit fails, work's own row is gone too.
        auto refused = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            REQUIRE(tx.execute("INSERT INTO t VALUES (4)").ok());
            tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{5}}});
            tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{1}}});
            tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{6}}});
            return Finish::commit;
        });
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == ErrorKind::unique_violation);
        CHECK(count(*db, "t") == 3);

        // Rolled back: never run.
        auto undone = db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
            tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{7}}});
            return Finish::roll_back;
        });
        REQUIRE(undone.ok());
        CHECK(count(*db, "t") == 3);

        // The one connection is clean and its statements still run, prepared
        // or not: the same texts once more, then new ones.
        REQUIRE(db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
                      REQUIRE(tx.execute("INSERT INTO t VALUES (4)").ok());
                      tx.execute_at_commit("INSERT INTO t VALUES ($1)", {Value{std::int64_t{5}}});
                      tx.execute_at_commit("UPDATE t SET x = x + 100 WHERE x = $1",
                                           {Value{std::int64_t{5}}});
                      return Finish::commit;
                  }).ok());
        const auto all = rows(*db, "SELECT x FROM t ORDER BY x");
        REQUIRE(all.size() == 5);
        CHECK(all[3].integer(0) == 4);
        CHECK(all[4].integer(0) == 105);  // in the order given
    }
}

TEST_CASE("a script runs many statements, and one that fails inside its own BEGIN leaves nothing") {
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({.connections = 1});
        script(*db,
               "CREATE TABLE a (x BIGINT); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);");
        CHECK(count(*db, "a") == 2);
        auto broken = db->execute_script(
            "BEGIN; CREATE TABLE b (x BIGINT); INSERT INTO a VALUES (3); INSERT INTO nowhere "
            "VALUES (1); COMMIT;");
        REQUIRE_FALSE(broken.ok());
        CHECK(count(*db, "a") == 2);
        CHECK_FALSE(db->execute_script("SELECT x FROM b").ok());  // b was never created
        CHECK(run(*db, "INSERT INTO a VALUES (4)").ok());
        CHECK(count(*db, "a") == 3);
    }
}

// The store's team capacity rule: a conditional increment, raced by more
// threads than the pool has connections.
TEST_CASE("16 threads x 200 conditional increments on one row with a cap reach exactly the cap") {
    constexpr int kThreads = 16;
    constexpr int kAttempts = 200;
    constexpr std::int64_t kCap = 1000;
    for (const auto& backend : backends()) {
        INFO("engine: " << backend.name);
        auto db = backend.open({.connections = 8});
        script(*db,
               "CREATE TABLE teams (id TEXT PRIMARY KEY, signed BIGINT NOT NULL, capacity BIGINT "
               "NOT NULL);"
               "CREATE TABLE signings (team TEXT NOT NULL, n BIGINT NOT NULL);"
               "INSERT INTO teams VALUES ('t1', 0, 1000);");
        std::atomic<int> accepted = 0;
        std::atomic<int> refused = 0;
        std::atomic<int> failed = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kAttempts; ++i) {
                    bool taken = false;
                    auto done =
                        db->transact(Mode::write, [&](Transaction& tx) -> Result<Finish, Error> {
                            taken = false;
                            auto place = tx.execute(
                                "UPDATE teams SET signed = signed + 1 WHERE id = $1 AND signed < "
                                "capacity",
                                {"t1"});
                            if (!place) {
                                return fail(place.error());
                            }
                            if (place.value() == 0) {
                                return Finish::roll_back;  // team-full
                            }
                            auto row = tx.execute("INSERT INTO signings VALUES ($1, $2)",
                                                  {"t1", std::int64_t{t * kAttempts + i}});
                            if (!row) {
                                return fail(row.error());
                            }
                            taken = true;
                            return Finish::commit;
                        });
                    if (!done.ok()) {
                        ++failed;
                    } else if (taken) {
                        ++accepted;
                    } else {
                        ++refused;
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        CHECK(failed.load() == 0);
        CHECK(accepted.load() == kCap);
        CHECK(refused.load() == kThreads * kAttempts - kCap);
        CHECK(rows(*db, "SELECT signed FROM teams WHERE id = 't1'").at(0).integer(0) == kCap);
        CHECK(count(*db, "signings") == kCap);
    }
}

}  // namespace
}  // namespace jiayi::hub::db
