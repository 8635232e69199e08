// Residents, contracts, opt-outs and signatures: the records a signing writes,
// and the ledger that reads them back.

#include <nlohmann/json.hpp>

#include "kiosk/store/internal.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::store {

using detail::guard;
using detail::seal_health;
using detail::StoreFailure;
using nlohmann::json;

namespace {

std::optional<Bytes> seal_if(const KeyRing& keys, const std::string& text,
                             const std::string& context) {
    if (text.empty()) {
        return std::nullopt;
    }
    return keys.encrypt(text, context);
}

json fees_to_json(const domain::FeeBreakdown& fees) {
    json out = json::array();
    for (const auto& line : fees.lines) {
        out.push_back({{"package", line.package_id},
                       {"payer", domain::code(line.payer)},
                       {"fen", line.amount.fen}});
    }
    return out;
}

template <class T>
T must(std::optional<T> value, const std::string& what) {
    if (!value) {
        throw StoreFailure{{StoreErrorKind::Io, "unreadable " + what + " in the store"}};
    }
    return *value;
}

domain::FeeBreakdown fees_from_json(const std::string& text) {
    domain::FeeBreakdown fees;
    for (const auto& line : json::parse(text)) {
        fees.lines.push_back(
            {line.at("package"),
             must(domain::payer_from_code(line.at("payer").get<std::string>()), "payer"),
             domain::Money{line.at("fen").get<std::int64_t>()}});
    }
    return fees;
}

domain::PopulationSet populations_from(const std::string& bits) {
    return domain::PopulationSet::from_bits(static_cast<std::uint32_t>(std::stoul(bits)));
}

// A guardian's or proxy's document number, sealed to its row.
std::optional<Bytes> seal_signer_document(const KeyRing& keys, const domain::Signer& signer,
                                          const std::string& table, const std::string& id) {
    if (!signer.document) {
        return std::nullopt;
    }
    return keys.encrypt(signer.document->number, table + ".signer_document:" + id);
}

}  // namespace

void Store::write_resident(const ResidentRecord& r, bool consent_given, Instant now) {
    const std::string at = to_iso8601(now);
    const Bytes doc_hash = keys_.document_hash(r.document.number);
    auto owner = db_->prepare("SELECT resident_id FROM documents WHERE number_hash = ?");
    owner.bind(1, doc_hash);
    const bool known = owner.step();
    if (known && owner.text(0) != r.id) {
        throw StoreFailure{
            {StoreErrorKind::Conflict, "this document is on file under another resident record"}};
    }
    db_->prepare(
           "INSERT INTO residents (id, name_enc, phone_enc, phone_hash, address_enc, "
           "  birth_date_enc, sex_enc, insurance_enc, registry_populations_enc, "
           "  declared_populations_enc, privacy_consent_at, created_at, updated_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) "
           "ON CONFLICT (id) DO UPDATE SET name_enc = excluded.name_enc, "
           "  phone_enc = excluded.phone_enc, phone_hash = excluded.phone_hash, "
           "  address_enc = excluded.address_enc, birth_date_enc = excluded.birth_date_enc, "
           "  sex_enc = excluded.sex_enc, insurance_enc = excluded.insurance_enc, "
           "  registry_populations_enc = excluded.registry_populations_enc, "
           "  declared_populations_enc = excluded.declared_populations_enc, "
           "  privacy_consent_at = coalesce(residents.privacy_consent_at, "
           "                                excluded.privacy_consent_at), "
           "  updated_at = excluded.updated_at, purged_at = NULL")
        .bind(1, r.id)
        .bind(2, seal_if(keys_, r.name, "residents.name:" + r.id))
        .bind(3, seal_if(keys_, r.phone, "residents.phone:" + r.id))
        .bind(4, r.phone.empty() ? std::optional<Bytes>() : keys_.phone_hash(r.phone))
        .bind(5, seal_if(keys_, r.address, "residents.address:" + r.id))
        .bind(6, r.document.birth_date
                     ? std::optional<Bytes>(keys_.encrypt(domain::to_iso(*r.document.birth_date),
                                                          "residents.birth_date:" + r.id))
                     : std::nullopt)
        .bind(7, keys_.encrypt(domain::code(r.document.sex), "residents.sex:" + r.id))
        .bind(8, seal_health(keys_, domain::code(r.insurance), "residents.insurance:" + r.id))
        .bind(9, seal_health(keys_, std::to_string(r.registry_populations.bits()),
                             "residents.registry_populations:" + r.id))
        .bind(10, seal_health(keys_, std::to_string(r.declared_populations.bits()),
                              "residents.declared_populations:" + r.id))
        .bind(11,
              r.privacy_consent || consent_given ? std::optional<std::string>(at) : std::nullopt)
        .bind(12, at)
        .run();
    // The document's own fields, sealed: written anew on every visit, so a
    // resident back after a purge is filled in again.
    std::string doc_id;
    if (known) {
        auto id = db_->prepare("SELECT id FROM documents WHERE number_hash = ?");
        id.bind(1, doc_hash);
        id.step();
        doc_id = id.text(0);
    } else {
        doc_id = new_uuid();
        db_->prepare(
               "INSERT INTO documents (id, resident_id, kind, number_hash, created_at) "
               "VALUES (?, ?, ?, ?, ?)")
            .bind(1, doc_id)
            .bind(2, r.id)
            .bind(3, domain::code(r.document.kind))
            .bind(4, doc_hash)
            .bind(5, at)
            .run();
    }
    db_->prepare(
           "UPDATE documents SET number_enc = ?, region_enc = ?, nationality_enc = ? "
           "WHERE id = ?")
        .bind(1, keys_.encrypt(r.document.number, "documents.number:" + doc_id))
        .bind(2, keys_.encrypt(r.document.region_code, "documents.region:" + doc_id))
        .bind(3, keys_.encrypt(r.document.nationality, "documents.nationality:" + doc_id))
        .bind(4, doc_id)
        .run();
}

