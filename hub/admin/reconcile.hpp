#pragma once
// `reconcile KIOSK --date D`: does the kiosk's ledger (台账) agree with what
// the hub holds for that kiosk and day (seed 000 §一 台账和系统报表数据一致)?
//
// The kiosk side is what `jiayi ledger digest --date D` prints (one line),
//   2026-12-03  contracts 3  opt-outs 1  blake2b <64 hex digits>
// a BLAKE2b-256 over one canonical line per record created that day, in id
// order, each line ending in '\n' (kiosk/store/store.hpp, LedgerDigest):
//   contract|<id>|<type>|<status>|<team>|<start>|<end>|<total fen>
//   opt-out|<id>|<date>|<notice version>
// The hub computes the same over its records of that kiosk and day (the
// store picks them by the kiosk's own creation time, the day in the kiosk's
// zone). Equal hashes: the day agrees. Otherwise the digest cannot say which
// records differ; given also the kiosk's `jiayi ledger export --date D` (CSV,
// masked is enough: only ids, types, statuses, teams and totals are read),
// reconcile lists the ids only on the kiosk, only on the hub, and on both but
// different.
//
// A contract renewed or switched since that day has a new status on both
// sides only once the kiosk has synced; run reconcile on a synced day.

#include <optional>
#include <string>
#include <vector>

#include "hub/admin/columns.hpp"
#include "hub/admin/table.hpp"

namespace jiayi::hub::admin {

struct LedgerDigest {
    domain::Date date;
    std::int64_t contracts = 0;
    std::int64_t opt_outs = 0;
    std::string blake2b_hex;
};

Result<LedgerDigest, std::string> parse_ledger_digest(std::string_view line);

// One record of the day as the hub holds it.
struct LedgerRecord {
    enum class Kind { Contract, OptOut };
    Kind kind = Kind::Contract;
    std::string id;
    // contracts
    std::string type;    // new | renewal | switch (domain::code(ContractType))
    std::string status;  // domain::code(ContractStatus)
    std::string team_id;
    domain::Date start;
    domain::Date end;
    std::int64_t total_fen = 0;
    // opt-outs
    domain::Date date;
    std::string notice_version;
};

// The record's line in the digest (without the '\n').
std::string canonical_line(const LedgerRecord& record);
LedgerDigest digest_of(domain::Date date, std::vector<LedgerRecord> records);

// One row of the kiosk's ledger export.
struct KioskLedgerRow {
    int line = 0;
    std::string record_type;  // contract | opt-out
    std::string record_id;
    std::string action;  // new | renewal | switch | decline
    std::string status;
    std::string team_id;
    std::string total;  // "36.00"
};
Checked<KioskLedgerRow> read_ledger_export(const CsvFile& file);

struct RecordDifference {
    std::string id;
    std::string what;  // "status: kiosk active, hub superseded"
};

struct Reconciliation {
    LedgerDigest kiosk;
    LedgerDigest hub;
    bool counts_agree = false;
    bool hash_agree = false;
    bool records_compared = false;  // a kiosk export was given
    std::vector<std::string> only_on_kiosk;
    std::vector<std::string> only_on_hub;
    std::vector<RecordDifference> differing;
    bool agrees() const {
        return hash_agree && only_on_kiosk.empty() && only_on_hub.empty() && differing.empty();
    }
};

Reconciliation reconcile(const LedgerDigest& kiosk, const std::vector<LedgerRecord>& hub,
                         const std::vector<KioskLedgerRow>* kiosk_rows);

Table reconcile_table(const Reconciliation& result, const std::string& kiosk_id);

}  // namespace jiayi::hub::admin
