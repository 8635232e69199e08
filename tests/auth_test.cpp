#include <doctest/doctest.h>

#include "kiosk/auth/pin.hpp"

using namespace jiayi;
using namespace jiayi::auth;

TEST_CASE("PINs are hashed with Argon2id and verified") {
    auto hash = hash_pin("2468");
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    CHECK(hash->find("2468") == std::string::npos);
    CHECK(verify_pin("2468", *hash));
    CHECK_FALSE(verify_pin("2469", *hash));
    CHECK_FALSE(verify_pin("2468", ""));
    CHECK(hash_pin("2468") != hash);  // salted
}

TEST_CASE("only 4 to 12 digits make a PIN") {
    CHECK_FALSE(hash_pin("123"));
    CHECK_FALSE(hash_pin("1234567890123"));
    CHECK_FALSE(hash_pin("12a4"));
    CHECK(hash_pin("123456789012"));
}

TEST_CASE("five wrong PINs in a row lock out for the configured minutes") {
    const std::string hash = *hash_pin("1357");
    PinGuard guard(5, 15);
    const Instant t0{1000};
    for (int i = 0; i < 4; ++i) {
        CHECK(guard.attempt("0000", hash, t0) == PinGuard::Outcome::Wrong);
    }
    CHECK(guard.attempt("0000", hash, t0) == PinGuard::Outcome::LockedOut);
    // Even the right PIN is refused while locked.
    CHECK(guard.attempt("1357", hash, Instant{t0.unix_seconds + 899}) ==
          PinGuard::Outcome::LockedOut);
    CHECK(guard.attempt("1357", hash, Instant{t0.unix_seconds + 900}) ==
          PinGuard::Outcome::Accepted);
}

TEST_CASE("a right PIN resets the count of wrong ones") {
    const std::string hash = *hash_pin("1357");
    PinGuard guard(3, 1);
    CHECK(guard.attempt("0000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK(guard.attempt("0000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK(guard.attempt("1357", hash, {}) == PinGuard::Outcome::Accepted);
    CHECK(guard.wrong_in_a_row() == 0);
    CHECK(guard.attempt("0000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK_FALSE(guard.locked({}));
}

TEST_CASE("a lockout from recorded failures") {
    const Instant t{10000};
    const std::vector<Instant> four{{1}, {2}, {3}, {t.unix_seconds}};
    const std::vector<Instant> five{{1}, {2}, {3}, {4}, {t.unix_seconds}};
    CHECK_FALSE(locked_out(four, 5, 15, t));
    CHECK(locked_out(five, 5, 15, t));
    CHECK(locked_out(five, 5, 15, Instant{t.unix_seconds + 899}));
    CHECK_FALSE(locked_out(five, 5, 15, Instant{t.unix_seconds + 900}));
}

TEST_CASE("instants round-trip through ISO 8601") {
    const Instant t{1795392000};
    CHECK(to_iso8601(t) == "2026-11-23T00:00:00Z");
    CHECK(parse_iso8601("2026-11-23T00:00:00Z") == t);
    CHECK_FALSE(parse_iso8601("2026-11-23 00:00:00"));
    CHECK_FALSE(parse_iso8601("2026-11-23T00:00:00+08:00"));
}
