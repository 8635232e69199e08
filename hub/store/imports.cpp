#include "hub/store/imports.hpp"

#include "hub/fhir/codes.hpp"
#include "hub/store/hub_rules.hpp"
#include "hub/store/sql.hpp"
#include "hub/store/writes.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::hub::store {

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

std::int64_t version_now(Sql& sql, const std::string& type, const std::string& id) {
    const auto row =
        sql.row("SELECT version FROM resources WHERE type = $1 AND id = $2", {type, id});
    return row ? row->integer(0) : 0;
}

}  // namespace

Result<ImportSummary, fhir::Refusal> import_teams(db::Database& database,
                                                  std::span<const TeamRecord> rows, Instant now) {
    const HubRules rules;
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    return run<ImportSummary>(database, db::Mode::write, [&](Sql& sql) {
        ImportSummary summary;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const TeamRecord& team = rows[i];
            const json organization = {
                {"resourceType", "Organization"},
                {"id", team.id},
                {"type",
                 json::array(
                     {{{"coding",
                        json::array({{{"system", std::string(fhir::kOrganizationTypeSystem)},
                                      {"code", std::string(fhir::kTeamType)}}})}}})},
                {"name", team.name},
                {"partOf", {{"reference", "Organization/" + team.center_id}}},
                // What the import sets is in the body, so a change of it is a
                // new version; the signed count is filled in at every read.
                {"active", !team.closed},
                {"extension", json::array({{{"url", std::string(fhir::kTeamCapacityExtension)},
                                            {"valueInteger", team.capacity}}})},
            };
            const auto before = version_now(sql, "Organization", team.id);
            count(summary,
                  put_kept(sql, context, "Organization", team.id, organization, team.township),
                  before);
            const auto stored = sql.try_run(
                "INSERT INTO teams (id, center, township, capacity, signed, closed) VALUES ($1, "
                "$2, $3, $4, 0, $5) "
                "ON CONFLICT (id) DO UPDATE SET center = excluded.center, township = "
                "excluded.township, "
                "capacity = excluded.capacity, closed = excluded.closed",
                {team.id, team.center_id, team.township, std::int64_t{team.capacity},
                 std::int64_t{team.closed ? 1 : 0}});
            if (!stored) {
                throw DatabaseFailure{stored.error()};
            }
            const auto over =
                sql.row("SELECT signed FROM teams WHERE id = $1 AND signed > capacity", {team.id});
            if (over) {
                refuse(422, fhir::refusal::invalid,
                       "capacity " + std::to_string(team.capacity) + " is below the " +
                           std::to_string(over->integer(0)) + " residents signed",
                       "row " + std::to_string(i + 1));
            }
        }
        return summary;
    });
}

Result<ImportSummary, fhir::Refusal> import_slots(db::Database& database,
                                                  std::span<const SlotRecord> rows, Instant now) {
    const HubRules rules;
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    return run<ImportSummary>(database, db::Mode::write, [&](Sql& sql) {
        ImportSummary summary;
        for (const SlotRecord& slot : rows) {
            const json schedule = {
                {"resourceType", "Schedule"},
                {"id", slot.schedule_id},
                {"actor", json::array({{{"display", slot.schedule_name}}})},
            };
            put_kept(sql, context, "Schedule", slot.schedule_id, schedule, "");
            const std::string category(slot.pool ? fhir::kPoolCategory : fhir::kGeneralCategory);
            const auto existing = sql.row("SELECT status FROM slots WHERE id = $1", {slot.id});
            const std::string status = existing ? existing->text(0) : "free";
            const json resource = {
                {"resourceType", "Slot"},
                {"id", slot.id},
                {"schedule", {{"reference", "Schedule/" + slot.schedule_id}}},
                {"serviceCategory",
                 json::array(
                     {{{"coding", json::array({{{"system", std::string(fhir::kSlotCategorySystem)},
                                                {"code", category}}})}}})},
                {"status", status},
                {"start", slot.start},
                {"end", slot.end},
            };
            const auto before = version_now(sql, "Slot", slot.id);
            count(summary, put_kept(sql, context, "Slot", slot.id, resource, ""), before);
            sql.run(
                "INSERT INTO slots (id, schedule, category, status, slot_start, slot_end) VALUES "
                "($1, $2, $3, $4, $5, $6) "
                "ON CONFLICT (id) DO UPDATE SET schedule = excluded.schedule, category = "
                "excluded.category, "
                "slot_start = excluded.slot_start, slot_end = excluded.slot_end",
                {slot.id, slot.schedule_id, category, status, slot.start, slot.end});
        }
        return summary;
    });
}

Result<ImportSummary, fhir::Refusal> import_flags(db::Database& database,
                                                  std::span<const FlagRecord> rows, Instant now) {
    const HubRules rules;
    const WriteContext context{kAdministrator, rules, now,
                               domain::local_date(now, rules.utc_offset_minutes)};
    return run<ImportSummary>(database, db::Mode::write, [&](Sql& sql) {
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
                put_kept(sql, context, "Patient", *patient, resource, "");
                sql.run(
                    "INSERT INTO patients (id, system, value, township) VALUES ($1, $2, $3, '')",
                    {*patient, flag.patient_system, flag.patient_value});
            }
            const std::string status = flag.active ? "active" : "inactive";
            const json resource = {
                {"resourceType", "Flag"},
                {"id", flag.id},
                {"status", status},
                {"code",
                 {{"coding",
                   json::array({{{"system", "https://jiayi.example.org/fhir/CodeSystem/population"},
                                 {"code", flag.code}}})}}},
                {"subject", {{"reference", "Patient/" + *patient}}},
            };
            const auto before = version_now(sql, "Flag", flag.id);
            count(summary, put_kept(sql, context, "Flag", flag.id, resource, ""), before);
            sql.run(
                "INSERT INTO flags (id, patient, status, code, township) VALUES ($1, $2, $3, $4, "
                "$5) ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, status = "
                "excluded.status, code = excluded.code, township = excluded.township",
                {flag.id, *patient, status, flag.code, flag.township});
        }
        return summary;
    });
}

}  // namespace jiayi::hub::store
