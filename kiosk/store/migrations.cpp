#include "kiosk/store/migrations.hpp"

#include <string>

#include "kiosk/store/crypto.hpp"
#include "kiosk/store/internal.hpp"
#include "kiosk/store/sqlite.hpp"

namespace jiayi::store {

namespace {

// The health-seal migration's middle step: the health fields a schema-3 database holds in
// clear, sealed as records.cpp seals them. Residents already purged lose
// theirs instead: a purge wipes them now.
void seal_health_fields(Database& db, const KeyRing& keys) {
    auto residents = db.prepare(
        "SELECT id, insurance, registry_populations, declared_populations FROM residents "
        "WHERE purged_at IS NULL");
    auto seal_resident = db.prepare(
        "UPDATE residents SET insurance_enc = ?, registry_populations_enc = ?, "
        "declared_populations_enc = ? WHERE id = ?");
    while (residents.step()) {
        const std::string id = residents.text(0);
        seal_resident
            .bind(1, detail::seal_health(keys, residents.text(1), "residents.insurance:" + id))
            .bind(2, detail::seal_health(keys, std::to_string(residents.integer(2)),
                                         "residents.registry_populations:" + id))
            .bind(3, detail::seal_health(keys, std::to_string(residents.integer(3)),
                                         "residents.declared_populations:" + id))
            .bind(4, id)
            .run();
    }
    auto contracts = db.prepare("SELECT id, packages, fees FROM contracts");
    auto seal_contract =
        db.prepare("UPDATE contracts SET packages_enc = ?, fees_enc = ? WHERE id = ?");
    while (contracts.step()) {
        const std::string id = contracts.text(0);
        seal_contract
            .bind(1, detail::seal_health(keys, contracts.text(1), "contracts.packages:" + id))
            .bind(2, detail::seal_health(keys, contracts.text(2), "contracts.fees:" + id))
            .bind(3, id)
            .run();
    }
}

// Columns ending in _enc hold sealed personal fields (crypto.hpp): with the
// birth date, sex and region in clear, an 18-digit ID would narrow to a few
// hundred candidates. _hash columns hold keyed hashes for lookups. Dates are
// ISO 8601; times are UTC.
constexpr Migration kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE residents (
    id                   TEXT PRIMARY KEY,
    name_enc             BLOB,
    phone_enc            BLOB,
    phone_hash           BLOB,
    address_enc          BLOB,
    birth_date_enc       BLOB,
    sex_enc              BLOB,
    insurance            TEXT NOT NULL,
    registry_populations INTEGER NOT NULL DEFAULT 0,
    declared_populations INTEGER NOT NULL DEFAULT 0,
    privacy_consent_at   TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    purged_at            TEXT
);
CREATE INDEX residents_phone ON residents(phone_hash);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents(id),
    kind        TEXT NOT NULL,
    number_hash BLOB NOT NULL UNIQUE,
    number_enc      BLOB,
    region_enc      BLOB,
    nationality_enc BLOB,
    created_at      TEXT NOT NULL
);
CREATE INDEX documents_resident ON documents(resident_id);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);

