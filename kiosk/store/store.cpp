#include "kiosk/store/store.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/store/internal.hpp"
#include "kiosk/store/migrations.hpp"

namespace jiayi::store {

using detail::guard;
using detail::StoreFailure;
using nlohmann::json;

std::string_view code(StoreErrorKind kind) {
    switch (kind) {
        case StoreErrorKind::KeyMissing:
            return "key-missing";
        case StoreErrorKind::KeyUnsafe:
            return "key-unsafe";
        case StoreErrorKind::KeyInvalid:
            return "key-invalid";
        case StoreErrorKind::WrongKey:
            return "wrong-key";
        case StoreErrorKind::Undecryptable:
            return "undecryptable";
        case StoreErrorKind::SchemaTooNew:
            return "schema-too-new";
        case StoreErrorKind::MigrationFailed:
            return "migration-failed";
        case StoreErrorKind::Conflict:
            return "conflict";
        case StoreErrorKind::NotFound:
            return "not-found";
        case StoreErrorKind::Io:
            return "io";
    }
    return "unknown";
}

namespace {

constexpr std::string_view kKeyCheckText = "jiayi key check";
constexpr std::string_view kKeyCheckContext = "meta.key_check";

}  // namespace

Store::Store(std::unique_ptr<Database> db, KeyRing keys) : db_(std::move(db)), keys_(keys) {}

Store::~Store() = default;

int Store::latest_schema_version() {
    return static_cast<int>(migrations().size());
}

int Store::schema_version() {
    auto st = db_->prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.integer(0));
}

Result<std::unique_ptr<Store>, StoreError> Store::open(const std::filesystem::path& path,
                                                       KeyRing keys, Instant now, bool migrate,
                                                       Durability durability) {
    return guard([&]() -> Result<std::unique_ptr<Store>, StoreError> {
        std::unique_ptr<Store> store(new Store(std::make_unique<Database>(path, durability), keys));
        const int version = store->schema_version();
        if (version > latest_schema_version()) {
            return fail(StoreError{StoreErrorKind::SchemaTooNew,
                                   "the database has schema " + std::to_string(version) +
                                       ", newer than this jiayi's " +
                                       std::to_string(latest_schema_version())});
        }
        // The key check: a known text sealed under the key that created the
        // database. Another key cannot open it, and is refused before any
        // record is read or written, and before a migration seals anything.
        bool key_checked = false;
        if (version > 0) {
            auto read = store->db_->prepare("SELECT value FROM meta WHERE key = 'key_check'");
            if (read.step()) {
                if (!store->keys_.decrypt(*read.blob(0), kKeyCheckContext)) {
                    return fail(StoreError{StoreErrorKind::WrongKey,
                                           "the key file does not match this database"});
                }
                key_checked = true;
            }
        }
        if (migrate && version > 0 && version < latest_schema_version()) {
            if (auto upgraded = store->upgrade(path, version, now); !upgraded) {
                return fail(upgraded.error());
            }
        } else if (migrate) {
            if (auto applied = store->migrate(now); !applied) {
                return fail(applied.error());
            }
        }
        if (migrate && !key_checked && store->schema_version() > 0) {
            store->db_->prepare("INSERT INTO meta (key, value) VALUES ('key_check', ?)")
                .bind(1, store->keys_.encrypt(kKeyCheckText, kKeyCheckContext))
                .run();
        }
        return store;
    });
}

Result<int, StoreError> Store::migrate(Instant now) {
    return guard([&]() -> Result<int, StoreError> {
        int applied = 0;
        const auto all = migrations();
        for (int version = schema_version(); version < latest_schema_version(); ++version) {
            const Migration& step = all[static_cast<std::size_t>(version)];
            Transaction tx(*db_);
            db_->exec(std::string(step.sql));
            if (step.with_key) {
                step.with_key(*db_, keys_);
            }
            if (!step.then_sql.empty()) {
                db_->exec(std::string(step.then_sql));
            }
            db_->exec("PRAGMA user_version = " + std::to_string(version + 1));
            tx.commit();
            ++applied;
        }
        if (applied > 0) {
            db_->prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)")
                .bind(1, to_iso8601(now))
                .bind(2, "system")
                .bind(3, "db-migrate")
                .bind(4, "to schema " + std::to_string(latest_schema_version()))
                .run();
        }
        return applied;
    });
}

