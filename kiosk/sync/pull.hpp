#pragma once
// Pulling from the hub what a production kiosk offers and applies
// (protocols/hub-fhir.md, "Reads the kiosk needs"; issue 11, "Pull"):
//
//   teams  GET Organization?type=team&partof=Organization/[center]: the
//          center's teams with the hub's capacity and count. The list
//          replaces the store's whole (a team gone from the hub's list is
//          no longer offered; a closed one comes as not open).
//   flags  GET Flag?status=active: the kiosk's township's key-population
//          registry (the hub answers the township of the kiosk's token;
//          each Flag's subject names the resident's identifier). Kept
//          sealed, found by the keyed hash of the ID number, so that a
//          resident who identifies gets their fee waivers offline too.
//
// Each list is asked with If-None-Match and the ETag kept in the store with
// it (a restart does not fetch an unchanged list again): 304 only marks it
// pulled now. An answer that is not a full searchset of well-formed
// resources (garbage, a 5xx, a timeout, a 401) changes nothing in the store;
// the report carries the failure with staff's words, as a push does.

#include <functional>
#include <optional>
#include <string>

#include "common/instant.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/failure.hpp"
#include "kiosk/sync/hub_client.hpp"

namespace jiayi::sync {

struct PullOptions {
    // The health center whose teams this kiosk offers ([hub] center): its
    // Organization id on the hub. Empty: teams are not pulled (NotAsked).
    std::string center;
    bool flags = true;  // pull the township's key-population registry
};

enum class Pulled {
    NotAsked,     // an earlier step failed, or the options leave it out
    Changed,      // 200: the store holds the hub's new list
    NotModified,  // 304: the list the store holds stands
    Failed,
};

struct PullReport {
    Pulled teams = Pulled::NotAsked;
    int team_count = 0;  // teams in the list after a 200 (open or not)
    Pulled flags = Pulled::NotAsked;
    int flagged_residents = 0;  // residents on the registry after a 200
    std::optional<SyncFailure> failure;
};

std::string_view code(Pulled pulled);

// Teams, then flags; stops at the first failure.
PullReport pull(store::Store& store, HubClient& client, const PullOptions& options,
                const std::function<Instant()>& clock);

// One list each (pull() runs them); the report's part for it is filled.
void pull_teams(store::Store& store, HubClient& client, const PullOptions& options,
                const std::function<Instant()>& clock, PullReport& report);
void pull_flags(store::Store& store, HubClient& client, const std::function<Instant()>& clock,
                PullReport& report);

}  // namespace jiayi::sync
