// What kiosk/sync reads and writes (store.hpp, "kiosk/sync"): the pending
// outbox with each entry's place in its record's history, the records a
// Bundle is built from (opened here, where the key is), the hub's answers
// applied in one transaction, and the sync's state for staff.

#include <nlohmann/json.hpp>

#include "kiosk/store/internal.hpp"
#include "kiosk/store/store.hpp"

#include <set>
#include <sstream>

namespace jiayi::store {

using detail::guard;
using detail::StoreFailure;

namespace {

// A signer's document as the center is told of it: the number (the only
// part the store keeps) with the kind its shape shows.
domain::Document signer_document(const std::string& number) {
    auto parsed = domain::parse_document(number, domain::Date{2999, 12, 31});
    if (parsed) {
        return std::move(parsed).value();
    }
    domain::Document other;
    other.kind = domain::DocumentKind::Other;
    other.number = number;
    return other;
}

}  // namespace

Result<std::vector<PendingEntry>, StoreError> Store::pending_entries(std::int64_t after_seq,
                                                                     int limit) {
    return guard([&]() -> Result<std::vector<PendingEntry>, StoreError> {
        auto st = db_->prepare(
            "SELECT o.seq, o.id, o.record_type, o.record_id, o.resident_id, o.created_at, "
            "  o.state, o.attempts, o.refusal_code, "
            "  NOT EXISTS (SELECT 1 FROM outbox p WHERE p.record_id = o.record_id "
            "              AND p.record_type = o.record_type AND p.seq < o.seq) "
            "FROM outbox o WHERE o.state = 'pending' AND o.seq > ? ORDER BY o.seq LIMIT ?");
        st.bind(1, after_seq).bind(2, std::int64_t{limit});
        std::vector<PendingEntry> out;
        while (st.step()) {
            PendingEntry p;
            p.entry = detail::outbox_entry_from(st);
            p.creates = st.integer(9) != 0;
            out.push_back(std::move(p));
        }
        return out;
    });
}

Result<std::vector<OutboxEntry>, StoreError> Store::refused_entries() {
    return guard([&]() -> Result<std::vector<OutboxEntry>, StoreError> {
        auto st = db_->prepare(
            "SELECT seq, id, record_type, record_id, resident_id, created_at, state, attempts, "
            "refusal_code FROM outbox WHERE state = 'refused' AND settled_at IS NULL "
            "ORDER BY seq");
        std::vector<OutboxEntry> out;
        while (st.step()) {
            out.push_back(detail::outbox_entry_from(st));
        }
        return out;
    });
}

Result<int, StoreError> Store::settle_refusal(const std::string& record_id,
                                              const std::string& staff_id, Instant now) {
    return guard([&]() -> Result<int, StoreError> {
        // The record's own entries, and those of its resident written in the
        // same transaction (a signing's signature and privacy consent).
        db_->prepare(
               "UPDATE outbox SET settled_at = ?2, settled_by = ?3 "
               "WHERE state = 'refused' AND settled_at IS NULL AND (record_id = ?1 OR ("
               "  resident_id <> '' AND (resident_id, created_at) IN (SELECT resident_id, "
               "  created_at FROM outbox WHERE record_id = ?1 AND state = 'refused')))")
            .bind(1, record_id)
            .bind(2, to_iso8601(now))
            .bind(3, staff_id)
            .run();
        const int settled = static_cast<int>(db_->changes());
        if (settled == 0) {
            return fail(StoreError{StoreErrorKind::NotFound,
                                   "no refused record " + record_id + " left to settle"});
        }
        return settled;
    });
}

Result<std::optional<ResidentRecord>, StoreError> Store::resident(const std::string& id) {
    std::optional<std::string> number;
    auto read = guard([&]() -> Result<void, StoreError> {
        auto st = db_->prepare(
            "SELECT id, number_enc FROM documents WHERE resident_id = ? "
            "ORDER BY created_at LIMIT 1");
        st.bind(1, id);
        if (st.step()) {
            number = open_field(st.blob(1), "documents.number:" + st.text(0));
        }
        return Ok{};
    });
    if (!read) {
        return fail(read.error());
    }
    if (!number) {
        return std::optional<ResidentRecord>();
    }
    return find_resident(*number);
}

Result<std::optional<ContractOnFile>, StoreError> Store::contract(const std::string& id) {
    ContractOnFile on_file;
    std::string resident_id;
    std::optional<std::string> signer_number;
    auto read = guard([&]() -> Result<bool, StoreError> {
        auto st = db_->prepare(
            "SELECT c.resident_id, c.kiosk_id, c.operator_id, c.created_at, "
            "  c.signer_document_enc, b.form_number, b.signed_on, b.entered_by, "
            "  c.made_end_date "
            "FROM contracts c LEFT JOIN back_fills b ON b.contract_id = c.id WHERE c.id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return false;
        }
        resident_id = st.text(0);
        on_file.kiosk_id = st.text(1);
        on_file.operator_id = st.text(2);
        on_file.created_at = st.text(3);
        signer_number = open_field(st.blob(4), "contracts.signer_document:" + id);
        if (const auto form = st.optional_text(5)) {
            const auto signed_on = domain::parse_iso_date(st.text(6));
            if (!signed_on) {
                throw StoreFailure{{StoreErrorKind::Io, "a back-fill's date does not read"}};
            }
            on_file.back_fill = domain::BackFillFacts{*signed_on, *form, st.text(7)};
        }
        if (const auto made = st.optional_text(8)) {
            on_file.made_end = domain::parse_iso_date(*made);
        }
        return true;
    });
    if (!read) {
        return fail(read.error());
    }
    if (!read.value()) {
        return std::optional<ContractOnFile>();
    }
    // contracts_of reads a contract's row the one way the store knows.
    auto all = contracts_of(resident_id);
    if (!all) {
        return fail(all.error());
    }
    for (auto& c : all.value()) {
        if (c.id == id) {
            on_file.contract = std::move(c);
            if (signer_number) {
                on_file.contract.signer.document = signer_document(*signer_number);
            }
            return std::optional<ContractOnFile>(std::move(on_file));
        }
    }
    return std::optional<ContractOnFile>();
}

Result<std::optional<OptOutOnFile>, StoreError> Store::opt_out(const std::string& id) {
    return guard([&]() -> Result<std::optional<OptOutOnFile>, StoreError> {
        auto st = db_->prepare(
            "SELECT resident_id, date, notice_version, signer_role, signer_relation, "
            "  signer_document_enc, channel, kiosk_id, operator_id, created_at "
            "FROM opt_outs WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return std::optional<OptOutOnFile>();
        }
        OptOutOnFile on_file;
        domain::OptOut& o = on_file.opt_out;
        o.id = id;
        o.resident_id = st.text(0);
        const auto date = domain::parse_iso_date(st.text(1));
        const auto role = domain::signer_role_from_code(st.text(3));
        const auto channel = domain::channel_from_code(st.text(6));
        if (!date || !role || !channel) {
            throw StoreFailure{{StoreErrorKind::Io, "unreadable opt-out " + id + " in the store"}};
        }
        o.date = *date;
        o.notice_version = st.text(2);
        o.signer.role = *role;
        o.signer.relation = st.text(4);
        if (auto number = open_field(st.blob(5), "opt_outs.signer_document:" + id)) {
            o.signer.document = signer_document(*number);
        }
        o.channel = *channel;
        on_file.kiosk_id = st.text(7);
        on_file.operator_id = st.text(8);
        on_file.created_at = st.text(9);
        return std::optional<OptOutOnFile>(std::move(on_file));
    });
}

Result<std::optional<SignatureOnFile>, StoreError> Store::signature(const std::string& id) {
    return guard([&]() -> Result<std::optional<SignatureOnFile>, StoreError> {
        auto st =
            db_->prepare("SELECT record_id, png_enc, created_at FROM signatures WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return std::optional<SignatureOnFile>();
        }
        SignatureOnFile on_file;
        on_file.id = id;
        on_file.record_id = st.text(0);
        on_file.png = detail::as_bytes(open_field(st.blob(1), "signatures.png:" + id).value_or(""));
        on_file.created_at = st.text(2);
        return std::optional<SignatureOnFile>(std::move(on_file));
    });
}

Result<std::optional<FeedbackOnFile>, StoreError> Store::feedback(const std::string& id) {
    return guard([&]() -> Result<std::optional<FeedbackOnFile>, StoreError> {
        auto st = db_->prepare(
            "SELECT f.record_id, f.rating, f.knows_doctor, f.created_at, "
            "  CASE WHEN EXISTS (SELECT 1 FROM opt_outs o WHERE o.id = f.record_id) "
            "       THEN 'opt-out' ELSE 'contract' END "
            "FROM feedback f WHERE f.id = ?");
        st.bind(1, id);
        if (!st.step()) {
            return std::optional<FeedbackOnFile>();
        }
        FeedbackOnFile on_file;
        on_file.id = id;
        on_file.record_id = st.text(0);
        if (!st.is_null(1)) {
            on_file.feedback.rating = static_cast<int>(st.integer(1));
        }
        if (!st.is_null(2)) {
            on_file.feedback.knows_doctor = st.integer(2) != 0;
        }
        on_file.created_at = st.text(3);
        on_file.record_type = st.text(4);
        return std::optional<FeedbackOnFile>(std::move(on_file));
    });
}

Result<std::optional<std::string>, StoreError> Store::privacy_consent_at(
    const std::string& resident_id) {
    return guard([&]() -> Result<std::optional<std::string>, StoreError> {
        auto st = db_->prepare("SELECT privacy_consent_at FROM residents WHERE id = ?");
        st.bind(1, resident_id);
        if (!st.step()) {
            return std::optional<std::string>();
        }
        return st.optional_text(0);
    });
}

Result<void, StoreError> Store::settle_outbox(const OutboxSettlement& settlement, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        const std::string at = to_iso8601(now);
        Transaction tx(*db_);
        auto acknowledge = db_->prepare(
            "UPDATE outbox SET state = 'acknowledged', acknowledged_at = ?, last_error = NULL, "
            "  attempts = attempts + 1 WHERE id = ? AND state = 'pending'");
        for (const std::string& id : settlement.acknowledged) {
            acknowledge.bind(1, at).bind(2, id).run();
            acknowledge.reset();
        }
        auto refuse = db_->prepare(
            "UPDATE outbox SET state = 'refused', refusal_code = ?, last_error = ?, "
            "  acknowledged_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'pending'");
        for (const auto& r : settlement.refused) {
            refuse.bind(1, r.code)
                .bind(2, "refused by the center: " + r.code)
                .bind(3, at)
                .bind(4, r.outbox_id)
                .run();
            refuse.reset();
        }
        std::vector<std::string> refused;
        refused.reserve(settlement.refused.size());
        for (const auto& r : settlement.refused) {
            refused.push_back(r.outbox_id);
        }
        take_back_refused(refused, at);
        db_->prepare("UPDATE sync_state SET last_attempt_at = ?1, last_success_at = ?1")
            .bind(1, at)
            .run();
        tx.commit();
        return Ok{};
    });
}