void Store::write_signature(const std::string& id, const std::string& record_id,
                            const SignatureCapture& signature, Instant now) {
    db_->prepare(
           "INSERT INTO signatures (id, record_id, strokes_enc, png_enc, created_at) "
           "VALUES (?, ?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, record_id)
        .bind(3, keys_.encrypt(signature.strokes, "signatures.strokes:" + id))
        .bind(4, keys_.encrypt(detail::as_text(signature.png), "signatures.png:" + id))
        .bind(5, to_iso8601(now))
        .run();
}

Result<void, StoreError> Store::record_signing(const SigningRecord& record, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        const std::string at = to_iso8601(now);
        const std::string& resident_id = record.resident.id;
        Transaction tx(*db_);
        write_resident(record.resident, record.consent_given, now);
        // consent_given: consent given on this visit (the flow also sets the
        // resident's privacy_consent then); it goes to the center once.
        if (record.consent_given) {
            write_outbox("privacy-consent", resident_id, resident_id, now);
        }
        // Earlier contracts change first, so the "one active contract" index
        // never sees two at once.
        update_contracts(resident_id, record.change.updated, now);
        const domain::Contract& c = record.change.contract;
        if (c.resident_id != resident_id) {
            throw StoreFailure{{StoreErrorKind::Conflict, "contract and resident differ"}};
        }
        const json hospitals = {{"secondary", c.hospitals.secondary},
                                {"tertiary", c.hospitals.tertiary}};
        db_->prepare(
               "INSERT INTO contracts (id, resident_id, team_id, type, status, start_date, "
               "  end_date, previous_id, channel, signer_role, signer_relation, "
               "  signer_document_enc, packages_enc, fees_enc, hospitals, cross_region, kiosk_id, "
               "  operator_id, created_at, updated_at, made_end_date) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
               "  ?17, ?18, ?19, ?19, ?7)")
            .bind(1, c.id)
            .bind(2, resident_id)
            .bind(3, c.team_id)
            .bind(4, domain::code(c.type))
            .bind(5, domain::code(c.status))
            .bind(6, domain::to_iso(c.start))
            .bind(7, domain::to_iso(c.end))
            .bind(8, c.previous_id)
            .bind(9, domain::code(c.channel))
            .bind(10, domain::code(c.signer.role))
            .bind(11, c.signer.relation)
            .bind(12, seal_signer_document(keys_, c.signer, "contracts", c.id))
            .bind(13, seal_health(keys_, json(c.package_ids).dump(), "contracts.packages:" + c.id))
            .bind(14, seal_health(keys_, fees_to_json(c.fees).dump(), "contracts.fees:" + c.id))
            .bind(15, hospitals.dump())
            .bind(16, std::int64_t{c.cross_region ? 1 : 0})
            .bind(17, record.kiosk_id)
            .bind(18, record.operator_id)
            .bind(19, at)
            .run();
        write_outbox("contract", c.id, resident_id, now);
        if (record.back_fill) {
            write_back_fill(c.id, *record.back_fill);
        } else {
            write_signature(record.signature_id, c.id, record.signature, now);
            write_outbox("signature", record.signature_id, resident_id, now);
        }
        tx.commit();
        queued();
        return Ok{};
    });
}

