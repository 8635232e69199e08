#pragma once
// The fleet's health, seen from the district (issue 12): each kiosk's
// heartbeat updates its Device (protocols/hub-fhir.md, "Resources": the
// kiosk; a versioned update like any other, hub/README.md "Exactly once"),
// and beside it the hub keeps when it received the last one (on the hub's
// clock: a kiosk's own clock may be wrong), since when the kiosk is out of
// paper, and which episode was alerted already.
//
// A kiosk is stale when silent longer than `silent_minutes`; unhealthy when
// out of paper, its card reader missing or failing, or its oldest queued
// record older than `queue_hours`. An alert is due when a kiosk is silent,
// or out of paper, for longer than its limit, once per episode: a new
// heartbeat starts a new episode of silence, paper put back ends one of no
// paper.

#include <optional>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"
#include "hub/store/sql.hpp"
#include "kiosk/fhir/device.hpp"

namespace jiayi::hub::store {

struct FleetRules {
    int silent_minutes = 15;
    int paper_minutes = 10;
    int queue_hours = 24;
};

struct KioskStatus {
    std::string kiosk;
    std::string township;
    Instant received;                  // the last heartbeat, on the hub's clock
    jiayi::fhir::Heartbeat heartbeat;  // as the kiosk sent it
    std::optional<Instant> paper_out_since;
    bool stale = false;
    std::vector<std::string> problems;  // "silent for 20 min", "out of paper", …
};

enum class AlertKind { Silent, OutOfPaper };
std::string_view alert_code(AlertKind kind);  // "silent" | "out-of-paper"

struct Alert {
    std::string kiosk;
    std::string township;
    AlertKind kind = AlertKind::Silent;
    Instant since;  // the last heartbeat, or when the paper ran out
};

// Inside the Device's write (rule_rows.cpp): the kiosk's row. A kiosk updates
// only its own Device (403 otherwise); a body that is not a heartbeat is 422.
void apply_heartbeat(Sql& sql, const std::string& caller_kiosk, const std::string& township,
                     const std::string& id, const nlohmann::json& device, Instant now);

// `kiosk` assessed at `now`: stale, problems.
void assess(KioskStatus& kiosk, const FleetRules& rules, Instant now);

// Every kiosk that sent a heartbeat: stale ones first (silent longest
// first), then unhealthy ones, then the rest; by id within each.
Result<std::vector<KioskStatus>, fhir::Refusal> kiosks(db::Database& database,
                                                       const FleetRules& rules, Instant now);

// The alerts due at `now`, each marked sent in the same transaction, so a
// second call (another minute, another hub on the same PostgreSQL) finds
// none until a new episode begins.
Result<std::vector<Alert>, fhir::Refusal> claim_alerts(db::Database& database,
                                                       const FleetRules& rules, Instant now);

}  // namespace jiayi::hub::store
