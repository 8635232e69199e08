// Kiosk tokens: shown once, kept as a hash, revocable, rotated by a new issue.

#include <doctest/doctest.h>

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

TEST_CASE("migrating twice leaves one schema") {
    for_each_backend([](hub::db::Database& database) {
        REQUIRE(hub::store::migrate(database).value() == hub::store::schema_version());
        REQUIRE(hub::store::migrate(database).value() == hub::store::schema_version());
        Hub hub(database);
        // One row per migration, none twice.
        CHECK(hub.count("SELECT COUNT(*) FROM schema_version") == hub::store::schema_version());
    });
}
