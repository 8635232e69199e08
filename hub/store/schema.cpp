#include "hub/store/schema.hpp"

#include <array>
#include <optional>
#include <string>

namespace jiayi::hub::store {

namespace {

// Each migration is a list of statements, run in order in one transaction.
// Never edit one that has shipped; add the next.
constexpr std::string_view kMigration1[] = {
    // Every resource whole: its canonical JSON (without meta), a hash of it,
    // who wrote it and for which township. The rule tables below are written
    // in the same transaction.
    "CREATE TABLE resources (type TEXT NOT NULL, id TEXT NOT NULL, version BIGINT NOT NULL, "
    "body TEXT NOT NULL, hash TEXT NOT NULL, kiosk TEXT NOT NULL, township TEXT NOT NULL, "
    "updated TEXT NOT NULL, PRIMARY KEY (type, id))",
    // Every version, with the status its first answer had: a replayed PUT
    // (any version's body) answers as the first time did.
    "CREATE TABLE history (type TEXT NOT NULL, id TEXT NOT NULL, version BIGINT NOT NULL, "
    "body TEXT NOT NULL, hash TEXT NOT NULL, kiosk TEXT NOT NULL, updated TEXT NOT NULL, "
    "status INTEGER NOT NULL, PRIMARY KEY (type, id, version))",
    "CREATE INDEX history_hash ON history (type, id, hash)",
    "CREATE TABLE patients (id TEXT PRIMARY KEY, system TEXT NOT NULL, value TEXT NOT NULL, "
    "township TEXT NOT NULL, open_bookings INTEGER NOT NULL DEFAULT 0, "
    "CHECK (open_bookings >= 0))",
    "CREATE UNIQUE INDEX patients_identifier ON patients (system, value)",
    "CREATE TABLE teams (id TEXT PRIMARY KEY, center TEXT NOT NULL, township TEXT NOT NULL, "
    "capacity INTEGER NOT NULL, signed INTEGER NOT NULL DEFAULT 0, "
    "closed INTEGER NOT NULL DEFAULT 0, CHECK (signed >= 0))",
    "CREATE INDEX teams_center ON teams (center)",
    "CREATE TABLE episodes (id TEXT PRIMARY KEY, patient TEXT NOT NULL, team TEXT NOT NULL, "
    "status TEXT NOT NULL, kind TEXT NOT NULL, period_start TEXT NOT NULL, "
    "period_end TEXT NOT NULL)",
    // One active contract per resident across every kiosk.
    "CREATE UNIQUE INDEX episodes_one_active ON episodes (patient) WHERE status = 'active'",
    "CREATE INDEX episodes_patient ON episodes (patient)",
    "CREATE TABLE flags (id TEXT PRIMARY KEY, patient TEXT NOT NULL, status TEXT NOT NULL, "
    "code TEXT NOT NULL)",
    "CREATE INDEX flags_patient ON flags (patient)",
    "CREATE TABLE slots (id TEXT PRIMARY KEY, schedule TEXT NOT NULL, category TEXT NOT NULL, "
    "status TEXT NOT NULL, slot_start TEXT NOT NULL, slot_end TEXT NOT NULL)",
    "CREATE INDEX slots_search ON slots (category, status, slot_start)",
    "CREATE TABLE appointments (id TEXT PRIMARY KEY, slot TEXT NOT NULL, patient TEXT NOT NULL, "
    "status TEXT NOT NULL)",
    // A slot is booked once.
    "CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (slot) WHERE status = 'booked'",
    "CREATE INDEX appointments_patient ON appointments (patient)",
    "CREATE TABLE tokens (kiosk TEXT PRIMARY KEY, township TEXT NOT NULL, hash TEXT NOT NULL, "
    "issued TEXT NOT NULL, revoked TEXT)",
    "CREATE UNIQUE INDEX tokens_hash ON tokens (hash)",
};

// Reports (hub/store/reports.hpp): the townships' populations (the 30 %
// target's denominator, `import townships`), each signature's target and
// time without its image (a Provenance body carries a ~60 KB PNG, too much
// to read per signing in a district report), and the township a key-
// population registry names for its resident (`import flags`).
constexpr std::string_view kMigration2[] = {
    "CREATE TABLE townships (code TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "population BIGINT NOT NULL, CHECK (population >= 0))",
    "CREATE TABLE signatures (id TEXT PRIMARY KEY, target TEXT NOT NULL, recorded TEXT NOT NULL, "
    "device TEXT NOT NULL, image INTEGER NOT NULL)",
    "CREATE INDEX signatures_target ON signatures (target)",
    "ALTER TABLE flags ADD COLUMN township TEXT NOT NULL DEFAULT ''",
};

// The fleet's health (hub/store/fleet.hpp): each kiosk's last heartbeat as
// the hub received it (its Device is in resources); since when it is out of
// paper, and that episode's number; which heartbeat's silence and which
// episode of no paper were alerted already.
constexpr std::string_view kMigration3[] = {
    "CREATE TABLE kiosks (kiosk TEXT PRIMARY KEY, township TEXT NOT NULL, received TEXT NOT NULL, "
    "paper_out_since TEXT, paper_episode BIGINT NOT NULL DEFAULT 0, silent_alerted TEXT, "
    "paper_alerted BIGINT NOT NULL DEFAULT 0)",
};

struct Migration {
    int version;
    std::span<const std::string_view> statements;
};

const std::array<Migration, 3> kMigrations = {{
    {1, kMigration1},
    {2, kMigration2},
    {3, kMigration3},
}};

}  // namespace