// A contract record the center refused never took effect there. On the kiosk
// the new contract it refused is cancelled, and each contract the refused
// change ended or superseded is put back as it was before that change (the
// undo_ columns, migration 9), so that a resident's standing here agrees with
// the center's: no "signed until" above a refusal. The outbox entries stay,
// refused, for staff. Cancellations go first, so that the one-active-contract
// index never sees two.
void Store::take_back_refused(const std::vector<std::string>& outbox_ids, const std::string& at) {
    auto entry = db_->prepare(
        "SELECT o.record_id, o.resident_id, NOT EXISTS (SELECT 1 FROM outbox p "
        "  WHERE p.record_id = o.record_id AND p.record_type = o.record_type AND p.seq < o.seq) "
        "FROM outbox o WHERE o.id = ? AND o.record_type = 'contract' AND o.state = 'refused'");
    std::vector<std::string> created;
    std::set<std::string> residents;
    for (const std::string& id : outbox_ids) {
        entry.bind(1, id);
        if (entry.step()) {
            residents.insert(entry.text(1));
            if (entry.integer(2) != 0) {
                created.push_back(entry.text(0));
            }
        }
        entry.reset();
    }
    auto cancel = db_->prepare(
        "UPDATE contracts SET status = 'cancelled', updated_at = ? "
        "WHERE id = ? AND status IN ('active', 'superseded')");
    for (const std::string& id : created) {
        cancel.bind(1, at).bind(2, id).run();
        cancel.reset();
    }
    // Every contract of these residents whose latest change the center
    // refused goes back, whichever of a record's entries was refused first.
    auto restore = db_->prepare(
        "UPDATE contracts SET status = undo_status, end_date = undo_end_date, "
        "  end_reason = undo_end_reason, end_note_enc = undo_end_note_enc, "
        "  undo_status = NULL, undo_end_date = NULL, undo_end_reason = NULL, "
        "  undo_end_note_enc = NULL, updated_at = ?1 "
        "WHERE resident_id = ?2 AND undo_status IS NOT NULL "
        "AND (SELECT o.state FROM outbox o WHERE o.record_id = contracts.id "
        "     AND o.record_type = 'contract' ORDER BY o.seq DESC LIMIT 1) = 'refused' "
        "AND (undo_status <> 'active' OR NOT EXISTS (SELECT 1 FROM contracts a "
        "     WHERE a.resident_id = contracts.resident_id AND a.status = 'active' "
        "     AND a.id <> contracts.id))");
    for (const std::string& resident : residents) {
        restore.bind(1, at).bind(2, resident).run();
        restore.reset();
    }
}

