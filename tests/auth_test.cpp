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