int schema_version() {
    return kMigrations.back().version;
}

Result<int, db::Error> migrate(db::Database& database) {
    if (auto made = database.execute_script(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        !made) {
        return fail(made.error());
    }
    int reached = 0;
    for (const Migration& migration : kMigrations) {
        std::optional<int> at;
        auto done = database.transact(
            db::Mode::write, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
                if (database.engine() == db::Engine::postgresql) {
                    // Two hubs starting at once: the second waits, then sees the version.
                    if (auto locked = tx.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                        !locked) {
                        return fail(locked.error());
                    }
                }
                auto rows = tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
                if (!rows) {
                    return fail(rows.error());
                }
                at = static_cast<int>(rows.value().at(0).integer(0));
                if (*at >= migration.version) {
                    return db::Finish::roll_back;
                }
                for (std::string_view statement : migration.statements) {
                    if (auto ran = tx.execute(statement); !ran) {
                        return fail(ran.error());
                    }
                }
                if (auto noted = tx.execute("INSERT INTO schema_version (version) VALUES ($1)",
                                            {std::int64_t{migration.version}});
                    !noted) {
                    return fail(noted.error());
                }
                return db::Finish::commit;
            });
        if (!done) {
            return fail(done.error());
        }
        reached = migration.version;
    }
    return reached;
}

Result<int, db::Error> stored_version(db::Database& database) {
    int version = 0;
    auto read = database.transact(
        db::Mode::read, [&](db::Transaction& tx) -> Result<db::Finish, db::Error> {
            version = 0;
            // Asked of the catalogue first: selecting from a missing table
            // would be an error indistinguishable from a broken database.
            const char* exists =
                database.engine() == db::Engine::postgresql
                    ? "SELECT COUNT(*) FROM pg_catalog.pg_tables "
                      "WHERE tablename = 'schema_version' AND schemaname = current_schema()"
                    : "SELECT COUNT(*) FROM sqlite_master "
                      "WHERE type = 'table' AND name = 'schema_version'";
            auto found = tx.query(exists);
            if (!found) {
                return fail(found.error());
            }
            if (found.value().at(0).integer(0) == 0) {
                return db::Finish::roll_back;
            }
            auto rows = tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (!rows) {
                return fail(rows.error());
            }
            version = static_cast<int>(rows.value().at(0).integer(0));
            return db::Finish::roll_back;
        });
    if (!read) {
        return fail(read.error());
    }
    return version;
}

}  // namespace jiayi::hub::store