Result<void, StoreError> Store::record_sync_failure(const std::string& code,
                                                    const std::string& message,
                                                    const std::vector<std::string>& tried,
                                                    Instant next_attempt, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        const std::string at = to_iso8601(now);
        Transaction tx(*db_);
        auto attempt = db_->prepare(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
            "WHERE id = ? AND state = 'pending'");
        for (const std::string& id : tried) {
            attempt.bind(1, code).bind(2, id).run();
            attempt.reset();
        }
        db_->prepare(
               "UPDATE sync_state SET last_attempt_at = ?1, last_error_at = ?1, "
               "  last_error_code = ?2, last_error = ?3, failures = failures + 1, "
               "  next_attempt_at = ?4")
            .bind(1, at)
            .bind(2, code)
            .bind(3, message)
            .bind(4, to_iso8601(next_attempt))
            .run();
        tx.commit();
        return Ok{};
    });
}

Result<void, StoreError> Store::record_sync_success(Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        db_->prepare(
               "UPDATE sync_state SET last_attempt_at = ?1, last_success_at = ?1, "
               "  last_error_code = '', last_error = '', failures = 0, next_attempt_at = NULL")
            .bind(1, to_iso8601(now))
            .run();
        return Ok{};
    });
}

Result<SyncState, StoreError> Store::sync_state() {
    return guard([&]() -> Result<SyncState, StoreError> {
        SyncState s;
        if (schema_version() < 6) {
            return s;  // an old database, read without migrating (jiayi sync status)
        }
        auto st = db_->prepare(
            "SELECT last_attempt_at, last_success_at, last_error_at, last_error_code, "
            "  last_error, failures, next_attempt_at FROM sync_state WHERE id = 1");
        if (st.step()) {
            s.last_attempt_at = st.optional_text(0);
            s.last_success_at = st.optional_text(1);
            s.last_error_at = st.optional_text(2);
            s.last_error_code = st.text(3);
            s.last_error = st.text(4);
            s.failures = static_cast<int>(st.integer(5));
            s.next_attempt_at = st.optional_text(6);
        }
        return s;
    });
}

