#pragma once
// Staff PINs (DESIGN.md, "Security and privacy"): stored only as Argon2id
// hashes (libsodium crypto_pwhash_str), checked with a lockout after too many
// wrong tries in a row.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/instant.hpp"

namespace jiayi::auth {

// An Argon2id hash string ("$argon2id$v=19$…") of a PIN of 4–12 digits;
// nullopt for anything else.
std::optional<std::string> hash_pin(std::string_view pin);

bool verify_pin(std::string_view pin, const std::string& hash);

// Counts wrong tries in a row and locks for a while after too many. The clock
// is an input; the state is plain data, so a caller may persist it.
class PinGuard {
  public:
    PinGuard(int max_attempts, int lockout_minutes)
        : max_attempts_(max_attempts), lockout_seconds_(std::int64_t{lockout_minutes} * 60) {}

    enum class Outcome { Accepted, Wrong, LockedOut };

    // Checks `pin` against `hash` unless locked out at `now`.
    Outcome attempt(std::string_view pin, const std::string& hash, Instant now);
    bool locked(Instant now) const { return now < locked_until_; }
    Instant locked_until() const { return locked_until_; }
    int wrong_in_a_row() const { return wrong_; }

  private:
    int max_attempts_;
    std::int64_t lockout_seconds_;
    int wrong_ = 0;
    Instant locked_until_{};
};

// For PIN checks whose tries are recorded elsewhere (the audit log of a
// command-line tool run once per try): locked when the last `max_attempts`
// tries in a row failed and the last of them was less than the lockout ago.
// `failures_in_a_row` holds the times of the wrong tries since the last right one.
bool locked_out(const std::vector<Instant>& failures_in_a_row, int max_attempts,
                int lockout_minutes, Instant now);

}  // namespace jiayi::auth
