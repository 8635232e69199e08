#pragma once
// Pushing the outbox to the hub (protocols/hub-fhir.md, "Exactly once").
//
// The pending outbox is read oldest first and cut into submissions, one per
// record as the kiosk wrote it: a signing (the new contract, its signature,
// the privacy consent given on that visit, and the entries of the contracts
// it ended, which the hub ends itself), an opt-out with its signature, a
// termination, a feedback. Each becomes the entries of kiosk/fhir's Bundle
// for it; several residents' submissions (one per resident, in order) share
// one transaction Bundle, so one commit on the hub carries many records.
//
// The hub's answer:
//   2xx transaction-response  every entry of the Bundle acknowledged, in one
//                             local transaction;
//   400/409/412/413/422 with an OperationOutcome
//                             the record the outcome names (Bundle.entry[n])
//                             is refused with the hub's code, never sent
//                             again; the others go again without it (a
//                             transaction is all or nothing);
//   401/403                   the kiosk's credential is refused: nothing is
//                             marked, the pass stops, staff are told;
//   5xx, no answer, garbage   the pass stops; retried later with backoff.
// Replaying a Bundle after an unknown outcome is safe: every entry is a PUT
// of a kiosk UUID, which the hub answers as the first time.
//
// A refused record does not hold back its resident's later records: each is
// the resident's own act and the hub judges it on its own (an opt-out after
// a refused signing stands; a renewal of a refused contract is refused in
// turn by the hub's rules). Entries of one resident are never reordered:
// they leave in seq order, one submission per resident per Bundle.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/backoff.hpp"
#include "kiosk/sync/failure.hpp"
#include "kiosk/sync/hub_client.hpp"
#include "kiosk/sync/pull.hpp"
#include "kiosk/sync/reconcile.hpp"

namespace jiayi::sync {

struct PushOptions {
    int utc_offset_minutes = 480;
    // The store keeps when a privacy consent was given, not which text: the
    // version the kiosk shows (issue 11 leaves it to configuration).
    std::string privacy_notice_version = "privacy-2025-1";
    // A Bundle of 200 signings is ~2 MB (the hub takes 16 MB): one commit on the
    // hub per 200 records (sync_bench, 2026-11-30: 10 000 records in 18 s
    // here, 26–31 s at 50, one Bundle in flight). A refusal sends the rest of its Bundle again,
    // without it.
    int submissions_per_bundle = 200;
    // Bundles sent before the first is answered, each on a connection of its
    // own (a resident's records are never in two at once): the kiosk builds,
    // the hub checks and its database writes at the same time.
    int bundles_in_flight = 2;
    int page = 1000;  // pending entries read at a time
    // Each pass also purges the personal data of residents whose records the
    // hub acknowledged this many days ago ([privacy] purge_after_days): the
    // kiosk keeps no one longer than the center needs it to.
    int purge_after_days = 30;
};

struct RefusedRecord {
    std::string record_type;
    std::string record_id;
    std::string code;
};

struct PushReport {
    int bundles = 0;       // Bundles the hub answered with success
    int acknowledged = 0;  // outbox entries
    int refused = 0;       // outbox entries
    std::vector<RefusedRecord> refusals;
    // The records of the entries acknowledged (a signing's contract among
    // them): the kiosk's flow waits for one of these to tell a resident the
    // center has their signing (protocols/hub-fhir.md, "Online signing").
    std::vector<std::string> acknowledged_records;
    int left_unsent = 0;             // entries that could not be built (a store problem)
    std::vector<std::string> tried;  // outbox ids of the Bundle that failed
    std::optional<SyncFailure> failure;
};

// One pass: everything pending now, or until the first failure.
PushReport push_outbox(store::Store& store, HubClient& client, const PushOptions& options,
                       const std::function<Instant()>& clock);

// The queue as the store has it after a pass, for the staff's indicator
// (no personal data).
struct QueueFigures {
    std::int64_t queued = 0;  // outbox entries pending
    std::optional<std::string> oldest_queued_at;
    std::int64_t refused = 0;  // outbox entries refused by the center
    std::optional<std::string> last_success_at;
};

// A pass as the worker and `jiayi sync now` run it: push_outbox, then (the
// push went through) the pulls of pull.hpp, then the sync state kept in the
// store (last success, or the failure with the next attempt from `backoff`
// and the random draw `unit`), then the purge of what the hub has held for
// `purge_after_days` (also when the hub is down: it depends only on what was
// acknowledged before), then after a pass that went through the daily
// reconciliation of the days due (reconcile.hpp; its failure is reported
// apart and does not make the pass a failed one). Without PullOptions, no pull.
struct PassReport {
    PushReport push;
    PullReport pull;
    std::optional<Instant> next_attempt;  // after a failure
    int purged = 0;                       // residents whose personal data went
    ReconcileReport reconcile;            // after a pass that sent everything
    // The push's failure, else the pull's; nullptr when the pass went through.
    const SyncFailure* failure() const;
    std::optional<QueueFigures> queue;  // nullopt: the store could not say
};
PassReport run_pass(store::Store& store, HubClient& client, const PushOptions& options,
                    const Backoff& backoff, const std::function<Instant()>& clock,
                    const std::function<double()>& random);
PassReport run_pass(store::Store& store, HubClient& client, const PushOptions& options,
                    const PullOptions& pull, const Backoff& backoff,
                    const std::function<Instant()>& clock, const std::function<double()>& random);

}  // namespace jiayi::sync