void Store::write_back_fill(const std::string& contract_id, const domain::BackFillFacts& facts) {
    auto used = db_->prepare("SELECT 1 FROM back_fills WHERE form_number = ?");
    used.bind(1, facts.form_number);
    if (used.step()) {
        throw StoreFailure{{StoreErrorKind::Conflict, "this paper form is back-filled already"}};
    }
    db_->prepare(
           "INSERT INTO back_fills (contract_id, form_number, signed_on, entered_by) "
           "VALUES (?, ?, ?, ?)")
        .bind(1, contract_id)
        .bind(2, facts.form_number)
        .bind(3, domain::to_iso(facts.signed_on))
        .bind(4, facts.entered_by)
        .run();
}

Result<bool, StoreError> Store::form_back_filled(const std::string& form_number) {
    return guard([&]() -> Result<bool, StoreError> {
        auto st = db_->prepare("SELECT 1 FROM back_fills WHERE form_number = ?");
        st.bind(1, form_number);
        return st.step();
    });
}

void Store::update_contracts(const std::string& resident_id,
                             const std::vector<domain::Contract>& contracts, Instant now) {
    auto update = db_->prepare(
        "UPDATE contracts SET undo_status = status, undo_end_date = end_date, "
        "  undo_end_reason = end_reason, undo_end_note_enc = end_note_enc, "
        "  status = ?, end_date = ?, end_reason = ?, end_note_enc = ?, "
        "updated_at = ? WHERE id = ? AND resident_id = ? "
        "AND status IN ('active', 'superseded')");
    for (const domain::Contract& c : contracts) {
        update.bind(1, domain::code(c.status))
            .bind(2, domain::to_iso(c.end))
            .bind(3, c.end_reason ? std::optional<std::string>(domain::code(*c.end_reason))
                                  : std::nullopt)
            .bind(4, seal_if(keys_, c.end_note, "contracts.end_note:" + c.id))
            .bind(5, to_iso8601(now))
            .bind(6, c.id)
            .bind(7, resident_id)
            .run();
        if (db_->changes() != 1) {
            // Missing, or already ended or cancelled: the decision was made
            // on a stale read, and nothing of it is written.
            throw StoreFailure{
                {StoreErrorKind::Conflict, "contract " + c.id + " is not open to this change"}};
        }
        write_outbox("contract", c.id, resident_id, now);
    }
}

Result<void, StoreError> Store::record_termination(const std::string& resident_id,
                                                   const std::vector<domain::Contract>& changed,
                                                   const std::string& operator_id, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        Transaction tx(*db_);
        update_contracts(resident_id, changed, now);
        for (const domain::Contract& c : changed) {
            // The reason's code only: a free-text note may hold personal detail.
            db_->prepare("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)")
                .bind(1, to_iso8601(now))
                .bind(2, operator_id)
                .bind(3, "contract-terminate")
                .bind(4, "contract " + c.id + ", " + std::string(domain::code(c.status)) +
                             (c.end_reason ? ", " + std::string(domain::code(*c.end_reason)) : ""))
                .run();
        }
        tx.commit();
        queued();
        return Ok{};
    });
}