CREATE TABLE contracts (
    id                  TEXT PRIMARY KEY,
    resident_id         TEXT NOT NULL REFERENCES residents(id),
    team_id             TEXT NOT NULL,
    type                TEXT NOT NULL,
    status              TEXT NOT NULL,
    start_date          TEXT NOT NULL,
    end_date            TEXT NOT NULL,
    end_reason          TEXT,
    end_note_enc        BLOB,
    previous_id         TEXT,
    channel             TEXT NOT NULL,
    signer_role         TEXT NOT NULL,
    signer_relation     TEXT NOT NULL DEFAULT '',
    signer_document_enc BLOB,
    packages            TEXT NOT NULL,
    fees                TEXT NOT NULL,
    hospitals           TEXT NOT NULL,
    cross_region        INTEGER NOT NULL,
    kiosk_id            TEXT NOT NULL,
    operator_id         TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX contracts_resident ON contracts(resident_id);
-- One team per resident at a time: at most one latest ("active") contract.
CREATE UNIQUE INDEX contracts_one_active ON contracts(resident_id) WHERE status = 'active';

CREATE TABLE opt_outs (
    id                  TEXT PRIMARY KEY,
    resident_id         TEXT NOT NULL REFERENCES residents(id),
    date                TEXT NOT NULL,
    notice_version      TEXT NOT NULL,
    signer_role         TEXT NOT NULL,
    signer_relation     TEXT NOT NULL DEFAULT '',
    signer_document_enc BLOB,
    channel             TEXT NOT NULL,
    kiosk_id            TEXT NOT NULL,
    operator_id         TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL
);

CREATE TABLE signatures (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL,
    strokes_enc BLOB,
    png_enc     BLOB,
    created_at  TEXT NOT NULL
);
CREATE INDEX signatures_record ON signatures(record_id);

CREATE TABLE receipts (
    id         TEXT PRIMARY KEY,
    record_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    bytes_enc  BLOB,
    created_at TEXT NOT NULL,
    printed_at TEXT
);
CREATE INDEX receipts_record ON receipts(record_id);

-- What to report to the center, in creation order; written in the same
-- transaction as the record it names.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    record_type     TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    resident_id     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'acknowledged', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    acknowledged_at TEXT,
    refusal_code    TEXT
);
CREATE INDEX outbox_state ON outbox(state, seq);
CREATE INDEX outbox_record ON outbox(record_id);
CREATE INDEX outbox_resident ON outbox(resident_id);

-- Staff actions (nurse and administrator), never personal data.
CREATE TABLE audit_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
)sql",
    // 2: feedback after a service (rules.md, "Quality evaluation"), reported
    // through the outbox like every record. Not personal: no resident column.
    R"sql(
CREATE TABLE feedback (
    id           TEXT PRIMARY KEY,
    record_id    TEXT NOT NULL,
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    knows_doctor INTEGER CHECK (knows_doctor IN (0, 1)),
    created_at   TEXT NOT NULL
);
)sql",
    // 3: the print queue (drivers issue): each time a receipt is sent to the
    // printer, kept until the printer confirms it, so a receipt waiting for
    // paper survives a restart. A reprint is a new job for the same receipt.
    R"sql(
CREATE TABLE print_jobs (
    id         INTEGER PRIMARY KEY,
    receipt_id TEXT NOT NULL REFERENCES receipts(id),
    language   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('queued', 'printed', 'sent')),
    problem    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX print_jobs_queued ON print_jobs(state) WHERE state = 'queued';
)sql",
    // 4: health data sealed (issue 9 §3). A resident's insurance type and
    // key populations (tuberculosis, severe mental disorder, pregnancy,
    // disability, poverty…) describe their health or means, and so do a
    // contract's packages and fee lines (a chronic-care package, a share
    // borne by medical assistance): they move to sealed _enc columns and the
    // clear ones go. Counts the reports need (contracts, opt-outs, states)
    // never read them. A purge now also removes every keyed hash of the
    // person (the document's lookup hash, the phone's), applied here to the
    // residents purged before.
    Migration{R"sql(
ALTER TABLE residents ADD COLUMN insurance_enc BLOB;
ALTER TABLE residents ADD COLUMN registry_populations_enc BLOB;
ALTER TABLE residents ADD COLUMN declared_populations_enc BLOB;
ALTER TABLE contracts ADD COLUMN packages_enc BLOB;
ALTER TABLE contracts ADD COLUMN fees_enc BLOB;
)sql",
              seal_health_fields, R"sql(
ALTER TABLE residents DROP COLUMN insurance;
ALTER TABLE residents DROP COLUMN registry_populations;
ALTER TABLE residents DROP COLUMN declared_populations;
ALTER TABLE contracts DROP COLUMN packages;
ALTER TABLE contracts DROP COLUMN fees;
DELETE FROM documents
 WHERE resident_id IN (SELECT id FROM residents WHERE purged_at IS NOT NULL);
