#pragma once
// The kiosk's heartbeat (issue 12; protocols/hub-fhir.md, "Resources": the
// kiosk's heartbeat updates its Device): the software's version, uptime,
// each device's state and the printer's paper, the outbox's length and its
// oldest record, the last successful sync. Sent by the sync thread (worker.hpp)
// every `[hub] heartbeat_seconds`, never from the UI thread.
//
// A versioned update (hub/README.md "Exactly once"): PUT Device/[kiosk] with
// If-Match of the version the hub last answered. After a restart the kiosk
// does not know it: the first PUT goes without If-Match (201 when the hub
// has no Device yet); a 409 or 412 reads the Device's current version and
// sends once more.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/failure.hpp"
#include "kiosk/sync/hub_client.hpp"

namespace jiayi::sync {

// What the kiosk's devices say (the app's device board, kiosk_sync.hpp).
struct DeviceReport {
    // ("card-reader", "ok" | "offline" | "broken" | "absent"),
    // ("printer", "ok" | "paper-out" | "cover-open" | "offline" | … | "absent"),
    // ("qr-scanner", "ok" | "absent")
    std::vector<std::pair<std::string, std::string>> parts;
    std::string paper = "unknown";  // ok | out | unknown
};

class Heartbeat {
  public:
    Heartbeat(std::string kiosk_id, std::string version, Instant started)
        : kiosk_id_(std::move(kiosk_id)), version_(std::move(version)), started_(started) {}

    // The Device as the hub should hold it now; the store gives the queue's
    // figures and the last successful sync.
    Result<void, SyncFailure> send(HubClient& client, store::Store& store,
                                   const DeviceReport& devices, Instant now);

  private:
    std::string kiosk_id_;
    std::string version_;
    Instant started_;
    std::string etag_;  // the version the hub last answered; empty: not known
};

}  // namespace jiayi::sync
