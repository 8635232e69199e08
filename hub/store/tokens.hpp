#pragma once
// Kiosk credentials (issue 10 "Scope"): a random 32-byte token, shown once at
// issue and kept only as a hash (BLAKE2b-256), so a copy of the database does
// not let anyone act as a kiosk. One token per kiosk: issuing again replaces
// (rotates) the old one; revoking ends it.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/interaction.hpp"

namespace jiayi::hub::store {

struct TokenRecord {
    std::string kiosk;
    std::string township;
    std::string issued;                  // ISO 8601 UTC
    std::optional<std::string> revoked;  // when revoked
};

class Tokens {
  public:
    explicit Tokens(db::Database& database) : database_(database) {}

    // The new token, in hex (64 characters); only its hash is stored.
    Result<std::string, db::Error> issue(std::string_view kiosk, std::string_view township,
                                         Instant now);
    // False when the kiosk has no live token.
    Result<bool, db::Error> revoke(std::string_view kiosk, Instant now);
    Result<std::vector<TokenRecord>, db::Error> list();
    // The kiosk a live token belongs to; nullopt for an unknown or revoked
    // one. A database failure is an error, not "unknown" (503, not 401).
    Result<std::optional<fhir::Caller>, db::Error> authenticate(std::string_view token);

  private:
    friend class TokenCache;
    Result<std::optional<fhir::Caller>, db::Error> find(const std::string& hash);

    db::Database& database_;
};

// Token checks answered from memory for a while (hub/README.md "Tokens"):
// every request carries its kiosk's token, and asking the database each
// time cost a transaction of its own (3 statements and a pooled connection)
// per request. A live token found in the database is kept for `ttl`; so a
// revocation (`jiayi-hub token revoke`, another process) takes effect within
// `ttl`. Only live tokens are kept: an unknown or revoked one asks the
// database every time, and a database failure is an error, never a cached
// answer. At most `capacity` tokens are kept (a district has hundreds of
// kiosks); a full cache drops the expired ones, else starts over. A `ttl`
// of 0 asks the database every time. Thread-safe.
class TokenCache {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    TokenCache(
        db::Database& database, std::chrono::seconds ttl, std::size_t capacity = 4096,
        Clock clock = [] { return std::chrono::steady_clock::now(); });

    Result<std::optional<fhir::Caller>, db::Error> authenticate(std::string_view token);

  private:
    struct Kept {
        fhir::Caller caller;
        std::chrono::steady_clock::time_point until;
    };

    Tokens tokens_;
    std::chrono::seconds ttl_;
    std::size_t capacity_;
    Clock clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Kept> kept_;  // by the token's hash
};

}  // namespace jiayi::hub::store
