#include <doctest/doctest.h>
#include <sodium.h>

#include <map>

#include "kiosk/auth/pin.hpp"
#include "kiosk/auth/staff.hpp"

using namespace jiayi;
using namespace jiayi::auth;

namespace {

// Hashing costs about 0.1 s: each PIN is hashed once for the whole file.
const std::string& hash_of(const std::string& pin) {
    static std::map<std::string, std::string> hashes;
    auto it = hashes.find(pin);
    if (it == hashes.end()) {
        it = hashes.emplace(pin, hash_pin(pin).value()).first;
    }
    return it->second;
}

// An Argon2id hash at libsodium's least cost: verify_pin reads the cost from
// the hash, so the real check runs in microseconds. For tests that count
// verifications over many members, not for what a kiosk stores.
std::string cheap_hash(const std::string& pin) {
    char out[crypto_pwhash_STRBYTES];
    REQUIRE(sodium_init() >= 0);
    REQUIRE(crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) == 0);
    return out;
}

// Ten members who sign in by PIN alone, N0400…N0409 with PINs 400000…400009.
std::vector<StaffMember> ten_members() {
    std::vector<StaffMember> staff;
    for (int i = 0; i < 10; ++i) {
        const std::string pin = std::to_string(400000 + i);
        staff.push_back({"N040" + std::to_string(i), "", cheap_hash(pin), false});
    }
    return staff;
}

}  // namespace

TEST_CASE("PINs are hashed with Argon2id and verified") {
    auto hash = hash_pin("246813");
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    CHECK(hash->find("246813") == std::string::npos);
    CHECK(verify_pin("246813", *hash));
    CHECK_FALSE(verify_pin("246814", *hash));
    CHECK_FALSE(verify_pin("246813", ""));
    CHECK(hash_pin("246813") != hash);  // salted
}

TEST_CASE("only 6 to 12 digits make a new PIN") {
    CHECK_FALSE(hash_pin("123"));
    CHECK_FALSE(hash_pin("1234"));
    CHECK_FALSE(hash_pin("12345"));
    CHECK_FALSE(hash_pin("1234567890123"));
    CHECK_FALSE(hash_pin("12a456"));
    CHECK(hash_pin("123456"));
    CHECK(hash_pin("123456789012"));
}

TEST_CASE("a four-digit PIN hashed before six were needed still verifies") {
    // Made as `jiayi pin hash` made it then: nothing but the PIN tells its length.
    REQUIRE(sodium_init() >= 0);
    char old[crypto_pwhash_STRBYTES];
    REQUIRE(crypto_pwhash_str_alg(old, "2468", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                  crypto_pwhash_ALG_ARGON2ID13) == 0);
    CHECK(verify_pin("2468", old));
    CHECK_FALSE(verify_pin("2469", old));
}

TEST_CASE("a hash libsodium cannot read is not well formed") {
    const std::string& good = hash_of("135790");
    CHECK(well_formed_pin_hash(good));
    CHECK_FALSE(well_formed_pin_hash(good.substr(0, good.size() - 5)));  // a truncated copy
    CHECK_FALSE(well_formed_pin_hash("$argon2id$"));
    CHECK_FALSE(well_formed_pin_hash("123456"));
    CHECK_FALSE(well_formed_pin_hash(""));
}

TEST_CASE("five wrong PINs in a row lock out for the configured minutes") {
    const std::string& hash = hash_of("135790");
    PinGuard guard(5, 15);
    const Instant t0{1000};
    for (int i = 0; i < 4; ++i) {
        CHECK(guard.attempt("000000", hash, t0) == PinGuard::Outcome::Wrong);
    }
    CHECK(guard.attempt("000000", hash, t0) == PinGuard::Outcome::LockedOut);
    // Even the right PIN is refused while locked.
    CHECK(guard.attempt("135790", hash, Instant{t0.unix_seconds + 899}) ==
          PinGuard::Outcome::LockedOut);
    CHECK(guard.attempt("135790", hash, Instant{t0.unix_seconds + 900}) ==
          PinGuard::Outcome::Accepted);
}

