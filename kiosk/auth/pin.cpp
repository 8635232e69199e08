#include "kiosk/auth/pin.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace jiayi::auth {

namespace {

bool is_pin(std::string_view pin, std::size_t min_digits) {
    return pin.size() >= min_digits && pin.size() <= kMaxPinDigits &&
           std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The shortest PIN a hash may have been made of, before issue 9.
constexpr std::size_t kMinOldPinDigits = 4;

}  // namespace

std::optional<std::string> hash_pin(std::string_view pin) {
    if (!is_pin(pin, kMinNewPinDigits) || sodium_init() < 0) {
        return std::nullopt;
    }
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits: about 0.1 s and 64 MiB, acceptable at a PIN pad.
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return std::nullopt;
    }
    return std::string(out);
}

bool well_formed_pin_hash(const std::string& hash) {
    // needs_rehash answers -1 for a string it cannot decode as Argon2id, but
    // it decodes a hash cut short (a shorter digest) when its base64 still
    // parses; crypto_pwhash_str always writes a 32-byte digest, 43 base64
    // characters after the last '$'.
    const auto digest = hash.rfind('$');
    if (digest == std::string::npos || hash.size() - digest - 1 != 43) {
        return false;
    }
    return hash.starts_with("$argon2id$") && sodium_init() >= 0 &&
           crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

bool verify_pin(std::string_view pin, const std::string& hash) {
    if (!is_pin(pin, kMinOldPinDigits) || hash.empty() || sodium_init() < 0) {
        return false;
    }
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

PinGuard::Outcome PinGuard::attempt(std::string_view pin, const std::string& hash, Instant now) {
    if (locked(now)) {
        return Outcome::LockedOut;
    }
    return record(verify_pin(pin, hash), now);
}

PinGuard::Outcome PinGuard::record(bool right, Instant now) {
    if (right) {
        state_.wrong_in_a_row = 0;
        return Outcome::Accepted;
    }
    if (++state_.wrong_in_a_row >= max_attempts_) {
        state_.wrong_in_a_row = 0;
        state_.locked_until = Instant{now.unix_seconds + lockout_seconds_};
        return Outcome::LockedOut;
    }
    return Outcome::Wrong;
}

bool locked_out(const std::vector<Instant>& failures_in_a_row, int max_attempts,
                int lockout_minutes, Instant now) {
    if (static_cast<int>(failures_in_a_row.size()) < max_attempts) {
        return false;
    }
    const Instant last = *std::max_element(failures_in_a_row.begin(), failures_in_a_row.end());
    return now.unix_seconds < last.unix_seconds + std::int64_t{lockout_minutes} * 60;
}

}  // namespace jiayi::auth