// An update: the store is copied first (SQLite's online backup, beside it),
// then migrated. Each migration is its own transaction, so a failing one
// leaves the earlier ones done: the copy puts the whole store back as the
// older jiayi left it. The copy is removed after a good update (it holds
// what the purge removes later); kept after a bad one, for IT.
Result<void, StoreError> Store::upgrade(const std::filesystem::path& path, int from, Instant now) {
    std::filesystem::path backup = path;
    backup += ".before-schema-" + std::to_string(latest_schema_version());
    if (auto copied = guard([&]() -> Result<void, StoreError> {
            db_->back_up_to(backup);
            return Ok{};
        });
        !copied) {
        return fail(StoreError{copied.error().kind,
                               "no copy of the store could be made before the update, so it "
                               "was not updated: " +
                                   copied.error().message});
    }
    auto applied = migrate(now);
    if (applied) {
        std::error_code ignored;
        std::filesystem::remove(backup, ignored);
        return Ok{};
    }
    const std::string what =
        "the update could not bring the store from schema " + std::to_string(from) + " to " +
        std::to_string(latest_schema_version()) + " (" + applied.error().message + ")";
    auto restored = guard([&]() -> Result<void, StoreError> {
        db_->restore_from(backup);
        return Ok{};
    });
    if (!restored) {
        return fail(StoreError{StoreErrorKind::Io,
                               what + ", and putting it back failed (" + restored.error().message +
                                   "): the copy from before is " + backup.string()});
    }
    return fail(StoreError{
        StoreErrorKind::MigrationFailed,
        what + ": it is as it was before the update (a copy is kept at " + backup.string() + ")"});
}

std::optional<std::string> Store::open_field(const std::optional<Bytes>& sealed,
                                             const std::string& context) const {
    if (!sealed) {
        return std::nullopt;
    }
    auto opened = keys_.decrypt(*sealed, context);
    if (!opened) {
        throw StoreFailure{opened.error()};
    }
    return std::move(opened).value();
}

void Store::write_outbox(const std::string& type, const std::string& record_id,
                         const std::string& resident_id, Instant now) {
    db_->prepare(
           "INSERT INTO outbox (id, record_type, record_id, resident_id, created_at) "
           "VALUES (?, ?, ?, ?, ?)")
        .bind(1, new_uuid())
        .bind(2, type)
        .bind(3, record_id)
        .bind(4, resident_id)
        .bind(5, to_iso8601(now))
        .run();
}

void Store::on_queued(std::function<void()> listener) {
    on_queued_ = std::move(listener);
}

void Store::queued() {
    if (on_queued_) {
        on_queued_();
    }
}

namespace {

OutboxState state_from(const std::string& text) {
    return text == "acknowledged" ? OutboxState::Acknowledged
           : text == "refused"    ? OutboxState::Refused
                                  : OutboxState::Pending;
}

}  // namespace

// One outbox row (seq, id, record_type, record_id, resident_id, created_at,
// state, attempts, refusal_code), for every reader of the outbox.
OutboxEntry detail::outbox_entry_from(Statement& st) {
    OutboxEntry e;
    e.seq = st.integer(0);
    e.id = st.text(1);
    e.record_type = st.text(2);
    e.record_id = st.text(3);
    e.resident_id = st.text(4);
    e.created_at = st.text(5);
    e.state = state_from(st.text(6));
    e.attempts = static_cast<int>(st.integer(7));
    e.refusal_code = st.optional_text(8).value_or("");
    return e;
}

