#pragma once
// Inside hub/store only: statements that throw, so a rule reads as a list of
// statements; run() catches at the transaction's edge and turns what was
// thrown into values (kiosk/store/sqlite.hpp does the same for the kiosk).
// A database failure rolls back (and is retried by transact() when busy); a
// refusal rolls back and is answered.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"

namespace jiayi::hub::store {

struct DatabaseFailure {
    db::Error error;
};

struct Refused {
    fhir::Refusal refusal;
};

[[noreturn]] void refuse(int status, std::string_view code, std::string diagnostics,
                         std::string expression = "");

// The status of most refusals: a well-formed resource the rules turn away.
inline constexpr int kUnprocessable = 422;

class Sql {
  public:
    explicit Sql(db::Transaction& transaction) : tx_(transaction) {}

    std::vector<db::Row> rows(std::string_view sql, std::initializer_list<db::Value> params = {});
    std::vector<db::Row> rows(std::string_view sql, std::span<const db::Value> params);
    std::optional<db::Row> row(std::string_view sql, std::initializer_list<db::Value> params = {});
    std::int64_t run(std::string_view sql, std::initializer_list<db::Value> params = {});
    // For the statements whose refusal by a constraint is a rule's answer.
    Result<std::int64_t, db::Error> try_run(std::string_view sql,
                                            std::initializer_list<db::Value> params = {});

    // Rows of `INSERT INTO table (columns)` (`head`) sent later, together, as
    // one statement per head (`head VALUES (…), (…)`): one round trip for the
    // history rows of a whole Bundle, and one for its signatures, instead of
    // one per entry. Sent by flush() (a reader of such a table flushes
    // first; a failure is thrown then, not here), else with the commit
    // (run(): flush_at_commit(), and a failure fails the commit).
    // `tail` follows the VALUES (`ON CONFLICT (id) DO NOTHING`).
    void insert_later(std::string_view head, std::vector<db::Value> row,
                      std::string_view tail = "");
    void flush();
    // flush() when a row waiting for `head` has these first values (the
    // history rows of one resource: `type`, `id`) — what a reader of that
    // resource's rows needs sent, without sending the rest early.
    void flush_if_waiting(std::string_view head, std::string_view first, std::string_view second);
    // What waits goes with the COMMIT (db::Transaction::execute_at_commit):
    // PostgreSQL sends it in the COMMIT's round trip.
    void flush_at_commit();

    // A row this transaction reads again and again but never changes (a
    // team's township, for each contract of a Bundle), read once: `key`
    // names it among the statement's answers.
    const std::optional<db::Row>& row_once(std::string_view sql, const std::string& key);

  private:
    void send_later(const std::function<void(std::string, std::vector<db::Value>)>& send);

    db::Transaction& tx_;
    // Each statement's head and tail with its rows, in the order they first came.
    struct Later {
        std::string head;
        std::string tail;
        std::vector<std::vector<db::Value>> rows;
    };
    std::vector<Later> later_;
    std::map<std::pair<std::string, std::string>, std::optional<db::Row>, std::less<>> once_;
};

// A database failure as the answer a client sees: 503 when it may pass
// (busy, connection), 500 otherwise. The engine's message carries no
// parameters, so no personal data.
fhir::Refusal unavailable(const db::Error& error);

// Runs `work` in one transaction of `mode`; its value, or why not. When
// `keep` is given and says no to the value, the transaction rolls back and
// the value is still answered (an import's dry run, a file with refused rows).
template <class T>
Result<T, fhir::Refusal> run(db::Database& database, db::Mode mode,
                             const std::function<T(Sql&)>& work,
                             const std::function<bool(const T&)>& keep = {}) {
    std::optional<T> value;
    std::optional<fhir::Refusal> refused;
    auto outcome =
        database.transact(mode, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            value.reset();
            refused.reset();
            Sql sql(tx);
            try {
                value.emplace(work(sql));
                if (keep && !keep(*value)) {
                    return db::Finish::roll_back;
                }
                sql.flush_at_commit();
                return db::Finish::commit;
            } catch (const Refused& refusal) {
                refused = refusal.refusal;
                return db::Finish::roll_back;
            } catch (const DatabaseFailure& failure) {
                return fail(failure.error);
            } catch (const nlohmann::json::exception&) {
                // An element of the wrong JSON kind met on the way (a string
                // where an object belongs): the client's mistake.
                refused = fhir::Refusal{400, std::string(fhir::refusal::invalid),
                                        "an element has the wrong JSON type", ""};
                return db::Finish::roll_back;
            }
        });
    if (!outcome) {
        return fail(unavailable(outcome.error()));
    }
    if (refused) {
        return fail(std::move(*refused));
    }
    return std::move(*value);
}

// Canonical JSON: keys sorted (nlohmann's object is ordered by key), no
// spaces, `meta` left out (the hub writes it) — byte for byte what
// nlohmann's dump() writes for the resource without `meta`, written faster.
std::string canonical(const nlohmann::json& resource);
// BLAKE2b-256 in hex.
std::string digest(std::string_view text);
// A random (version 4) UUID.
std::string new_uuid();
// W/"3"
std::string etag(std::int64_t version);
// The version an ETag names, nullopt when it is not W/"n" or "n".
std::optional<std::int64_t> version_of(std::string_view etag);

}  // namespace jiayi::hub::store