TEST_CASE("a right PIN resets the count of wrong ones") {
    const std::string& hash = hash_of("135790");
    PinGuard guard(3, 1);
    CHECK(guard.attempt("000000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK(guard.attempt("000000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK(guard.attempt("135790", hash, {}) == PinGuard::Outcome::Accepted);
    CHECK(guard.wrong_in_a_row() == 0);
    CHECK(guard.attempt("000000", hash, {}) == PinGuard::Outcome::Wrong);
    CHECK_FALSE(guard.locked({}));
}

TEST_CASE("a guard made from a kept state goes on counting where the last one stopped") {
    PinGuard before(3, 10);
    CHECK(before.record(false, Instant{100}) == PinGuard::Outcome::Wrong);
    CHECK(before.record(false, Instant{101}) == PinGuard::Outcome::Wrong);
    PinGuard after(3, 10, before.state());
    CHECK(after.wrong_in_a_row() == 2);
    CHECK(after.record(false, Instant{102}) == PinGuard::Outcome::LockedOut);
    PinGuard restarted(3, 10, after.state());
    CHECK(restarted.locked(Instant{102 + 599}));
    CHECK_FALSE(restarted.locked(Instant{102 + 600}));
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

TEST_CASE("a PIN signs in its own staff member, a badge narrows the PIN to its member") {
    const std::vector<StaffMember> staff{
        {"N0421", "", hash_of("424242"), false},
        {"N0422", "", hash_of("135790"), false},
        {"N0500", "", hash_of("909090"), true},  // badge and PIN only
    };
    PinGuard guard(5, 15);
    const Instant t{1000};
    using Outcome = SignIn::Outcome;

    auto in = sign_in(guard, staff, "135790", "", t);
    REQUIRE(in.outcome == Outcome::Accepted);
    CHECK(in.member->id == "N0422");
    in = sign_in(guard, staff, "424242", "", t);
    REQUIRE(in.outcome == Outcome::Accepted);
    CHECK(in.member->id == "N0421");

    CHECK(sign_in(guard, staff, "909090", "", t).outcome == Outcome::Wrong);
    in = sign_in(guard, staff, "909090", "N0500", t);
    REQUIRE(in.outcome == Outcome::Accepted);
    CHECK(in.member->id == "N0500");

    // A badge and another member's PIN: that member is not signed in.
    CHECK(sign_in(guard, staff, "424242", "N0422", t).outcome == Outcome::Wrong);
    CHECK(sign_in(guard, staff, "424242", "N9999", t).outcome == Outcome::Wrong);
    CHECK(guard.wrong_in_a_row() == 2);
}

TEST_CASE(
    "a PIN two members share signs in neither, counts as wrong, and a badge tells them apart") {
    const std::vector<StaffMember> staff{
        {"N0421", "", hash_of("424242"), false},
        {"N0422", "", hash_of("135790"), false},
        {"N0423", "", hash_of("424242"), false},
    };
    PinGuard guard(5, 15);
    const Instant t{1000};
    const auto shared = sign_in(guard, staff, "424242", "", t);
    CHECK(shared.outcome == SignIn::Outcome::SharedPin);
    CHECK(shared.member == nullptr);
    CHECK(guard.wrong_in_a_row() == 1);
    const auto badge = sign_in(guard, staff, "424242", "N0423", t);
    REQUIRE(badge.outcome == SignIn::Outcome::Accepted);
    CHECK(badge.member->id == "N0423");
}

TEST_CASE("while locked out no PIN is checked, not even the right one") {
    const std::vector<StaffMember> staff{{"N0421", "", hash_of("424242"), false}};
    PinGuard guard(1, 15);
    CHECK(sign_in(guard, staff, "000000", "", Instant{1000}).outcome == SignIn::Outcome::LockedOut);
    CHECK(sign_in(guard, staff, "424242", "", Instant{1000 + 899}).outcome ==
          SignIn::Outcome::LockedOut);
    CHECK(sign_in(guard, staff, "424242", "", Instant{1000 + 900}).outcome ==
          SignIn::Outcome::Accepted);
}

TEST_CASE("instants round-trip through ISO 8601") {
    const Instant t{1795392000};
    CHECK(to_iso8601(t) == "2026-11-23T00:00:00Z");
    CHECK(parse_iso8601("2026-11-23T00:00:00Z") == t);
    CHECK_FALSE(parse_iso8601("2026-11-23 00:00:00"));
    CHECK_FALSE(parse_iso8601("2026-11-23T00:00:00+08:00"));
}

TEST_CASE("with 10 members, a learned nurse's PIN costs one Argon2id verification, not ten") {
    const auto staff = ten_members();
    PinGuard guard(5, 15);
    PinTags tags;
    const Instant t{1000};
    int verified = 0;

    // Nobody learned yet: every PIN-only member is checked.
    auto in = sign_in(guard, staff, "400007", "", t, &tags, &verified);
    REQUIRE(in.outcome == SignIn::Outcome::Accepted);
    CHECK(in.member->id == "N0407");
    CHECK(verified == 10);
    // N0407 learned: the others are still checked (any of them may share it).
    in = sign_in(guard, staff, "400003", "", t, &tags, &verified);
    REQUIRE(in.outcome == SignIn::Outcome::Accepted);
    CHECK(verified == 9);

    for (const StaffMember& m : staff) {
        tags.learn(m, std::to_string(400000 + std::stoi(m.id.substr(3))));
    }
    in = sign_in(guard, staff, "400005", "", t, &tags, &verified);
    REQUIRE(in.outcome == SignIn::Outcome::Accepted);
    CHECK(in.member->id == "N0405");
    CHECK(verified == 1);
    // A wrong PIN matches no learned tag: no verification, and it still counts.
    CHECK(sign_in(guard, staff, "999999", "", t, &tags, &verified).outcome ==
          SignIn::Outcome::Wrong);
    CHECK(verified == 0);
    CHECK(guard.wrong_in_a_row() == 1);
    // A badge checks its member alone.
    in = sign_in(guard, staff, "400002", "N0402", t, &tags, &verified);
    REQUIRE(in.outcome == SignIn::Outcome::Accepted);
    CHECK(verified == 1);
}

TEST_CASE("tags narrow the check but never change its outcome: a shared PIN is still found") {
    auto staff = ten_members();
    PinTags tags;
    for (const StaffMember& m : staff) {
        tags.learn(m, std::to_string(400000 + std::stoi(m.id.substr(3))));
    }
    // N0409's PIN changes to N0401's: its tag was learned for the old hash,
    // so it is checked again, and the two are found to share a PIN.
    staff[9].pin_hash = cheap_hash("400001");
    const PinCheck check = pin_candidates(staff, "400001", "", &tags);
    REQUIRE(check.candidates.size() == 2);
    const PinMatches matches = check_pin(check);
    CHECK(matches.verified == 2);
    CHECK(matches.ids == std::vector<std::string>{"N0401", "N0409"});
    PinGuard guard(5, 15);
    CHECK(decide(guard, staff, matches, Instant{1000}).outcome == SignIn::Outcome::SharedPin);
    CHECK(guard.wrong_in_a_row() == 1);

    // Badge-only members are never candidates of a PIN alone, learned or not.
    staff[1].badge_required = true;
    CHECK(pin_candidates(staff, "400001", "", &tags).candidates.size() == 1);
    // Another kiosk process (another key) has learned nothing.
    PinTags fresh;
    CHECK(pin_candidates(staff, "400001", "", &fresh).candidates.size() == 9);
}