namespace {

std::vector<OutboxEntry> read_outbox(Statement& st) {
    std::vector<OutboxEntry> out;
    while (st.step()) {
        out.push_back(detail::outbox_entry_from(st));
    }
    return out;
}

constexpr std::string_view kOutboxColumns =
    "seq, id, record_type, record_id, resident_id, created_at, state, attempts, refusal_code";

}  // namespace

Result<std::vector<OutboxEntry>, StoreError> Store::pending_outbox(int limit) {
    return guard([&]() -> Result<std::vector<OutboxEntry>, StoreError> {
        auto st = db_->prepare("SELECT " + std::string(kOutboxColumns) +
                               " FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?");
        st.bind(1, std::int64_t{limit});
        return read_outbox(st);
    });
}

Result<std::vector<OutboxEntry>, StoreError> Store::outbox_entries() {
    return guard([&]() -> Result<std::vector<OutboxEntry>, StoreError> {
        auto st =
            db_->prepare("SELECT " + std::string(kOutboxColumns) + " FROM outbox ORDER BY seq");
        return read_outbox(st);
    });
}

Result<void, StoreError> Store::acknowledge(const std::string& outbox_id, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        auto st = db_->prepare(
            "UPDATE outbox SET state = 'acknowledged', acknowledged_at = ? "
            "WHERE id = ? AND state = 'pending'");
        st.bind(1, to_iso8601(now)).bind(2, outbox_id).run();
        if (db_->changes() == 0) {
            auto exists = db_->prepare("SELECT 1 FROM outbox WHERE id = ?");
            exists.bind(1, outbox_id);
            if (!exists.step()) {
                return fail(StoreError{StoreErrorKind::NotFound, "no outbox entry " + outbox_id});
            }
        }
        return Ok{};
    });
}

Result<void, StoreError> Store::refuse(const std::string& outbox_id, const std::string& code,
                                       Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        Transaction tx(*db_);
        db_->prepare(
               "UPDATE outbox SET state = 'refused', refusal_code = ?, last_error = ?, "
               "acknowledged_at = ? WHERE id = ? AND state = 'pending'")
            .bind(1, code)
            .bind(2, "refused by the center: " + code)
            .bind(3, to_iso8601(now))
            .bind(4, outbox_id)
            .run();
        if (db_->changes() == 0) {
            return fail(
                StoreError{StoreErrorKind::NotFound, "no pending outbox entry " + outbox_id});
        }
        take_back_refused({outbox_id}, to_iso8601(now));
        tx.commit();
        return Ok{};
    });
}