std::string_view code(Reconciliation::Where where) {
    switch (where) {
        case Reconciliation::Where::KioskOnly:
            return "kiosk-only";
        case Reconciliation::Where::HubOnly:
            return "hub-only";
        case Reconciliation::Where::Different:
            return "different";
    }
    return "different";
}

// The differences as kept: one "where id" per line (codes and UUIDs only).
Result<void, StoreError> Store::record_reconciliation(const Reconciliation& result) {
    return guard([&]() -> Result<void, StoreError> {
        std::string differences;
        for (const auto& d : result.differences) {
            differences += std::string(code(d.where)) + " " + d.record_id + "\n";
        }
        db_->prepare(
               "INSERT INTO reconciliations (day, checked_at, agrees, contracts, opt_outs, "
               "  differences) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
               "ON CONFLICT (day) DO UPDATE SET checked_at = ?2, agrees = ?3, contracts = ?4, "
               "  opt_outs = ?5, differences = ?6")
            .bind(1, domain::to_iso(result.day))
            .bind(2, result.checked_at)
            .bind(3, result.agrees ? 1 : 0)
            .bind(4, result.contracts)
            .bind(5, result.opt_outs)
            .bind(6, differences)
            .run();
        return Ok{};
    });
}

namespace {

Reconciliation reconciliation_from(Statement& st) {
    Reconciliation r;
    r.day = domain::parse_iso_date(st.text(0)).value_or(domain::Date{});
    r.checked_at = st.text(1);
    r.agrees = st.integer(2) != 0;
    r.contracts = st.integer(3);
    r.opt_outs = st.integer(4);
    std::istringstream lines(st.text(5));
    for (std::string where, id; lines >> where >> id;) {
        r.differences.push_back({id, where == "kiosk-only" ? Reconciliation::Where::KioskOnly
                                     : where == "hub-only" ? Reconciliation::Where::HubOnly
                                                           : Reconciliation::Where::Different});
    }
    return r;
}

}  // namespace