UPDATE residents SET phone_hash = NULL WHERE purged_at IS NOT NULL;
)sql"},
    // 5: the nurse PIN pad's lockout (issue 9 §3), kept here so that
    // restarting the kiosk gives a guesser no fresh tries. One row per PIN pad.
    R"sql(
CREATE TABLE pin_lockouts (
    pad            TEXT PRIMARY KEY,
    wrong_in_a_row INTEGER NOT NULL,
    locked_until   TEXT NOT NULL
);
)sql",
    // 6: the sync's state (kiosk/sync, issue 11), one row, read by `jiayi
    // sync status` from another process. No personal data.
    R"sql(
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error_at   TEXT,
    last_error_code TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT
);
INSERT INTO sync_state (id) VALUES (1);
)sql",
    // 7: what the sync pulls from the hub (kiosk/sync/pull.hpp): each list's
    // ETag and when it was last pulled (a 200 or a 304), so a restart asks
    // with If-None-Match and the flow knows whether teams were ever pulled;
    // the township's key-population flags, one row per resident found by
    // the keyed hash of their ID number, the flags sealed like health data.
    R"sql(
CREATE TABLE pulled_lists (
    list      TEXT PRIMARY KEY,
    etag      TEXT NOT NULL DEFAULT '',
    pulled_at TEXT NOT NULL
);
CREATE TABLE registry_flags (
    id          TEXT PRIMARY KEY,
    number_hash BLOB NOT NULL UNIQUE,
    flags_enc   BLOB NOT NULL
);
)sql",
    // 8: the daily reconciliation (kiosk/sync/reconcile): each day's ledger
    // digest as the hub answered it, and the records that differ (ids and
    // where; no personal data), for staff and `jiayi sync status`.
    R"sql(
CREATE TABLE reconciliations (
    day         TEXT PRIMARY KEY,
    checked_at  TEXT NOT NULL,
    agrees      INTEGER NOT NULL,
    contracts   INTEGER NOT NULL,
    opt_outs    INTEGER NOT NULL,
    differences TEXT NOT NULL DEFAULT ''
);
)sql",
    // 9: what a contract was before its last change (a renewal, a switch, a
    // termination), so that a change the center refuses can be taken back on
    // the kiosk: the center never took it, and the resident's standing here
    // should agree with the center's. A refused entry a nurse has dealt with
    // (settled: when, by which staff id) leaves the nurse's list.
    R"sql(
ALTER TABLE outbox ADD COLUMN settled_at TEXT;
ALTER TABLE outbox ADD COLUMN settled_by TEXT;
ALTER TABLE contracts ADD COLUMN undo_status TEXT;
ALTER TABLE contracts ADD COLUMN undo_end_date TEXT;
ALTER TABLE contracts ADD COLUMN undo_end_reason TEXT;
ALTER TABLE contracts ADD COLUMN undo_end_note_enc BLOB;
)sql",
    // 10: contracts back-filled from paper (补录, seed 000 §四): the paper
    // form's number (one back-fill per form on a kiosk), the date on the
    // paper and the staff member who entered it. The contract's own row is
    // as any other's; its signature is on the paper, so it has none here.
    R"sql(
CREATE TABLE back_fills (
    contract_id TEXT PRIMARY KEY REFERENCES contracts (id),
    form_number TEXT NOT NULL UNIQUE,
    signed_on   TEXT NOT NULL,
    entered_by  TEXT NOT NULL
);
)sql",
    // 11: the end date a contract was made with, kept through its changes,
    // so that a contract goes to the center as it was made (its later
    // renewal, switch or termination are records of their own) however
    // often it changed before its first send. For contracts from before,
    // the best known: the end before their last change, else their end.
    R"sql(
ALTER TABLE contracts ADD COLUMN made_end_date TEXT;
UPDATE contracts SET made_end_date = coalesce(undo_end_date, end_date);
)sql",
};

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

}  // namespace jiayi::store