Result<int, StoreError> Store::purge_personal_data(Instant now, int days) {
    return guard([&]() -> Result<int, StoreError> {
        const std::string cutoff =
            to_iso8601(Instant{now.unix_seconds - std::int64_t{days} * 86400});
        Transaction tx(*db_);
        // Residents whose every entry the center acknowledged before the cutoff.
        // Anything pending or refused keeps the resident's data for staff.
        db_->exec("CREATE TEMP TABLE IF NOT EXISTS purge_ids (id TEXT PRIMARY KEY)");
        db_->exec("DELETE FROM purge_ids");
        db_->prepare(
               "INSERT INTO purge_ids SELECT r.id FROM residents r WHERE r.purged_at IS NULL "
               "AND EXISTS (SELECT 1 FROM outbox o WHERE o.resident_id = r.id) "
               "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.resident_id = r.id "
               "  AND (o.state != 'acknowledged' OR o.acknowledged_at > ?))")
            .bind(1, cutoff)
            .run();
        const std::string records =
            "(SELECT id FROM contracts WHERE resident_id IN purge_ids "
            " UNION SELECT id FROM opt_outs WHERE resident_id IN purge_ids)";
        db_->exec("UPDATE signatures SET strokes_enc = NULL, png_enc = NULL WHERE record_id IN " +
                  records);
        db_->exec("UPDATE receipts SET bytes_enc = NULL WHERE record_id IN " + records);
        db_->exec(
            "UPDATE contracts SET signer_document_enc = NULL, end_note_enc = NULL "
            "WHERE resident_id IN purge_ids");
        db_->exec("UPDATE opt_outs SET signer_document_enc = NULL WHERE resident_id IN purge_ids");
        // The document row goes whole: its keyed hash would still tell
        // whether a given number was ever here. A resident who returns is
        // a new record, as on a first visit.
        db_->exec("DELETE FROM documents WHERE resident_id IN purge_ids");
        db_->prepare(
               "UPDATE residents SET name_enc = NULL, phone_enc = NULL, phone_hash = NULL, "
               "address_enc = NULL, birth_date_enc = NULL, sex_enc = NULL, "
               "insurance_enc = NULL, registry_populations_enc = NULL, "
               "declared_populations_enc = NULL, purged_at = ? WHERE id IN purge_ids")
            .bind(1, to_iso8601(now))
            .run();
        const int purged = static_cast<int>(db_->changes());
        tx.commit();
        // secure_delete zeroed the old cells in the pages this wrote; the
        // older copies of those pages still in the WAL go with it now.
        db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        return purged;
    });
}

Result<void, StoreError> Store::audit(const std::string& actor, const std::string& action,
                                      const std::string& detail, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        db_->prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)")
            .bind(1, to_iso8601(now))
            .bind(2, actor)
            .bind(3, action)
            .bind(4, detail)
            .run();
        return Ok{};
    });
}

Result<std::vector<AuditEntry>, StoreError> Store::audit_log() {
    return guard([&]() -> Result<std::vector<AuditEntry>, StoreError> {
        auto st = db_->prepare("SELECT seq, at, actor, action, detail FROM audit_log ORDER BY seq");
        std::vector<AuditEntry> out;
        while (st.step()) {
            out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4)});
        }
        return out;
    });
}

Result<PinLockout, StoreError> Store::pin_lockout(const std::string& pad) {
    return guard([&]() -> Result<PinLockout, StoreError> {
        auto st =
            db_->prepare("SELECT wrong_in_a_row, locked_until FROM pin_lockouts WHERE pad = ?");
        st.bind(1, pad);
        if (!st.step()) {
            return PinLockout{};
        }
        const auto until = parse_iso8601(st.text(1));
        if (!until) {
            throw StoreFailure{{StoreErrorKind::Io, "the PIN lockout cannot be read"}};
        }
        return PinLockout{static_cast<int>(st.integer(0)), *until};
    });
}

Result<void, StoreError> Store::save_pin_lockout(const std::string& pad,
                                                 const PinLockout& lockout) {
    return guard([&]() -> Result<void, StoreError> {
        db_->prepare(
               "INSERT INTO pin_lockouts (pad, wrong_in_a_row, locked_until) VALUES (?, ?, ?) "
               "ON CONFLICT (pad) DO UPDATE SET wrong_in_a_row = excluded.wrong_in_a_row, "
               "  locked_until = excluded.locked_until")
            .bind(1, pad)
            .bind(2, std::int64_t{lockout.wrong_in_a_row})
            .bind(3, to_iso8601(lockout.locked_until))
            .run();
        return Ok{};
    });
}

