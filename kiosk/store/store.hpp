#pragma once
// The kiosk's local store (DESIGN.md, "store"): SQLite with versioned
// migrations. Every record and its outbox entry are written in one
// transaction; personal fields are sealed with the KeyRing; time is an input.
// One Store per thread: the UI thread's flow owns one, the sync worker its own.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/back_fill.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/feedback.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/durability.hpp"
#include "kiosk/store/error.hpp"

namespace jiayi::store {

class Database;  // sqlite.hpp, the store's own: SQLite stays behind this header

struct ResidentRecord {
    std::string id;  // kiosk-generated UUID
    domain::Document document;
    std::string name;
    std::string phone;  // normalised digits, or empty
    std::string address;
    // Sealed like the name: they tell a person's health or means.
    domain::InsuranceType insurance = domain::InsuranceType::UrbanRural;
    domain::PopulationSet registry_populations;
    domain::PopulationSet declared_populations;
    bool privacy_consent = false;  // consent on record
};

// A handwritten signature: the strokes (as the pad recorded them) and a PNG.
struct SignatureCapture {
    std::string strokes;
    Bytes png;
};

struct SigningRecord {
    ResidentRecord resident;
    domain::ContractChange change;
    std::string signature_id;  // empty with a back-fill: the signature is on paper
    SignatureCapture signature;
    // A contract back-filled from paper: no signature is written, the
    // form's number must be new to this kiosk.
    std::optional<domain::BackFillFacts> back_fill;
    bool consent_given = false;  // privacy consent given on this visit
    std::string kiosk_id;
    std::string operator_id;  // the assisting nurse, or empty
};

struct OptOutRecord {
    ResidentRecord resident;
    domain::OptOut opt_out;
    std::string signature_id;
    SignatureCapture signature;
    std::string kiosk_id;
    std::string operator_id;
};

enum class OutboxState { Pending, Acknowledged, Refused };

struct OutboxEntry {
    std::int64_t seq = 0;     // creation order
    std::string id;           // UUID of the entry
    std::string record_type;  // contract, opt-out, signature, privacy-consent, feedback
    std::string record_id;
    std::string resident_id;
    std::string created_at;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::string refusal_code;  // when refused by the center
};

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at;
    std::string actor;
    std::string action;
    std::string detail;
};

// A receipt on file, for the nurse's reprint list (no personal data).
struct ReceiptEntry {
    std::string id;
    std::string record_id;
    std::string kind;  // signing | renewal | switch | notice
    std::string created_at;
};

// A receipt waiting for the printer (no personal data: the receipt is
// loaded by its id when the job is printed).
struct PrintJobEntry {
    std::int64_t id = 0;
    std::string receipt_id;
    std::string language;  // "zh-CN" | "en": the language it prints in
    std::string problem;   // the printer's last complaint, for staff
    std::string created_at;
};

struct StoreStatus {
    int schema_version = 0;
    int latest_schema_version = 0;
    std::int64_t residents = 0;
    std::int64_t purged_residents = 0;
    std::int64_t contracts = 0;
    std::int64_t opt_outs = 0;
    std::int64_t receipts = 0;
    std::int64_t prints_queued = 0;
    std::int64_t outbox_pending = 0;
    std::int64_t outbox_acknowledged = 0;
    std::int64_t outbox_refused = 0;  // refused by the center, not yet settled by a nurse
    std::optional<std::string> oldest_pending_at;
    std::int64_t audit_entries = 0;
};

// One line of the day's ledger (台账): the clear fields are for an unmasked
// export only; the caller masks them otherwise.
struct LedgerRow {
    std::string created_at;
    std::string record_type;  // contract | opt-out
    std::string record_id;
    std::string action;  // new | renewal | switch | decline
    std::string status;
    std::string resident_id;
    std::string name;             // empty once purged
    std::string document_number;  // empty once purged
    std::string document_kind;
    std::string team_id;
    std::string packages;  // "basic+tcm"
    domain::Money total;
    domain::Money resident_pays;
    std::string channel;
    std::string operator_id;
    std::string center_state;  // pending | acknowledged | refused
};

