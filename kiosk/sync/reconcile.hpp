#pragma once
// The daily reconciliation (issue 11; seed 000 §一 台账和系统报表数据一致):
// the kiosk sends a day's ledger digest (store::LedgerDigest) to the hub's
// `POST $reconcile`, which compares it with what it holds of this kiosk's
// day; when they differ the hub answers its records' canonical lines and the
// kiosk names the records that differ (only on the kiosk — e.g. refused by
// the center —, only on the hub, or on both but different). The result is
// kept in the store for staff (the nurse's screens, `jiayi sync status`).
//
// When: after a pass that pushed everything, for the days since the last one
// checked up to yesterday (at most a week back; a kiosk switched off for a
// month checks its last week), and only once nothing made before today waits
// in the outbox — a day still being sent would differ for no reason.
// A contract this kiosk made and another kiosk ended the same day (a switch
// elsewhere) differs too until this kiosk learns of it: a real difference,
// shown as such.

#include <functional>
#include <optional>

#include "common/instant.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/hub_client.hpp"

namespace jiayi::sync {

struct ReconcileReport {
    int days_checked = 0;
    int days_differing = 0;
    std::optional<std::string> failure;  // the hub could not be asked, or the store read
};

// One day, sent and kept.
Result<store::Reconciliation, std::string> reconcile_day(store::Store& store, HubClient& client,
                                                         domain::Date day, int utc_offset_minutes,
                                                         Instant now);

// The days due now (see above), each sent and kept.
ReconcileReport reconcile_due(store::Store& store, HubClient& client, int utc_offset_minutes,
                              Instant now);

}  // namespace jiayi::sync