Result<StoreStatus, StoreError> Store::status() {
    return guard([&]() -> Result<StoreStatus, StoreError> {
        StoreStatus s;
        s.schema_version = schema_version();
        s.latest_schema_version = latest_schema_version();
        if (s.schema_version == 0) {
            return s;
        }
        auto count = [&](const char* sql) {
            auto st = db_->prepare(sql);
            st.step();
            return st.integer(0);
        };
        s.residents = count("SELECT count(*) FROM residents");
        s.purged_residents = count("SELECT count(*) FROM residents WHERE purged_at IS NOT NULL");
        s.contracts = count("SELECT count(*) FROM contracts");
        s.opt_outs = count("SELECT count(*) FROM opt_outs");
        s.receipts = count("SELECT count(*) FROM receipts");
        if (s.schema_version >= 3) {
            s.prints_queued = count("SELECT count(*) FROM print_jobs WHERE state = 'queued'");
        }
        s.outbox_pending = count("SELECT count(*) FROM outbox WHERE state = 'pending'");
        s.outbox_acknowledged = count("SELECT count(*) FROM outbox WHERE state = 'acknowledged'");
        // Refused entries a nurse has not settled (settled_at: schema 9).
        s.outbox_refused =
            count(s.schema_version >= 9 ? "SELECT count(*) FROM outbox WHERE state = "
                                          "'refused' AND settled_at IS NULL"
                                        : "SELECT count(*) FROM outbox WHERE state = "
                                          "'refused'");
        s.audit_entries = count("SELECT count(*) FROM audit_log");
        auto oldest = db_->prepare("SELECT min(created_at) FROM outbox WHERE state = 'pending'");
        oldest.step();
        s.oldest_pending_at = oldest.optional_text(0);
        return s;
    });
}

Result<void, StoreError> Store::save_receipt(const std::string& id, const std::string& record_id,
                                             const std::string& kind, const Bytes& bytes,
                                             Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        db_->prepare(
               "INSERT INTO receipts (id, record_id, kind, bytes_enc, created_at) "
               "VALUES (?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, record_id)
            .bind(3, kind)
            .bind(4, keys_.encrypt(detail::as_text(bytes), "receipts.bytes:" + id))
            .bind(5, to_iso8601(now))
            .run();
        return Ok{};
    });
}

Result<Bytes, StoreError> Store::receipt_bytes(const std::string& id) {
    return guard([&]() -> Result<Bytes, StoreError> {
        auto st = db_->prepare("SELECT bytes_enc FROM receipts WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return fail(StoreError{StoreErrorKind::NotFound, "no receipt " + id});
        }
        auto text = open_field(st.blob(0), "receipts.bytes:" + id);
        if (!text) {
            return fail(
                StoreError{StoreErrorKind::NotFound,
                           "receipt " + id + " was purged after the center acknowledged it"});
        }
        return detail::as_bytes(*text);
    });
}

Result<std::optional<std::string>, StoreError> Store::receipt_for_record(
    const std::string& record_id) {
    return guard([&]() -> Result<std::optional<std::string>, StoreError> {
        auto st = db_->prepare(
            "SELECT id FROM receipts WHERE record_id = ? ORDER BY created_at DESC, rowid DESC "
            "LIMIT 1");
        st.bind(1, record_id);
        if (!st.step()) {
            return std::optional<std::string>{};
        }
        return std::optional<std::string>{st.text(0)};
    });
}

Result<std::vector<ReceiptEntry>, StoreError> Store::receipts(Instant from, Instant to) {
    return guard([&]() -> Result<std::vector<ReceiptEntry>, StoreError> {
        auto st = db_->prepare(
            "SELECT id, record_id, kind, created_at FROM receipts "
            "WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, rowid DESC");
        st.bind(1, to_iso8601(from)).bind(2, to_iso8601(to));
        std::vector<ReceiptEntry> out;
        while (st.step()) {
            out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
        }
        return out;
    });
}

Result<std::int64_t, StoreError> Store::queue_print(const std::string& receipt_id,
                                                    const std::string& language, Instant now) {
    return guard([&]() -> Result<std::int64_t, StoreError> {
        db_->prepare(
               "INSERT INTO print_jobs (receipt_id, language, state, created_at, updated_at) "
               "VALUES (?, ?, 'queued', ?, ?)")
            .bind(1, receipt_id)
            .bind(2, language)
            .bind(3, to_iso8601(now))
            .bind(4, to_iso8601(now))
            .run();
        return db_->last_insert_rowid();
    });
}

