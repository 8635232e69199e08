#include "hub/store/tokens.hpp"

#include <sodium.h>

#include "hub/store/sql.hpp"

namespace jiayi::hub::store {

namespace {

std::string random_token() {
    [[maybe_unused]] static const int ready = sodium_init();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
    return hex;
}

}  // namespace

Result<std::string, db::Error> Tokens::issue(std::string_view kiosk, std::string_view township,
                                             Instant now) {
    const std::string token = random_token();
    const std::string hash = digest(token);
    auto done = database_.transact(
        db::Mode::write, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            auto stored = tx.execute(
                "INSERT INTO tokens (kiosk, township, hash, issued, revoked) VALUES ($1, $2, $3, "
                "$4, NULL) "
                "ON CONFLICT (kiosk) DO UPDATE SET township = excluded.township, hash = "
                "excluded.hash, "
                "issued = excluded.issued, revoked = NULL",
                {std::string(kiosk), std::string(township), hash, to_iso8601(now)});
            if (!stored) {
                return fail(stored.error());
            }
            return db::Finish::commit;
        });
    if (!done) {
        return fail(done.error());
    }
    return token;
}

Result<bool, db::Error> Tokens::revoke(std::string_view kiosk, Instant now) {
    std::int64_t changed = 0;
    auto done = database_.transact(
        db::Mode::write, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            auto updated =
                tx.execute("UPDATE tokens SET revoked = $2 WHERE kiosk = $1 AND revoked IS NULL",
                           {std::string(kiosk), to_iso8601(now)});
            if (!updated) {
                return fail(updated.error());
            }
            changed = updated.value();
            return db::Finish::commit;
        });
    if (!done) {
        return fail(done.error());
    }
    return changed > 0;
}

Result<std::vector<TokenRecord>, db::Error> Tokens::list() {
    std::vector<TokenRecord> records;
    auto done = database_.transact(
        db::Mode::read, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            records.clear();
            auto rows =
                tx.query("SELECT kiosk, township, issued, revoked FROM tokens ORDER BY kiosk");
            if (!rows) {
                return fail(rows.error());
            }
            for (const auto& row : rows.value()) {
                records.push_back({row.text(0), row.text(1), row.text(2),
                                   row.is_null(3) ? std::nullopt : std::optional(row.text(3))});
            }
            return db::Finish::commit;
        });
    if (!done) {
        return fail(done.error());
    }
    return records;
}

Result<std::optional<fhir::Caller>, db::Error> Tokens::authenticate(std::string_view token) {
    if (token.size() != 64) {
        return std::optional<fhir::Caller>();  // not one of ours; no need to ask the database
    }
    return find(digest(token));
}

Result<std::optional<fhir::Caller>, db::Error> Tokens::find(const std::string& hash) {
    std::optional<fhir::Caller> caller;
    auto done = database_.transact(
        db::Mode::read, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            caller.reset();
            auto rows = tx.query(
                "SELECT kiosk, township FROM tokens WHERE hash = $1 AND revoked IS NULL", {hash});
            if (!rows) {
                return fail(rows.error());
            }
            if (!rows.value().empty()) {
                caller = fhir::Caller{rows.value()[0].text(0), rows.value()[0].text(1)};
            }
            return db::Finish::commit;
        });
    if (!done) {
        return fail(done.error());
    }
    return caller;
}

TokenCache::TokenCache(db::Database& database, std::chrono::seconds ttl, std::size_t capacity,
                       Clock clock)
    : tokens_(database), ttl_(ttl), capacity_(capacity), clock_(std::move(clock)) {}

Result<std::optional<fhir::Caller>, db::Error> TokenCache::authenticate(std::string_view token) {
    if (token.size() != 64) {
        return std::optional<fhir::Caller>();
    }
    if (ttl_.count() <= 0) {
        return tokens_.authenticate(token);
    }
    const std::string hash = digest(token);
    {
        std::lock_guard lock(mutex_);
        if (const auto kept = kept_.find(hash); kept != kept_.end()) {
            if (clock_() < kept->second.until) {
                return std::optional(kept->second.caller);
            }
            kept_.erase(kept);
        }
    }
    // Asked outside the lock: other workers' cached checks do not wait for
    // this one's database round trip.
    auto found = tokens_.find(hash);
    if (!found || !found.value()) {
        return found;
    }
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    if (kept_.size() >= capacity_) {
        std::erase_if(kept_, [&](const auto& entry) { return entry.second.until <= now; });
        if (kept_.size() >= capacity_) {
            kept_.clear();
        }
    }
    kept_.insert_or_assign(hash, Kept{*found.value(), now + ttl_});
    return found;
}

}  // namespace jiayi::hub::store
