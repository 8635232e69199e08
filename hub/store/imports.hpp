#pragma once
// What the administrator's imports write (issue 10 "Admin commands"): rows
// already checked by hub/admin (CSV, encodings, line numbers), applied here in
// one transaction per file, so a refused file leaves nothing behind. Each
// import is idempotent: a row equal to what is stored changes nothing; a
// changed row makes a new version of its resource.
//
// Contracts (import contracts, a back-fill of paper contracts) go through
// the same rules as a kiosk's signing: the Patient matched by identifier, one
// active contract per resident, the team's capacity counted.
//
// Every import takes `dry_run`: the same statements run and are rolled back,
// so a dry run answers exactly what the import would do.

#include <span>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"
#include "hub/store/hub_rules.hpp"
#include "kiosk/fhir/episode.hpp"
#include "kiosk/fhir/patient.hpp"

namespace jiayi::hub::store {

struct TeamRecord {
    std::string id;
    std::string name;
    std::string center_id;
    std::string township;
    int capacity = 1500;
    bool closed = false;
    std::string leader = {};
    std::string leader_phone = {};
    std::vector<std::string> specialties = {};
    std::vector<std::string> villages = {};
};

// A slot of a hospital's schedule. `pool`: in the family-doctor pool (号源池).
struct SlotRecord {
    std::string id;
    std::string schedule_id;  // a hospital department or doctor
    std::string schedule_name;
    std::string start;  // ISO 8601 UTC, "2026-12-03T01:00:00Z"
    std::string end;
    bool pool = true;
    // The hospital's and the department's names (`import slots` columns).
    // Given, the Schedule is written in the kiosk's pool form (kiosk/fhir
    // to_schedule: the hospital named in its extension's reference display,
    // the department as its Location actor), so that a kiosk lists the pool
    // by hospital and department; ids are name-based (pool_hospital_id…).
    std::string hospital{};
    std::string department{};
    // Where to go (building, floor, desk) and the English of the three
    // names, optional columns: the voucher prints them.
    std::string place{};
    std::string hospital_en{};
    std::string department_en{};
    std::string place_en{};
};

// The name-based ids (v5, hub/admin/name_uuid.hpp) of a pool hospital and of
// one of its departments (the Schedule's Location), stable across imports.
std::string pool_hospital_id(const std::string& hospital);
std::string pool_department_id(const std::string& hospital, const std::string& department);

// A resident's membership of a key population, from a registry.
struct FlagRecord {
    std::string id;  // empty: the id of the resident's flag of this code, else a new one
    std::string patient_system;  // matched like a kiosk's Patient
    std::string patient_value;
    std::string code;  // our population code (domain::code(Population))
    bool active = true;
    std::string township{};  // the registry's; a Patient the import creates belongs to it
};

// A back-filled contract (seed 000 §四). The store matches or creates the
// Patient, then stores the EpisodeOfCare kiosk/fhir maps from `episode`
// (contract.resident_id is filled with the hub's Patient id), so what is
// stored is the FHIR a kiosk would send.
struct ContractRecord {
    ::jiayi::fhir::Resident resident;  // document and name; id empty
    ::jiayi::fhir::Episode episode;    // contract.id: the row's name-based UUID
};

struct ImportSummary {
    int created = 0;
    int changed = 0;
    int unchanged = 0;
};

// Teams: created or updated (name, center, township, capacity, closed); the
// signed count is the hub's own. A capacity below the current count is
// refused (the file names the row by index in the refusal's expression).
// A refusal of the database (not of a row) names no row.
Result<ImportSummary, fhir::Refusal> import_teams(db::Database& database, const HubRules& rules,
                                                  std::span<const TeamRecord> rows, Instant now,
                                                  bool dry_run = false);
// Slots and their schedules; a booked slot keeps its status, and a pool slot
// already released to the general list (release_pool) stays released.
Result<ImportSummary, fhir::Refusal> import_slots(db::Database& database, const HubRules& rules,
                                                  std::span<const SlotRecord> rows, Instant now,
                                                  bool dry_run = false);
// Flags; a Patient the hub does not hold yet is created from the identifier.
Result<ImportSummary, fhir::Refusal> import_flags(db::Database& database, const HubRules& rules,
                                                  std::span<const FlagRecord> rows, Instant now,
                                                  bool dry_run = false);

// A row the rules refuse: its index in the rows given, and the refusal code
// of hub-fhir.md (already-signed, team-full, team-closed, conflict, invalid).
struct RowRefusal {
    std::size_t row = 0;
    std::string code;
    std::string message;  // never the resident's number or name
};

struct ContractImport {
    ImportSummary summary;
    std::vector<RowRefusal> refused;  // not empty: nothing was applied
};

// Contracts: every row is checked against the hub first (its resident's
// active contract, its team's places, a different contract stored under its
// id), and every refused row is answered; only a file with none is applied,
// in one transaction whose statements still hold the rules against a kiosk
// signing meanwhile (a refusal then names its row in `expression`, "row N").
// Of one resident's rows, the latest starting is the active contract and the
// earlier ones are stored as superseded. A row equal to what is stored is
// unchanged.
Result<ContractImport, fhir::Refusal> import_contracts(db::Database& database,
                                                       const HubRules& rules,
                                                       std::span<const ContractRecord> rows,
                                                       Instant now, bool dry_run = false);

// The scheduled release (seed 000 §三): pool slots still free
// BookingRules::pool_release_days_before days before their start go to the
// hospital's general list:
// their category becomes general, so a search of the pool no longer finds
// them and the hospital's own list does. Idempotent: a second run at the same
// moment releases nothing. Answers the number released.
Result<int, fhir::Refusal> release_pool(db::Database& database, const HubRules& rules, Instant now);

}  // namespace jiayi::hub::store