Result<void, StoreError> Store::print_done(std::int64_t job, bool confirmed, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        Transaction tx(*db_);
        db_->prepare("UPDATE print_jobs SET state = ?, problem = '', updated_at = ? WHERE id = ?")
            .bind(1, std::string(confirmed ? "printed" : "sent"))
            .bind(2, to_iso8601(now))
            .bind(3, job)
            .run();
        if (db_->changes() != 1) {
            return fail(
                StoreError{StoreErrorKind::NotFound, "no print job " + std::to_string(job)});
        }
        if (confirmed) {
            db_->prepare(
                   "UPDATE receipts SET printed_at = ? WHERE id = "
                   "(SELECT receipt_id FROM print_jobs WHERE id = ?)")
                .bind(1, to_iso8601(now))
                .bind(2, job)
                .run();
        }
        tx.commit();
        return Ok{};
    });
}

Result<void, StoreError> Store::print_problem(std::int64_t job, const std::string& problem,
                                              Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        db_->prepare("UPDATE print_jobs SET problem = ?, updated_at = ? WHERE id = ?")
            .bind(1, problem)
            .bind(2, to_iso8601(now))
            .bind(3, job)
            .run();
        return Ok{};
    });
}

Result<std::vector<PrintJobEntry>, StoreError> Store::queued_prints() {
    return guard([&]() -> Result<std::vector<PrintJobEntry>, StoreError> {
        auto st = db_->prepare(
            "SELECT id, receipt_id, language, problem, created_at FROM print_jobs "
            "WHERE state = 'queued' ORDER BY id");
        std::vector<PrintJobEntry> out;
        while (st.step()) {
            out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4)});
        }
        return out;
    });
}

Result<void, StoreError> Store::record_feedback(const std::string& id, const std::string& record_id,
                                                const domain::Feedback& feedback, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        if (!feedback.rating && !feedback.knows_doctor) {
            return fail(StoreError{StoreErrorKind::Conflict, "feedback with no answer"});
        }
        Transaction tx(*db_);
        auto insert = db_->prepare(
            "INSERT INTO feedback (id, record_id, rating, knows_doctor, created_at) "
            "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, id).bind(2, record_id);
        if (feedback.rating) {
            insert.bind(3, std::int64_t{*feedback.rating});
        }
        if (feedback.knows_doctor) {
            insert.bind(4, std::int64_t{*feedback.knows_doctor ? 1 : 0});
        }
        insert.bind(5, to_iso8601(now)).run();
        write_outbox("feedback", id, "", now);
        tx.commit();
        queued();
        return Ok{};
    });
}

Result<void, StoreError> Store::cache_teams(const std::vector<domain::Team>& teams, Instant now) {
    return replace_teams(teams, "", now);
}

Result<std::vector<domain::Team>, StoreError> Store::teams() {
    return guard([&]() -> Result<std::vector<domain::Team>, StoreError> {
        auto st = db_->prepare("SELECT id, body FROM teams ORDER BY id");
        std::vector<domain::Team> out;
        while (st.step()) {
            const json body = json::parse(st.text(1));
            domain::Team t;
            t.id = st.text(0);
            t.name = body.at("name");
            t.center_id = body.at("center_id");
            t.leader = body.at("leader");
            t.leader_phone = body.at("leader_phone");
            t.specialties = body.at("specialties").get<std::vector<std::string>>();
            t.villages = body.at("villages").get<std::vector<std::string>>();
            if (!body.at("capacity").is_null()) {
                t.capacity = body.at("capacity").get<int>();
            }
            t.signed_count = body.at("signed_count");
            t.open = body.at("open");
            out.push_back(std::move(t));
        }
        return out;
    });
}

}  // namespace jiayi::store