Result<std::optional<Reconciliation>, StoreError> Store::last_reconciliation() {
    return guard([&]() -> Result<std::optional<Reconciliation>, StoreError> {
        if (schema_version() < 8) {
            return std::optional<Reconciliation>();  // an old database, read without migrating
        }
        auto st = db_->prepare(
            "SELECT day, checked_at, agrees, contracts, opt_outs, differences "
            "FROM reconciliations ORDER BY day DESC LIMIT 1");
        if (!st.step()) {
            return std::optional<Reconciliation>();
        }
        return std::optional<Reconciliation>(reconciliation_from(st));
    });
}

Result<std::vector<Reconciliation>, StoreError> Store::recent_differences(int days) {
    return guard([&]() -> Result<std::vector<Reconciliation>, StoreError> {
        std::vector<Reconciliation> out;
        if (schema_version() < 8) {
            return out;
        }
        auto st = db_->prepare(
            "SELECT day, checked_at, agrees, contracts, opt_outs, differences FROM ("
            "  SELECT * FROM reconciliations ORDER BY day DESC LIMIT ?) WHERE agrees = 0 "
            "ORDER BY day DESC");
        st.bind(1, std::int64_t{days});
        while (st.step()) {
            out.push_back(reconciliation_from(st));
        }
        return out;
    });
}

Result<std::optional<RecordMade>, StoreError> Store::record_made(const std::string& record_id) {
    return guard([&]() -> Result<std::optional<RecordMade>, StoreError> {
        auto st = db_->prepare(
            "SELECT type, created_at, EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = ?1 "
            "  AND o.state = 'refused') FROM ("
            "  SELECT 'contract' AS type, created_at FROM contracts WHERE id = ?1 "
            "  UNION ALL SELECT 'opt-out', created_at FROM opt_outs WHERE id = ?1)");
        st.bind(1, record_id);
        if (!st.step()) {
            return std::optional<RecordMade>();
        }
        return std::optional(RecordMade{st.text(0), st.text(1), st.integer(2) != 0});
    });
}

}  // namespace jiayi::store
