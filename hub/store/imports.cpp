#include "hub/store/imports.hpp"

#include <map>

#include "hub/admin/name_uuid.hpp"
#include "hub/store/hub_rules.hpp"
#include "hub/store/sql.hpp"
#include "hub/store/writes.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/fhir/booking.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

// The wire's URIs, one terminology with the kiosk (kiosk/fhir/terminology.hpp).
namespace terms = ::jiayi::fhir;

namespace {

using nlohmann::json;

const fhir::Caller kAdministrator{"admin", ""};

void count(ImportSummary& summary, const Written& written, std::int64_t before) {
    if (written.status == 201) {
        ++summary.created;
    } else if (written.version != before) {
        ++summary.changed;
    } else {
        ++summary.unchanged;
    }
}

std::function<bool(const ImportSummary&)> keep_unless(bool dry_run) {
    return [dry_run](const ImportSummary&) { return !dry_run; };
}

// The moment a slot starting at `start` leaves the pool, as the ISO text
// slot_start is compared with: slots starting at or before it are released.
std::string release_cutoff(Instant now, const HubRules& rules) {
    return to_iso8601(
        Instant{now.unix_seconds + std::int64_t{rules.booking.pool_release_days_before} * 86400});
}

std::int64_t version_now(Sql& sql, const std::string& type, const std::string& id) {
    const auto row =
        sql.row("SELECT version FROM resources WHERE type = $1 AND id = $2", {type, id});
    return row ? row->integer(0) : 0;
}

// A slot's Schedule: the kiosk's pool form when the file names the hospital
// and department, else the schedule's name alone (as before those columns).
json schedule_of(const SlotRecord& slot) {
    if (slot.hospital.empty() || slot.department.empty()) {
        return {{"resourceType", "Schedule"},
                {"id", slot.schedule_id},
                {"actor", json::array({{{"display", slot.schedule_name}}})}};
    }
    json schedule = terms::to_schedule({slot.schedule_id, pool_hospital_id(slot.hospital),
                                        pool_department_id(slot.hospital, slot.department),
                                        slot.department, slot.hospital, slot.hospital_en,
                                        slot.department_en, slot.place, slot.place_en});
    schedule["comment"] = slot.schedule_name;
    return schedule;
}

// The lead doctor, specialties and villages as kiosk/fhir/team.cpp writes
// and reads them (contact; the specialty and village extensions).
void add_team_details(json& organization, const TeamRecord& team) {
    for (const auto& [url, values] : {std::pair{terms::kExtSpecialty, &team.specialties},
                                      std::pair{terms::kExtVillage, &team.villages}}) {
        for (const std::string& value : *values) {
            organization["extension"].push_back(
                {{"url", std::string(url)}, {"valueString", value}});
        }
    }
    if (!team.leader.empty() || !team.leader_phone.empty()) {
        json contact = {{"name", {{"text", team.leader}}}};
        if (!team.leader_phone.empty()) {
            contact["telecom"] = json::array({{{"system", "phone"}, {"value", team.leader_phone}}});
        }
        organization["contact"] = json::array({std::move(contact)});
    }
}

}  // namespace

std::string pool_hospital_id(const std::string& hospital) {
    return admin::uuid_v5(admin::kImportNamespace, "hospital|" + hospital);
}

std::string pool_department_id(const std::string& hospital, const std::string& department) {
    return admin::uuid_v5(admin::kImportNamespace, "department|" + hospital + "|" + department);
}

