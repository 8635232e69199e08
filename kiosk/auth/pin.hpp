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

// A new PIN has at least this many digits (issue 9): four digits fall to a
// patient guesser within a few lockouts.
inline constexpr std::size_t kMinNewPinDigits = 6;
inline constexpr std::size_t kMaxPinDigits = 12;

// An Argon2id hash string ("$argon2id$v=19$…") of a PIN of 6–12 digits;
// nullopt for anything else.
std::optional<std::string> hash_pin(std::string_view pin);

// An Argon2id hash string that libsodium can read (a truncated copy is not):
// `jiayi config check` refuses a mistyped hash instead of the kiosk refusing
// every PIN.
bool well_formed_pin_hash(const std::string& hash);

// Checks a PIN of 4–12 digits: a hash made before PINs needed six digits
// still verifies, since nothing can tell a hash's PIN length but the PIN.
bool verify_pin(std::string_view pin, const std::string& hash);

// Counts wrong tries in a row and locks for a while after too many. The clock
// is an input; the state is plain data, so the kiosk keeps it in its store
// and a restart gives a guesser no fresh tries.
class PinGuard {
  public:
    struct State {
        int wrong_in_a_row = 0;
        Instant locked_until{};
    };

    PinGuard(int max_attempts, int lockout_minutes)
        : PinGuard(max_attempts, lockout_minutes, State{}) {}
    // Goes on from a kept state (the store's, after a restart).
    PinGuard(int max_attempts, int lockout_minutes, State state)
        : max_attempts_(max_attempts),
          lockout_seconds_(std::int64_t{lockout_minutes} * 60),
          state_(state) {}

    enum class Outcome { Accepted, Wrong, LockedOut };

    // Checks `pin` against `hash` unless locked out at `now`.
    Outcome attempt(std::string_view pin, const std::string& hash, Instant now);
    // Counts a try whose PIN was checked elsewhere (against several staff
    // members' hashes, staff.hpp); the caller asks locked() first.
    Outcome record(bool right, Instant now);
    bool locked(Instant now) const { return now < state_.locked_until; }
    Instant locked_until() const { return state_.locked_until; }
    int wrong_in_a_row() const { return state_.wrong_in_a_row; }
    const State& state() const { return state_; }

  private:
    int max_attempts_;
    std::int64_t lockout_seconds_;
    State state_;
};

// For PIN checks whose tries are recorded elsewhere (the audit log of a
// command-line tool run once per try): locked when the last `max_attempts`
// tries in a row failed and the last of them was less than the lockout ago.
// `failures_in_a_row` holds the times of the wrong tries since the last right one.
bool locked_out(const std::vector<Instant>& failures_in_a_row, int max_attempts,
                int lockout_minutes, Instant now);

}  // namespace jiayi::auth
