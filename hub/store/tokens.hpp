#pragma once
// Kiosk credentials (issue 10 "Scope"): a random 32-byte token, shown once at
// issue and kept only as a hash (BLAKE2b-256), so a copy of the database does
// not let anyone act as a kiosk. One token per kiosk: issuing again replaces
// (rotates) the old one; revoking ends it.

#include <optional>
#include <string>
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
    db::Database& database_;
};

}  // namespace jiayi::hub::store