Result<void, StoreError> Store::record_opt_out(const OptOutRecord& record, Instant now) {
    return guard([&]() -> Result<void, StoreError> {
        const domain::OptOut& o = record.opt_out;
        Transaction tx(*db_);
        write_resident(record.resident, false, now);
        db_->prepare(
               "INSERT INTO opt_outs (id, resident_id, date, notice_version, signer_role, "
               "  signer_relation, signer_document_enc, channel, kiosk_id, operator_id, "
               "  created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, o.id)
            .bind(2, record.resident.id)
            .bind(3, domain::to_iso(o.date))
            .bind(4, o.notice_version)
            .bind(5, domain::code(o.signer.role))
            .bind(6, o.signer.relation)
            .bind(7, seal_signer_document(keys_, o.signer, "opt_outs", o.id))
            .bind(8, domain::code(o.channel))
            .bind(9, record.kiosk_id)
            .bind(10, record.operator_id)
            .bind(11, to_iso8601(now))
            .run();
        write_outbox("opt-out", o.id, record.resident.id, now);
        write_signature(record.signature_id, o.id, record.signature, now);
        write_outbox("signature", record.signature_id, record.resident.id, now);
        tx.commit();
        queued();
        return Ok{};
    });
}

Result<std::optional<ResidentRecord>, StoreError> Store::find_resident(
    std::string_view document_number) {
    return guard([&]() -> Result<std::optional<ResidentRecord>, StoreError> {
        // A purge deletes the document row, hash and all: a purged resident
        // is not found, and comes back as a new record.
        auto st = db_->prepare(
            "SELECT r.id, r.name_enc, r.phone_enc, r.address_enc, r.insurance_enc, "
            "  r.registry_populations_enc, r.declared_populations_enc, r.privacy_consent_at, "
            "  d.id, d.kind, d.number_enc, d.region_enc, d.nationality_enc, "
            "  r.birth_date_enc, r.sex_enc "
            "FROM documents d JOIN residents r ON r.id = d.resident_id WHERE d.number_hash = ?");
        st.bind(1, keys_.document_hash(document_number));
        if (!st.step()) {
            return std::optional<ResidentRecord>();
        }
        ResidentRecord r;
        r.id = st.text(0);
        r.name = open_field(st.blob(1), "residents.name:" + r.id).value_or("");
        r.phone = open_field(st.blob(2), "residents.phone:" + r.id).value_or("");
        r.address = open_field(st.blob(3), "residents.address:" + r.id).value_or("");
        r.insurance = must(domain::insurance_from_code(
                               open_field(st.blob(4), "residents.insurance:" + r.id).value_or("")),
                           "insurance type");
        r.registry_populations = populations_from(
            open_field(st.blob(5), "residents.registry_populations:" + r.id).value_or("0"));
        r.declared_populations = populations_from(
            open_field(st.blob(6), "residents.declared_populations:" + r.id).value_or("0"));
        r.privacy_consent = !st.is_null(7);
        const std::string doc_id = st.text(8);
        r.document.kind = must(domain::document_kind_from_code(st.text(9)), "document kind");
        r.document.number = open_field(st.blob(10), "documents.number:" + doc_id)
                                .value_or(std::string(document_number));
        r.document.region_code = open_field(st.blob(11), "documents.region:" + doc_id).value_or("");
        r.document.nationality =
            open_field(st.blob(12), "documents.nationality:" + doc_id).value_or("");
        if (auto birth = open_field(st.blob(13), "residents.birth_date:" + r.id)) {
            r.document.birth_date = domain::parse_iso_date(*birth);
        }
        const std::string sex = open_field(st.blob(14), "residents.sex:" + r.id).value_or("");
        r.document.sex = sex == "male"     ? domain::Sex::Male
                         : sex == "female" ? domain::Sex::Female
                                           : domain::Sex::Unknown;
        if (r.document.region_code.size() >= 2) {
            r.document.province_code = r.document.region_code.substr(0, 2);
        }
        return std::optional<ResidentRecord>(std::move(r));
    });
}

Result<std::vector<domain::Contract>, StoreError> Store::contracts_of(
    const std::string& resident_id) {
    return guard([&]() -> Result<std::vector<domain::Contract>, StoreError> {
        auto st = db_->prepare(
            "SELECT id, team_id, type, status, start_date, end_date, end_reason, end_note_enc, "
            "  previous_id, channel, signer_role, signer_relation, packages_enc, fees_enc, "
            "  hospitals, "
            "  cross_region "
            "FROM contracts WHERE resident_id = ? ORDER BY start_date, created_at");
        st.bind(1, resident_id);
        std::vector<domain::Contract> out;
        while (st.step()) {
            domain::Contract c;
            c.id = st.text(0);
            c.resident_id = resident_id;
            c.team_id = st.text(1);
            c.type = must(domain::contract_type_from_code(st.text(2)), "contract type");
            c.status = must(domain::contract_status_from_code(st.text(3)), "contract status");
            c.start = must(domain::parse_iso_date(st.text(4)), "start date");
            c.end = must(domain::parse_iso_date(st.text(5)), "end date");
            if (auto reason = st.optional_text(6)) {
                c.end_reason = must(domain::end_reason_from_code(*reason), "end reason");
            }
            c.end_note = open_field(st.blob(7), "contracts.end_note:" + c.id).value_or("");
            c.previous_id = st.optional_text(8).value_or("");
            c.channel = must(domain::channel_from_code(st.text(9)), "channel");
            // The signer's own document is kept sealed for the center, not
            // read back: no rule needs it after the signing.
            c.signer.role = must(domain::signer_role_from_code(st.text(10)), "signer role");
            c.signer.relation = st.text(11);
            c.package_ids =
                json::parse(open_field(st.blob(12), "contracts.packages:" + c.id).value_or("[]"))
                    .get<std::vector<std::string>>();
            c.fees =
                fees_from_json(open_field(st.blob(13), "contracts.fees:" + c.id).value_or("[]"));
            const json hospitals = json::parse(st.text(14));
            c.hospitals = {hospitals.at("secondary"), hospitals.at("tertiary")};
            c.cross_region = st.integer(15) != 0;
            out.push_back(std::move(c));
        }
        return out;
    });
}

Result<int, StoreError> Store::residents_sharing_phone(std::string_view digits,
                                                       const std::string& except_resident_id) {
    return guard([&]() -> Result<int, StoreError> {
        auto st = db_->prepare("SELECT count(*) FROM residents WHERE phone_hash = ? AND id != ?");
        st.bind(1, keys_.phone_hash(digits)).bind(2, except_resident_id);
        st.step();
        return static_cast<int>(st.integer(0));
    });
}

Result<std::vector<LedgerRow>, StoreError> Store::ledger(Instant from, Instant to) {
    return guard([&]() -> Result<std::vector<LedgerRow>, StoreError> {
        // One row per contract or opt-out made in the range, with the state the
        // center gave its outbox entries: refused wins, then pending.
        auto st = db_->prepare(R"sql(
WITH records AS (
    SELECT created_at, 'contract' AS record_type, id, type AS action, status, resident_id,
           team_id, packages_enc, fees_enc, channel, operator_id
      FROM contracts WHERE created_at >= ?1 AND created_at < ?2
    UNION ALL
    SELECT created_at, 'opt-out', id, 'decline', 'recorded', resident_id, '', NULL, NULL,
           channel, operator_id
      FROM opt_outs WHERE created_at >= ?1 AND created_at < ?2
)
SELECT rec.created_at, rec.record_type, rec.id, rec.action, rec.status, rec.resident_id,
       rec.team_id, rec.packages_enc, rec.fees_enc, rec.channel, rec.operator_id,
       r.name_enc, d.id, d.kind, d.number_enc,
       (SELECT CASE WHEN sum(o.state = 'refused') > 0 THEN 'refused'
                    WHEN sum(o.state = 'pending') > 0 THEN 'pending'
                    ELSE 'acknowledged' END
          FROM outbox o WHERE o.record_id = rec.id)
  FROM records rec
  JOIN residents r ON r.id = rec.resident_id
  LEFT JOIN documents d ON d.id = (SELECT id FROM documents WHERE resident_id = r.id
                                    ORDER BY created_at LIMIT 1)
 ORDER BY rec.created_at, rec.id
)sql");
        st.bind(1, to_iso8601(from)).bind(2, to_iso8601(to));
        std::vector<LedgerRow> out;
        while (st.step()) {
            LedgerRow row;
            row.created_at = st.text(0);
            row.record_type = st.text(1);
            row.record_id = st.text(2);
            row.action = st.text(3);
            row.status = st.text(4);
            row.resident_id = st.text(5);
            row.team_id = st.text(6);
            const std::string packages =
                open_field(st.blob(7), "contracts.packages:" + row.record_id).value_or("[]");
            for (const auto& id : json::parse(packages)) {
                row.packages += (row.packages.empty() ? "" : "+") + id.get<std::string>();
            }
            const domain::FeeBreakdown fees = fees_from_json(
                open_field(st.blob(8), "contracts.fees:" + row.record_id).value_or("[]"));
            row.total = fees.total();
            row.resident_pays = fees.resident_pays();
            row.channel = st.text(9);
            row.operator_id = st.text(10);
            row.name = open_field(st.blob(11), "residents.name:" + row.resident_id).value_or("");
            row.document_kind = st.optional_text(13).value_or("");
            row.document_number =
                open_field(st.blob(14), "documents.number:" + st.text(12)).value_or("");
            row.center_state = st.text(15);
            out.push_back(std::move(row));
        }
        return out;
    });
}

Result<std::vector<LedgerLine>, StoreError> Store::ledger_lines(Instant from, Instant to) {
    return guard([&]() -> Result<std::vector<LedgerLine>, StoreError> {
        auto st = db_->prepare(R"sql(
SELECT id, 'contract|' || id || '|' || type || '|' || status || '|' || team_id || '|' ||
       start_date || '|' || end_date || '|', 1, fees_enc
  FROM contracts WHERE created_at >= ?1 AND created_at < ?2
UNION ALL
SELECT id, 'opt-out|' || id || '|' || date || '|' || notice_version, 0, NULL
  FROM opt_outs WHERE created_at >= ?1 AND created_at < ?2
 ORDER BY 1
)sql");
        st.bind(1, to_iso8601(from)).bind(2, to_iso8601(to));
        std::vector<LedgerLine> lines;
        while (st.step()) {
            LedgerLine l{st.text(0), st.text(1)};
            if (st.integer(2) == 1) {
                // The total is sealed with the fee lines (its amount tells
                // the packages); the key is at hand to open it.
                const std::string fees =
                    open_field(st.blob(3), "contracts.fees:" + st.text(0)).value_or("[]");
                l.line += std::to_string(fees_from_json(fees).total().fen);
            }
            lines.push_back(std::move(l));
        }
        return lines;
    });
}

Result<LedgerDigest, StoreError> Store::ledger_digest(Instant from, Instant to) {
    auto lines = ledger_lines(from, to);
    if (!lines) {
        return fail(lines.error());
    }
    LedgerDigest digest;
    std::string canonical;
    for (const auto& l : lines.value()) {
        (l.line.starts_with("contract|") ? digest.contracts : digest.opt_outs) += 1;
        canonical += l.line + "\n";
    }
    digest.blake2b_hex = blake2b_hex(canonical);
    return digest;
}

}  // namespace jiayi::store