Result<ImportSummary, fhir::Refusal> import_teams(db::Database& database, const HubRules& rules,
                                                  std::span<const TeamRecord> rows, Instant now,
                                                  bool dry_run) {
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    return run<ImportSummary>(
        database, db::Mode::write,
        [&](Sql& sql) {
            ImportSummary summary;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const TeamRecord& team = rows[i];
                json organization = {
                    {"resourceType", "Organization"},
                    {"id", team.id},
                    {"type",
                     json::array(
                         {{{"coding",
                            json::array({{{"system", std::string(terms::kOrganizationTypeSystem)},
                                          {"code", std::string(terms::kTeamType)}}})}}})},
                    {"name", team.name},
                    {"partOf", {{"reference", "Organization/" + team.center_id}}},
                    // What the import sets is in the body, so a change of it is a
                    // new version; the signed count is filled in at every read.
                    {"active", !team.closed},
                    {"extension", json::array({{{"url", std::string(terms::kExtTeamCapacity)},
                                                {"valueInteger", team.capacity}}})},
                };
                add_team_details(organization, team);
                const auto before = version_now(sql, "Organization", team.id);
                count(summary,
                      put_kept(sql, context, "Organization", team.id, organization, team.township),
                      before);
                const auto stored = sql.try_run(
                    "INSERT INTO teams (id, center, township, capacity, signed, closed) VALUES "
                    "($1, "
                    "$2, $3, $4, 0, $5) "
                    "ON CONFLICT (id) DO UPDATE SET center = excluded.center, township = "
                    "excluded.township, "
                    "capacity = excluded.capacity, closed = excluded.closed",
                    {team.id, team.center_id, team.township, std::int64_t{team.capacity},
                     std::int64_t{team.closed ? 1 : 0}});
                if (!stored) {
                    throw DatabaseFailure{stored.error()};
                }
                const auto over = sql.row(
                    "SELECT signed FROM teams WHERE id = $1 AND signed > capacity", {team.id});
                if (over) {
                    refuse(kUnprocessable, fhir::refusal::invalid,
                           "capacity " + std::to_string(team.capacity) + " is below the " +
                               std::to_string(over->integer(0)) + " residents signed",
                           "row " + std::to_string(i + 1));
                }
            }
            return summary;
        },
        keep_unless(dry_run));
}

Result<ImportSummary, fhir::Refusal> import_slots(db::Database& database, const HubRules& rules,
                                                  std::span<const SlotRecord> rows, Instant now,
                                                  bool dry_run) {
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    const std::string cutoff = release_cutoff(now, rules);
    return run<ImportSummary>(
        database, db::Mode::write,
        [&](Sql& sql) {
            ImportSummary summary;
            for (const SlotRecord& slot : rows) {
                put_kept(sql, context, "Schedule", slot.schedule_id, schedule_of(slot), "");
                const auto existing =
                    sql.row("SELECT status, category FROM slots WHERE id = $1", {slot.id});
                const std::string status = existing ? existing->text(0) : "free";
                // A pool slot the release gave to the general list stays there:
                // the file saying "pool" again must not take it back from the
                // hospital's own patients the day before.
                const bool released = slot.pool && existing &&
                                      existing->text(1) == terms::kGeneralCategory &&
                                      slot.start <= cutoff;
                const std::string category(slot.pool && !released ? terms::kPoolCategory
                                                                  : terms::kGeneralCategory);
                const json resource = {
                    {"resourceType", "Slot"},
                    {"id", slot.id},
                    {"schedule", {{"reference", "Schedule/" + slot.schedule_id}}},
                    {"serviceCategory",
                     json::array(
                         {{{"coding",
                            json::array({{{"system", std::string(terms::kServiceCategorySystem)},
                                          {"code", category}}})}}})},
                    {"status", status},
                    {"start", slot.start},
                    {"end", slot.end},
                };
                const auto before = version_now(sql, "Slot", slot.id);
                count(summary, put_kept(sql, context, "Slot", slot.id, resource, ""), before);
                sql.run(
                    "INSERT INTO slots (id, schedule, category, status, slot_start, slot_end) "
                    "VALUES "
                    "($1, $2, $3, $4, $5, $6) "
                    "ON CONFLICT (id) DO UPDATE SET schedule = excluded.schedule, category = "
                    "excluded.category, "
                    "slot_start = excluded.slot_start, slot_end = excluded.slot_end",
                    {slot.id, slot.schedule_id, category, status, slot.start, slot.end});
            }
            return summary;
        },
        keep_unless(dry_run));
}

