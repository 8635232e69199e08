// Kiosk tokens: shown once, kept as a hash, revocable, rotated by a new issue.

#include <doctest/doctest.h>

#include <chrono>

#include "hub/store/tokens.hpp"
#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;

TEST_CASE("a token authenticates its kiosk until revoked, and only its hash is stored") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        const auto token = tokens.issue("hc-500114-01", "500114-01", kNow);
        REQUIRE(token.ok());
        CHECK(token.value().size() == 64);
        CHECK(hub.count("SELECT COUNT(*) FROM tokens WHERE hash = '" + token.value() + "'") == 0);
        const auto caller = tokens.authenticate(token.value());
        REQUIRE(caller.ok());
        REQUIRE(caller.value().has_value());
        CHECK(caller.value()->kiosk == "hc-500114-01");
        CHECK(caller.value()->township == "500114-01");
        std::string wrong = token.value();
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        CHECK_FALSE(tokens.authenticate(wrong).value().has_value());
        CHECK_FALSE(tokens.authenticate("").value().has_value());

        // A second issue rotates: the old token stops working.
        const auto rotated = tokens.issue("hc-500114-01", "500114-01", kNow);
        REQUIRE(rotated.ok());
        CHECK_FALSE(tokens.authenticate(token.value()).value().has_value());
        CHECK(tokens.authenticate(rotated.value()).value().has_value());

        CHECK(tokens.revoke("hc-500114-01", kNow).value());
        CHECK_FALSE(tokens.revoke("hc-500114-01", kNow).value());
        CHECK_FALSE(tokens.authenticate(rotated.value()).value().has_value());
        const auto listed = tokens.list();
        REQUIRE(listed.ok());
        REQUIRE(listed.value().size() == 1);
        CHECK(listed.value()[0].revoked.has_value());
    });
}

// The cache's clock is the test's: time moves only when the test says so.
struct FakeClock {
    std::chrono::steady_clock::time_point now{};
    hub::store::TokenCache::Clock clock() {
        return [this] { return now; };
    }
};

TEST_CASE("a cached token is refused once revoked and the cache time has passed") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        const auto token = tokens.issue("hc-500114-01", "500114-01", kNow).value();
        FakeClock time;
        hub::store::TokenCache cache(database, std::chrono::seconds(5), 16, time.clock());
        REQUIRE(cache.authenticate(token).value().has_value());
        REQUIRE(tokens.revoke("hc-500114-01", kNow).value());
        // Within the cache time the revocation is not seen yet (the documented
        // trade: hub/README.md "Tokens")…
        time.now += std::chrono::seconds(4);
        CHECK(cache.authenticate(token).value().has_value());
        // …and from then on it is.
        time.now += std::chrono::seconds(1);
        CHECK_FALSE(cache.authenticate(token).value().has_value());
        time.now += std::chrono::seconds(60);
        CHECK_FALSE(cache.authenticate(token).value().has_value());
    });
}

TEST_CASE("an unknown token is not cached: it works as soon as it is issued") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        FakeClock time;
        hub::store::TokenCache cache(database, std::chrono::seconds(5), 16, time.clock());
        const auto old = tokens.issue("hc-500114-01", "500114-01", kNow).value();
        REQUIRE(cache.authenticate(old).value().has_value());
        // A rotation: the new token was unknown a moment ago, and is known
        // now without waiting for any cache time.
        const auto rotated = tokens.issue("hc-500114-01", "500114-01", kNow).value();
        std::string unknown = rotated;
        unknown[0] = unknown[0] == 'a' ? 'b' : 'a';
        CHECK_FALSE(cache.authenticate(unknown).value().has_value());
        CHECK_FALSE(cache.authenticate("short").value().has_value());
        const auto caller = cache.authenticate(rotated);
        REQUIRE(caller.value().has_value());
        CHECK(caller.value()->kiosk == "hc-500114-01");
        CHECK(caller.value()->township == "500114-01");
        // Refused tokens were not kept as anything.
        CHECK_FALSE(cache.authenticate(unknown).value().has_value());
    });
}

TEST_CASE("a token cache of 0 seconds asks the database every time") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        FakeClock time;
        hub::store::TokenCache cache(database, std::chrono::seconds(0), 16, time.clock());
        const auto token = tokens.issue("hc-500114-01", "500114-01", kNow).value();
        REQUIRE(cache.authenticate(token).value().has_value());
        REQUIRE(tokens.revoke("hc-500114-01", kNow).value());
        CHECK_FALSE(cache.authenticate(token).value().has_value());
    });
}

TEST_CASE("a full token cache still answers every kiosk right") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        FakeClock time;
        hub::store::TokenCache cache(database, std::chrono::seconds(5), 2, time.clock());
        std::vector<std::string> issued;
        for (int k = 0; k < 5; ++k) {
            issued.push_back(
                tokens.issue("hc-500114-0" + std::to_string(k), "500114-01", kNow).value());
        }
        for (int round = 0; round < 2; ++round) {
            for (int k = 0; k < 5; ++k) {
                const auto caller = cache.authenticate(issued[static_cast<std::size_t>(k)]);
                REQUIRE(caller.value().has_value());
                CHECK(caller.value()->kiosk == "hc-500114-0" + std::to_string(k));
            }
        }
    });
}

TEST_CASE("a token the cache does not hold is an error, not unknown, when the database fails") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        hub::store::Tokens tokens(database);
        FakeClock time;
        hub::store::TokenCache cache(database, std::chrono::seconds(5), 16, time.clock());
        const auto kept = tokens.issue("hc-500114-01", "500114-01", kNow).value();
        const auto other = tokens.issue("hc-500114-02", "500114-02", kNow).value();
        REQUIRE(cache.authenticate(kept).value().has_value());
        // The tokens table gone: every question to the database fails.
        REQUIRE(database.execute_script("DROP TABLE tokens").ok());
        const auto failed = cache.authenticate(other);
        CHECK_FALSE(failed.ok());  // the server answers 503 unavailable, not 401
        CHECK(cache.authenticate(kept).value().has_value());  // still within its 5 s
        time.now += std::chrono::seconds(5);
        CHECK_FALSE(cache.authenticate(kept).ok());  // expired: asked again, and failed
    });
}

TEST_CASE("migrating twice leaves one schema") {
    for_each_backend([](hub::db::Database& database) {
        REQUIRE(hub::store::migrate(database).value() == hub::store::schema_version());
        REQUIRE(hub::store::migrate(database).value() == hub::store::schema_version());
        Hub hub(database);
        // One row per migration, none twice.
        CHECK(hub.count("SELECT COUNT(*) FROM schema_version") == hub::store::schema_version());
    });
}
