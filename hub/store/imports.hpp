#pragma once
// What the administrator's imports write (issue 10 "Admin commands"): rows
// already checked by hub/admin (CSV, encodings, line numbers), applied here in
// one transaction per file, so a refused file leaves nothing behind. Each
// import is idempotent: a row equal to what is stored changes nothing; a
// changed row makes a new version of its resource.
//
// Contracts (import contracts) go through the same rules as a kiosk's
// signing, a row at a time — the next round.

#include <span>
#include <string>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "hub/fhir/outcome.hpp"

namespace jiayi::hub::store {

struct TeamRecord {
    std::string id;
    std::string name;
    std::string center_id;
    std::string township;
    int capacity = 1500;
    bool closed = false;
};

// A slot of a hospital's schedule. `pool`: in the family-doctor pool (号源池).
struct SlotRecord {
    std::string id;
    std::string schedule_id;  // a hospital department or doctor
    std::string schedule_name;
    std::string start;  // ISO 8601 UTC, "2026-12-03T01:00:00Z"
    std::string end;
    bool pool = true;
};

// A resident's membership of a key population, from a registry.
struct FlagRecord {
    std::string id;
    std::string patient_system;  // matched like a kiosk's Patient
    std::string patient_value;
    std::string code;  // our population code (domain::code(Population))
    bool active = true;
    // The township whose registry lists the resident: a township's key-
    // population coverage counts its flagged residents (reports.hpp). Empty:
    // the township of the resident's Patient.
    std::string township;
};

struct ImportSummary {
    int created = 0;
    int changed = 0;
    int unchanged = 0;
};

// Teams: created or updated (name, center, township, capacity, closed); the
// signed count is the hub's own. A capacity below the current count is
// refused (the file names the row by index in the refusal's expression).
Result<ImportSummary, fhir::Refusal> import_teams(db::Database& database,
                                                  std::span<const TeamRecord> rows, Instant now);
// Slots and their schedules; a booked slot keeps its status.
Result<ImportSummary, fhir::Refusal> import_slots(db::Database& database,
                                                  std::span<const SlotRecord> rows, Instant now);
// Flags; a Patient the hub does not hold yet is created from the identifier.
Result<ImportSummary, fhir::Refusal> import_flags(db::Database& database,
                                                  std::span<const FlagRecord> rows, Instant now);

}  // namespace jiayi::hub::store