Result<ImportSummary, fhir::Refusal> import_flags(db::Database& database, const HubRules& rules,
                                                  std::span<const FlagRecord> rows, Instant now,
                                                  bool dry_run) {
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    return run<ImportSummary>(
        database, db::Mode::write,
        [&](Sql& sql) {
            ImportSummary summary;
            for (const FlagRecord& flag : rows) {
                auto patient = find_patient(sql, flag.patient_system, flag.patient_value);
                if (!patient) {
                    patient = new_uuid();
                    const json resource = {
                        {"resourceType", "Patient"},
                        {"id", *patient},
                        {"identifier", json::array({{{"system", flag.patient_system},
                                                     {"value", flag.patient_value}}})},
                    };
                    put_kept(sql, context, "Patient", *patient, resource, flag.township);
                    sql.run(
                        "INSERT INTO patients (id, system, value, township) VALUES ($1, $2, $3, "
                        "$4)",
                        {*patient, flag.patient_system, flag.patient_value, flag.township});
                }
                // A registry row names no id: the resident's flag of this code
                // keeps its id, so the file imported again changes nothing. (An
                // id made from the ID number would let anyone who reads it guess
                // the number back.)
                std::string flag_id = flag.id;
                if (flag_id.empty()) {
                    const auto found =
                        sql.row("SELECT id FROM flags WHERE patient = $1 AND code = $2 ORDER BY id",
                                {*patient, flag.code});
                    flag_id = found ? found->text(0) : new_uuid();
                }
                const std::string status = flag.active ? "active" : "inactive";
                const json resource = {
                    {"resourceType", "Flag"},
                    {"id", flag_id},
                    {"status", status},
                    {"code",
                     {{"coding", json::array({{{"system", std::string(terms::kPopulationSystem)},
                                               {"code", flag.code}}})}}},
                    {"subject", {{"reference", "Patient/" + *patient}}},
                };
                const auto before = version_now(sql, "Flag", flag_id);
                count(summary, put_kept(sql, context, "Flag", flag_id, resource, flag.township),
                      before);
                sql.run(
                    "INSERT INTO flags (id, patient, status, code, township) VALUES ($1, $2, $3, "
                    "$4, "
                    "$5) ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, status = "
                    "excluded.status, code = excluded.code, township = excluded.township",
                    {flag_id, *patient, status, flag.code, flag.township});
            }
            return summary;
        },
        keep_unless(dry_run));
}

namespace {

// What the check found for one contract row before anything is written.
struct ContractPlan {
    std::optional<std::string> patient;  // the hub's Patient, when it holds the resident
    json episode;                        // as it will be stored
    bool active = true;
    bool stored_same = false;  // the same contract is on the hub already
};

std::string identifier_key(const ::jiayi::fhir::Resident& resident) {
    return std::string(::jiayi::fhir::identifier_system(resident.document.kind)) + "|" +
           resident.document.number;
}

}  // namespace