// A day's reconciliation figures (台账和系统报表数据一致, rules.md "Data
// quality"): the counts, and a BLAKE2b-256 over one canonical line per record
// in id order, which the hub computes the same way over what it received:
//   contract|<id>|<type>|<status>|<team>|<start>|<end>|<total fen>
//   opt-out|<id>|<date>|<notice version>
struct LedgerDigest {
    std::int64_t contracts = 0;
    std::int64_t opt_outs = 0;
    std::string blake2b_hex;
};

// What kiosk/sync reads to send the outbox (sync_store.cpp). A pending
// entry, and whether it is its record's first entry (the record's creation)
// or a later one (a change: a contract ended by a renewal, a switch or a
// termination writes an entry for the ended contract).
struct PendingEntry {
    OutboxEntry entry;
    bool creates = false;
};

// A contract as the center is told of it: the domain record, the signer's
// own document (opened), and who recorded it.
struct ContractOnFile {
    domain::Contract contract;
    // The end date the contract was made with, however often it changed
    // since (migration 11). nullopt only for a store that lacks it.
    std::optional<domain::Date> made_end;
    std::optional<domain::BackFillFacts> back_fill;
    std::string kiosk_id;
    std::string operator_id;
    std::string created_at;
};

struct OptOutOnFile {
    domain::OptOut opt_out;
    std::string kiosk_id;
    std::string operator_id;
    std::string created_at;
};

// A signature's PNG (the strokes stay on the kiosk) and the record it signs.
struct SignatureOnFile {
    std::string id;
    std::string record_id;
    Bytes png;
    std::string created_at;
};

struct FeedbackOnFile {
    std::string id;
    std::string record_id;
    std::string record_type;  // contract | opt-out: the record the feedback is about
    domain::Feedback feedback;
    std::string created_at;
};

// The hub's answer to one push, applied in one local transaction: the
// entries it took, those it refused with its code.
struct OutboxSettlement {
    std::vector<std::string> acknowledged;  // outbox ids
    struct Refusal {
        std::string outbox_id;
        std::string code;
    };
    std::vector<Refusal> refused;
};

// The sync's last word, kept in the store so `jiayi sync status` (another
// process) and the staff screens read it. No personal data: error texts are
// the sync's own sentences (transport, status codes, refusal codes).
struct SyncState {
    std::optional<std::string> last_attempt_at;
    std::optional<std::string> last_success_at;  // the hub last answered
    std::optional<std::string> last_error_at;
    std::string last_error_code;  // empty: the last pass went through
    std::string last_error;       // for staff
    int failures = 0;             // passes failed in a row
    std::optional<std::string> next_attempt_at;
};

// One record of a day's ledger as the digest reads it: its id and canonical
// line (LedgerDigest), the form the hub answers a mismatch with.
struct LedgerLine {
    std::string id;
    std::string line;
};

// A day's ledger compared with the hub's (kiosk/sync/reconcile.hpp).
struct Reconciliation {
    enum class Where { KioskOnly, HubOnly, Different };
    struct Difference {
        std::string record_id;
        Where where = Where::Different;
    };
    domain::Date day;
    std::string checked_at;
    bool agrees = false;
    std::int64_t contracts = 0;  // the kiosk's counts
    std::int64_t opt_outs = 0;
    std::vector<Difference> differences;
};

std::string_view code(Reconciliation::Where where);  // kiosk-only | hub-only | different

// A record on the kiosk, as staff see it in a list: no personal data.
struct RecordMade {
    std::string type;        // contract | opt-out
    std::string created_at;  // ISO 8601 UTC
    bool refused = false;    // the center refused it (it is on the refused list)
};

