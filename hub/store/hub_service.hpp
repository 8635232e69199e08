#pragma once
// The hub's FHIR service (protocols/hub-fhir.md, hub/README.md): what a
// kiosk's request does to the database and what it answers. Thread-safe:
// it holds no state of its own besides the database (so a district can run
// several hubs on one PostgreSQL).
//
//   GET  metadata                      CapabilityStatement
//   GET  [type]/[id]                   ETag W/"version"; 304 on If-None-Match
//   PUT  [type]/[id]                   update-as-create, exactly once
//   PUT  Patient?identifier=sys|value  conditional update, matched under the unique index
//   POST (base) a transaction Bundle   all or nothing
//   POST $reconcile                    the caller's daily ledger digest (reconcile.cpp)
//   GET  Organization?type=team&partof=…,
//   Flag|EpisodeOfCare|Appointment?patient.identifier=…&status=…,
//        Slot?service-category=…&status=…&start=ge…&schedule=…   searchset Bundles
//
// Scope: a kiosk writes records of its own township only. A contract
// (EpisodeOfCare) belongs to its team's township; anything else a kiosk
// creates belongs to the kiosk's township; a later change must come from
// that township (403 otherwise). Two exceptions: a Patient is matched from
// any township and belongs to the township that wrote it last (residents
// move and may sign where they live now); a Slot belongs to the district's
// pool and any kiosk books it. Teams, schedules, slots and flags are the
// administrator's (imports); a kiosk creating one is refused (403). Reads by
// id are the caller's township's records and the administrator's; searches by
// a resident's identifier answer from every township (the resident is at the
// kiosk, with their card).

#include <functional>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/interaction.hpp"
#include "hub/store/hub_rules.hpp"

namespace jiayi::hub::store {

using Clock = std::function<Instant()>;

class HubService final : public fhir::Service {
  public:
    // `clock` is read once per request (tests pass a fixed one).
    HubService(db::Database& database, HubRules rules, Clock clock);

    fhir::Answer handle(const fhir::Caller& caller, const fhir::Request& request) override;

  private:
    fhir::Answer read(const fhir::Caller& caller, const std::string& type, const std::string& id,
                      const fhir::Request& request);
    fhir::Answer update(const fhir::Caller& caller, const std::string& type, const std::string& id,
                        const fhir::Request& request, Instant now);
    fhir::Answer conditional_update(const fhir::Caller& caller, const std::string& type,
                                    const fhir::Request& request, Instant now);
    fhir::Answer transaction(const fhir::Caller& caller, const fhir::Request& request, Instant now);

    db::Database& database_;
    HubRules rules_;
    Clock clock_;
};

// POST $reconcile: the caller's ledger digest of a day against the hub's
// records of that kiosk and day (reconcile.cpp).
fhir::Answer reconcile_operation(db::Database& database, const HubRules& rules,
                                 const fhir::Caller& caller, const fhir::Request& request);

// A Bundle of search results, shared with the searches (searches.cpp).
// `now`: where a Schedule's free slots are counted from.
fhir::Answer search(db::Database& database, const fhir::Caller& caller, const std::string& type,
                    const fhir::Request& request, Instant now);

// An Organization as answered: its stored body, with the team's live
// capacity, count and open state.
nlohmann::json team_view(nlohmann::json organization, std::int64_t capacity,
                         std::int64_t signed_count, bool closed);

}  // namespace jiayi::hub::store