Result<ContractImport, fhir::Refusal> import_contracts(db::Database& database,
                                                       const HubRules& rules,
                                                       std::span<const ContractRecord> rows,
                                                       Instant now, bool dry_run) {
    const domain::Date today = domain::local_date(now, rules.utc_offset_minutes);
    // Of one resident's rows the latest starting is the contract in force;
    // the checker (hub/admin) has refused overlapping terms already.
    std::map<std::string, std::size_t> latest;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto key = identifier_key(rows[i].resident);
        const auto [at, inserted] = latest.emplace(key, i);
        if (!inserted && rows[at->second].episode.contract.start < rows[i].episode.contract.start) {
            at->second = i;
        }
    }
    return run<ContractImport>(
        database, db::Mode::write,
        [&](Sql& sql) {
            ContractImport result;
            auto refuse_row = [&](std::size_t i, std::string_view code, std::string message) {
                result.refused.push_back({i, std::string(code), std::move(message)});
            };
            // 1. Check every row against the hub, writing nothing, so that
            //    one run lists every refused row.
            std::vector<ContractPlan> plans(rows.size());
            std::map<std::string, std::int64_t> places_taken;  // team → rows of this file
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const ContractRecord& row = rows[i];
                ContractPlan& plan = plans[i];
                const auto system =
                    std::string(::jiayi::fhir::identifier_system(row.resident.document.kind));
                plan.patient = find_patient(sql, system, row.resident.document.number);
                plan.active = latest[identifier_key(row.resident)] == i;
                ::jiayi::fhir::Episode episode = row.episode;
                episode.contract.channel = domain::Channel::Import;
                episode.contract.status = plan.active ? domain::ContractStatus::Active
                                                      : domain::ContractStatus::Superseded;
                const std::string& id = episode.contract.id;
                // A resident new to the hub gets its Patient id at the write;
                // their contract cannot be on the hub yet.
                plan.episode = ::jiayi::fhir::to_episode_of_care(
                    episode, "Patient/" + plan.patient.value_or("new"));
                const auto stored = sql.row(
                    "SELECT hash FROM resources WHERE type = 'EpisodeOfCare' AND id = $1", {id});
                if (stored && plan.patient && stored->text(0) == digest(plan.episode.dump())) {
                    plan.stored_same = true;
                    continue;
                }
                if (stored) {
                    refuse_row(i, fhir::refusal::conflict,
                               "another contract is stored under this form and ID number");
                    continue;
                }
                if (!plan.active) {
                    continue;  // a superseded contract holds no place
                }
                if (plan.patient &&
                    sql.row("SELECT 1 FROM episodes WHERE patient = $1 AND status = 'active'",
                            {*plan.patient})) {
                    refuse_row(i, fhir::refusal::already_signed,
                               "the resident already has an active contract on the hub");
                    continue;
                }
                const auto team =
                    sql.row("SELECT capacity, signed, closed FROM teams WHERE id = $1",
                            {episode.contract.team_id});
                if (!team) {
                    refuse_row(i, fhir::refusal::invalid, "the team is not on the hub");
                    continue;
                }
                if (team->integer(2) != 0) {
                    refuse_row(i, fhir::refusal::team_closed, "the team takes no new signings");
                    continue;
                }
                std::int64_t& taken = places_taken[episode.contract.team_id];
                if (team->integer(1) + taken >= team->integer(0)) {
                    refuse_row(
                        i, fhir::refusal::team_full,
                        "the team's " + std::to_string(team->integer(0)) + " places are taken");
                    continue;
                }
                ++taken;
            }
            if (!result.refused.empty()) {
                return result;
            }
            // 2. Apply: the same writes as a kiosk's signing, under the same
            //    constraints (a kiosk may have signed one of these residents
            //    since the check).
            for (std::size_t i = 0; i < rows.size(); ++i) {
                ContractPlan& plan = plans[i];
                if (plan.stored_same) {
                    ++result.summary.unchanged;
                    continue;
                }
                const ContractRecord& row = rows[i];
                const std::string& team_id = row.episode.contract.team_id;
                const auto township =
                    sql.row("SELECT township FROM teams WHERE id = $1", {team_id});
                const fhir::Caller importer{"import", township ? township->text(0) : ""};
                const WriteContext context{importer, rules, now, today};
                try {
                    if (!plan.patient) {
                        plan.patient = new_uuid();
                        const auto system = std::string(
                            ::jiayi::fhir::identifier_system(row.resident.document.kind));
                        put_kept(sql, context, "Patient", *plan.patient,
                                 ::jiayi::fhir::to_patient(row.resident), importer.township);
                        sql.run(
                            "INSERT INTO patients (id, system, value, township) VALUES ($1, $2, "
                            "$3, $4)",
                            {*plan.patient, system, row.resident.document.number,
                             importer.township});
                        plan.episode["patient"]["reference"] = "Patient/" + *plan.patient;
                    }
                    put_resource(sql, context, "EpisodeOfCare", row.episode.contract.id,
                                 plan.episode, std::nullopt, false);
                } catch (Refused& refused) {
                    refused.refusal.expression = "row " + std::to_string(i + 1);
                    throw;
                }
                ++result.summary.created;
            }
            return result;
        },
        std::function<bool(const ContractImport&)>([dry_run](const ContractImport& result) {
            return !dry_run && result.refused.empty();
        }));
}

Result<int, fhir::Refusal> release_pool(db::Database& database, const HubRules& rules,
                                        Instant now) {
    const fhir::Caller hub{"hub", ""};
    const WriteContext context{hub, rules, now, domain::local_date(now, rules.utc_offset_minutes)};
    const std::string cutoff = release_cutoff(now, rules);
    return run<int>(database, db::Mode::write, [&](Sql& sql) {
        int released = 0;
        for (const auto& slot :
             sql.rows("SELECT id FROM slots WHERE category = $1 AND status = 'free' AND "
                      "slot_start <= $2 ORDER BY id",
                      {std::string(terms::kPoolCategory), cutoff})) {
            const std::string id = slot.text(0);
            // The category in the WHERE again: a second release running at
            // once (two hubs' timers) finds the slot gone and counts it once.
            if (sql.run("UPDATE slots SET category = $2 WHERE id = $1 AND category = $3",
                        {id, std::string(terms::kGeneralCategory),
                         std::string(terms::kPoolCategory)}) == 0) {
                continue;
            }
            rewrite(sql, context, "Slot", id, [](json& body) {
                body["serviceCategory"] = json::array(
                    {{{"coding",
                       json::array({{{"system", std::string(terms::kServiceCategorySystem)},
                                     {"code", std::string(terms::kGeneralCategory)}}})}}});
            });
            ++released;
        }
        return released;
    });
}

}  // namespace jiayi::hub::store