// A list the sync pulls from the hub ("teams", "flags"): the ETag it came
// with (empty: none, or the demo's made-up teams) and when it was last
// pulled, a 200 or a 304. No row: never pulled.
struct PulledList {
    std::string etag;
    std::string pulled_at;
};

// One key-population flag of a resident, as the registry gave it.
struct RegistryFlag {
    domain::Population population = domain::Population::Disabled;
    std::optional<domain::Date> start;
    std::optional<domain::Date> end;
};

// A resident of the township's registry list: their ID number (the store
// keeps only its keyed hash) and their flags (sealed).
struct RegistryEntry {
    std::string document_number;
    std::vector<RegistryFlag> flags;
};

// A staff PIN pad's lockout (auth::PinGuard's state), kept across restarts.
struct PinLockout {
    int wrong_in_a_row = 0;
    Instant locked_until{};
};

class Store {
  public:
    // Opens or creates the database and checks that the key opens it. With
    // `migrate`, brings the schema up to date; without, leaves it as found
    // (for `jiayi db status`), refusing only a schema newer than this build.
    // An update of an older schema copies the store first (beside it,
    // `<path>.before-schema-<latest>`) and, when a migration fails, puts it
    // back as it was and answers MigrationFailed: the store keeps the older
    // jiayi's schema and every record.
    static Result<std::unique_ptr<Store>, StoreError> open(
        const std::filesystem::path& path, KeyRing keys, Instant now, bool migrate = true,
        Durability durability = Durability::Synced);
    static int latest_schema_version();

    int schema_version();
    // Applies pending migrations, each in its own transaction; returns how many.
    Result<int, StoreError> migrate(Instant now);

    Result<std::optional<ResidentRecord>, StoreError> find_resident(
        std::string_view document_number);
    Result<std::vector<domain::Contract>, StoreError> contracts_of(const std::string& resident_id);

    // Writes the resident, the contract change, the signature and their outbox
    // entries in one transaction: all of it, or none of it.
    // A back-fill (record.back_fill) writes its facts instead of a signature;
    // a form number already back-filled here refuses the whole write
    // (Conflict).
    Result<void, StoreError> record_signing(const SigningRecord& record, Instant now);
    // Whether this kiosk holds a back-fill of that paper form.
    Result<bool, StoreError> form_back_filled(const std::string& form_number);
    Result<void, StoreError> record_opt_out(const OptOutRecord& record, Instant now);
    // Writes what domain::terminate() changed, the outbox entries, and the
    // staff member in the audit log, in one transaction. A contract already
    // ended or cancelled meanwhile refuses the whole write (Conflict).
    Result<void, StoreError> record_termination(const std::string& resident_id,
                                                const std::vector<domain::Contract>& changed,
                                                const std::string& operator_id, Instant now);

    Result<void, StoreError> save_receipt(const std::string& id, const std::string& record_id,
                                          const std::string& kind, const Bytes& bytes, Instant now);
    Result<Bytes, StoreError> receipt_bytes(const std::string& id);
    // The newest receipt of a record (a contract or an opt-out), if any.
    Result<std::optional<std::string>, StoreError> receipt_for_record(const std::string& record_id);
    // Receipts created in [from, to), newest first.
    Result<std::vector<ReceiptEntry>, StoreError> receipts(Instant from, Instant to);

    // The print queue: a job per printing, queued until the printer confirms
    // it (`confirmed`) or, for a printer that cannot say, it was sent.
    Result<std::int64_t, StoreError> queue_print(const std::string& receipt_id,
                                                 const std::string& language, Instant now);
    Result<void, StoreError> print_done(std::int64_t job, bool confirmed, Instant now);
    Result<void, StoreError> print_problem(std::int64_t job, const std::string& problem,
                                           Instant now);
    // Jobs still queued, oldest first.
    Result<std::vector<PrintJobEntry>, StoreError> queued_prints();

    // Feedback on a record (a contract or an opt-out) and its outbox entry, in
    // one transaction. `feedback` comes from domain::make_feedback.
    Result<void, StoreError> record_feedback(const std::string& id, const std::string& record_id,
                                             const domain::Feedback& feedback, Instant now);

    // The teams on offer, replaced whole; a team not in `teams` is no longer
    // offered. Counts as a pull of "teams" without an ETag (the demo's teams).
    Result<void, StoreError> cache_teams(const std::vector<domain::Team>& teams, Instant now);
    Result<std::vector<domain::Team>, StoreError> teams();

    // kiosk/sync's pulls (pull_store.cpp). A list as the hub answered it,
    // with its ETag, in one transaction: all of it, or the old one stays.
    Result<void, StoreError> replace_teams(const std::vector<domain::Team>& teams,
                                           const std::string& etag, Instant now);
    Result<void, StoreError> replace_registry(const std::vector<RegistryEntry>& entries,
                                              const std::string& etag, Instant now);
    // The hub answered 304: the list stands, pulled now.
    Result<void, StoreError> pulled_unchanged(const std::string& list, Instant now);
    Result<std::optional<PulledList>, StoreError> pulled(const std::string& list);
    // One resident's flags as the hub answered them when they identified
    // (none at all is kept too): they stand until the township's list is
    // next replaced, which holds them as well.
    Result<void, StoreError> keep_registry_entry(const RegistryEntry& entry);
    // The registry populations of the resident with this ID number on
    // `today` (flags whose period holds today), from their own answer or the
    // township's pulled list; nullopt when neither holds them and the list
    // was never pulled (the flow keeps the populations on file).
    Result<std::optional<domain::PopulationSet>, StoreError> registry_populations(
        std::string_view document_number, domain::Date today);

    // Other residents with this phone number on file (for the shared-number flag).
    Result<int, StoreError> residents_sharing_phone(std::string_view digits,
                                                    const std::string& except_resident_id);

    // Called on this store's thread after a transaction that queued outbox
    // entries (a signing, a termination, an opt-out, feedback) committed:
    // the kiosk wakes its sync thread with it. One listener; empty: none.
    void on_queued(std::function<void()> listener);

    Result<std::vector<OutboxEntry>, StoreError> pending_outbox(int limit);
    Result<std::vector<OutboxEntry>, StoreError> outbox_entries();
    Result<void, StoreError> acknowledge(const std::string& outbox_id, Instant now);
    // Marks a pending entry refused by the center and takes its change back
    // on the kiosk, as settle_outbox does.
    Result<void, StoreError> refuse(const std::string& outbox_id, const std::string& code,
                                    Instant now);

    // Wipes the personal fields of residents whose every outbox entry the
    // center acknowledged at least `days` days before `now`, with every keyed
    // hash of them (the document row goes): find_resident no longer finds
    // them. Their contracts stay, for the ledger. Returns how many.
    Result<int, StoreError> purge_personal_data(Instant now, int days);

    // kiosk/sync (sync_store.cpp). Pending entries after `after_seq`, oldest
    // first, each with its `creates` flag.
    Result<std::vector<PendingEntry>, StoreError> pending_entries(std::int64_t after_seq,
                                                                  int limit);
    // Entries the center refused that no nurse has settled yet, oldest
    // first (no personal data).
    Result<std::vector<OutboxEntry>, StoreError> refused_entries();
    // A nurse has dealt with the refused record (called the resident, put
    // it right at the desk): its entries leave the list and the resident's
    // status, kept with when and by whom. How many entries; NotFound when
    // the record has no refused entry left to settle.
    Result<int, StoreError> settle_refusal(const std::string& record_id,
                                           const std::string& staff_id, Instant now);
    // A resident by the kiosk's id; nullopt when unknown or purged.
    Result<std::optional<ResidentRecord>, StoreError> resident(const std::string& id);
    Result<std::optional<ContractOnFile>, StoreError> contract(const std::string& id);
    Result<std::optional<OptOutOnFile>, StoreError> opt_out(const std::string& id);
    Result<std::optional<SignatureOnFile>, StoreError> signature(const std::string& id);
    Result<std::optional<FeedbackOnFile>, StoreError> feedback(const std::string& id);
    // When the resident's privacy consent was recorded, if it was.
    Result<std::optional<std::string>, StoreError> privacy_consent_at(
        const std::string& resident_id);
    // The hub's answer, with last_success_at = now, in one transaction.
    // Entries no longer pending are left as they are.
    Result<void, StoreError> settle_outbox(const OutboxSettlement& settlement, Instant now);
    // A pass that could not reach the hub, or was turned away: the state for
    // staff, and one more attempt on each entry it tried to send.
    Result<void, StoreError> record_sync_failure(const std::string& code,
                                                 const std::string& message,
                                                 const std::vector<std::string>& tried,
                                                 Instant next_attempt, Instant now);
    // A pass that ended with the queue sent (or refused record by record).
    Result<void, StoreError> record_sync_success(Instant now);
    Result<SyncState, StoreError> sync_state();

    Result<void, StoreError> audit(const std::string& actor, const std::string& action,
                                   const std::string& detail, Instant now);
    Result<std::vector<AuditEntry>, StoreError> audit_log();

    // The lockout of one PIN pad ("nurse"); a pad never written reads as no
    // wrong tries and no lockout.
    Result<PinLockout, StoreError> pin_lockout(const std::string& pad);
    Result<void, StoreError> save_pin_lockout(const std::string& pad, const PinLockout& lockout);

    Result<StoreStatus, StoreError> status();
    // SQLite's `PRAGMA integrity_check` (integrity.cpp): empty when the file
    // is sound, else its first `limit` findings (pages, indexes and row
    // numbers, never a row's content).
    Result<std::vector<std::string>, StoreError> integrity_problems(int limit = 10);
    // Records created in [from, to).
    Result<std::vector<LedgerRow>, StoreError> ledger(Instant from, Instant to);
    Result<LedgerDigest, StoreError> ledger_digest(Instant from, Instant to);
    // The lines the digest is made of, in id order.
    Result<std::vector<LedgerLine>, StoreError> ledger_lines(Instant from, Instant to);
    // kiosk/sync/reconcile (sync_store.cpp): a day's result, kept (a day
    // checked again replaces it), and the latest day checked.
    Result<void, StoreError> record_reconciliation(const Reconciliation& result);
    Result<std::optional<Reconciliation>, StoreError> last_reconciliation();
    // The days among the last `days` compared whose ledgers differed, the
    // latest first: for staff, with the differing records.
    Result<std::vector<Reconciliation>, StoreError> recent_differences(int days);
    // What a record of this kiosk is and when it was made (a ledger
    // difference names only the id); nullopt: not on this kiosk.
    Result<std::optional<RecordMade>, StoreError> record_made(const std::string& record_id);

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

  private:
    Store(std::unique_ptr<Database> db, KeyRing keys);
    // migrate() with a copy first, put back when a migration fails.
    Result<void, StoreError> upgrade(const std::filesystem::path& path, int from, Instant now);

    void write_resident(const ResidentRecord& resident, bool consent_given, Instant now);
    void update_contracts(const std::string& resident_id,
                          const std::vector<domain::Contract>& contracts, Instant now);
    void take_back_refused(const std::vector<std::string>& outbox_ids, const std::string& at);
    void write_back_fill(const std::string& contract_id, const domain::BackFillFacts& facts);
    void write_signature(const std::string& id, const std::string& record_id,
                         const SignatureCapture& signature, Instant now);
    void queued();
    void write_outbox(const std::string& type, const std::string& record_id,
                      const std::string& resident_id, Instant now);
    std::optional<std::string> open_field(const std::optional<Bytes>& sealed,
                                          const std::string& context) const;

    std::unique_ptr<Database> db_;
    KeyRing keys_;
    std::function<void()> on_queued_;
};

}  // namespace jiayi::store
