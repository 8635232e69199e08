#include "hub/store/writes.hpp"

#include <set>

#include "hub/fhir/validate.hpp"
#include "hub/store/rule_rows.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

// The wire's URIs, one terminology with the kiosk (kiosk/fhir/terminology.hpp).
namespace terms = ::jiayi::fhir;

namespace {

using nlohmann::json;
namespace code = fhir::refusal;

// Written by the administrator's imports, never by a kiosk.
bool is_kept(std::string_view type) {
    return type == "Organization" || type == "Schedule" || type == "Slot" || type == "Flag" ||
           type == "PractitionerRole";
}

std::string stale_code(std::string_view type) {
    return std::string(type == "Slot" ? code::slot_taken : code::stale);
}

// The head of a history row waiting for the commit (Sql::insert_later):
// type and id come first, as flush_if_waiting() reads them.
constexpr std::string_view kHistoryHead =
    "INSERT INTO history (type, id, version, body, hash, kiosk, updated, status)";

// The township a new record belongs to (hub/README.md "Scope"): a contract
// belongs to its team's township, and a kiosk signs only to its own
// township's teams; every other record a kiosk writes belongs to the
// kiosk's township.
std::optional<db::Row> team_township(Sql& sql, const json& episode) {
    const auto team =
        fhir::reference_id(episode["managingOrganization"], "Organization").value_or("");
    // Read once per transaction: a Bundle's 200 contracts name a few teams.
    return sql.row_once("SELECT township FROM teams WHERE id = $1", team);
}

std::string township_of_new(Sql& sql, const WriteContext& context, const std::string& type,
                            const json& resource) {
    if (type == "EpisodeOfCare") {
        const auto found = team_township(sql, resource);
        if (!found) {
            refuse(kUnprocessable, code::invalid, "the team is not on the hub",
                   "EpisodeOfCare.managingOrganization");
        }
        if (found->text(0) != context.caller.township) {
            refuse(403, code::forbidden, "the team belongs to another township",
                   "EpisodeOfCare.managingOrganization");
        }
        return found->text(0);
    }
    return context.caller.township;
}

std::optional<Written> replayed(Sql& sql, const std::string& type, const std::string& id,
                                const std::string& hash, const std::optional<std::string>& if_match,
                                const json& resource) {
    // A replayed versioned update carries the If-Match it carried the first
    // time: the version before the one it made. A body equal to an older
    // version sent with a newer If-Match is a new change (a slot booked
    // again after a cancellation), not a replay.
    sql.flush_if_waiting(kHistoryHead, type, id);  // its history rows not sent yet
    std::optional<db::Row> row;
    if (if_match) {
        const auto base = version_of(*if_match);
        if (!base) {
            return std::nullopt;
        }
        row = sql.row(
            "SELECT version, status, updated FROM history WHERE type = $1 AND id = $2 AND hash = "
            "$3 AND version = $4",
            {type, id, hash, *base + 1});
    } else {
        row = sql.row(
            "SELECT version, status, updated FROM history WHERE type = $1 AND id = $2 AND hash = "
            "$3 "
            "ORDER BY version DESC",
            {type, id, hash});
    }
    if (!row) {
        return std::nullopt;
    }
    return Written{static_cast<int>(row->integer(1)), row->integer(0), row->text(2), resource};
}

// A version's history row holds its body only once the version is
// superseded: the current version's body is the resource's own row's
// (`resources.body`), and a second copy of it (a signature PNG, in a
// signing) would be written for nothing. So a new version's row is written
// with an empty body and, in the same statement, the version it replaces
// gets its body (`previous_body`), which the caller has just read.
// version_body() reads either.
void record_history(Sql& sql, const std::string& type, const std::string& id, std::int64_t version,
                    const std::string& hash, const std::string& kiosk, const std::string& updated,
                    int status, const std::string& previous_body) {
    if (version == 1) {
        // A creation's row is sent with the Bundle's others (Sql::insert_later).
        sql.insert_later(kHistoryHead, {type, id, std::int64_t{1}, std::string(), hash, kiosk,
                                        updated, std::int64_t{status}});
        return;
    }
    // The previous version's row exists (written with it, and sent now if
    // it waits); only its body is set here, the other values of its VALUES
    // row are never used.
    sql.flush_if_waiting(kHistoryHead, type, id);
    sql.run(
        "INSERT INTO history (type, id, version, body, hash, kiosk, updated, status) "
        "VALUES ($1, $2, $3, '', $4, $5, $6, $7), ($1, $2, $8, $9, $4, $5, $6, $7) "
        "ON CONFLICT (type, id, version) DO UPDATE SET body = excluded.body",
        {type, id, version, hash, kiosk, updated, std::int64_t{status}, version - 1,
         previous_body});
}

}  // namespace

std::pair<std::string, std::string> patient_identifier(const json& patient) {
    std::pair<std::string, std::string> chosen;
    for (const auto& identifier : patient.value("identifier", json::array())) {
        const std::string system = identifier.value("system", "");
        const std::string value = identifier.value("value", "");
        if (system == terms::kResidentIdSystem) {
            return {system, value};
        }
        if (chosen.first.empty()) {
            chosen = {system, value};
        }
    }
    return chosen;
}

std::optional<std::string> find_patient(Sql& sql, const std::string& system,
                                        const std::string& value) {
    if (auto row =
            sql.row("SELECT id FROM patients WHERE system = $1 AND value = $2", {system, value})) {
        return row->text(0);
    }
    return std::nullopt;
}

json with_meta(json resource, std::int64_t version, const std::string& updated) {
    resource["meta"] = {{"versionId", std::to_string(version)}, {"lastUpdated", updated}};
    return resource;
}

bool is_plain(std::string_view type, bool if_match, bool conditional) {
    // The types apply_rules() acts on (Provenance's signatures row aside:
    // it waits for the commit either way).
    return !if_match && !conditional && !is_kept(type) && type != "Patient" &&
           type != "EpisodeOfCare" && type != "Appointment" && type != "Device";
}

std::vector<std::optional<Written>> create_plain(Sql& sql, const WriteContext& context,
                                                 const std::vector<PlainCreation>& creations) {
    // Under both engines' limits on parameters per statement (8 per row).
    constexpr std::size_t kMostRows = 500;
    const std::string updated = to_iso8601(context.now);
    std::vector<std::string> hashes;
    std::vector<std::string> bodies;
    for (const PlainCreation& creation : creations) {
        creation.resource->erase("meta");
        bodies.push_back(canonical(*creation.resource));
        hashes.push_back(digest(bodies.back()));
    }
    std::set<std::pair<std::string, std::string>> created;
    for (std::size_t from = 0; from < creations.size(); from += kMostRows) {
        const std::size_t to = std::min(creations.size(), from + kMostRows);
        std::string statement =
            "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
            "VALUES ";
        std::vector<db::Value> params;
        for (std::size_t i = from; i < to; ++i) {
            const std::size_t n = params.size();
            // ($1, $2, 1, $3, …, $7): the version is 1.
            statement += i == from ? "(" : ", (";
            for (std::size_t c = 1; c <= 7; ++c) {
                statement += c == 1 ? "$" : c == 3 ? ", 1, $" : ", $";
                statement += std::to_string(n + c);
            }
            statement += ")";
            params.insert(params.end(),
                          {creations[i].type, creations[i].id, std::move(bodies[i]), hashes[i],
                           context.caller.kiosk, context.caller.township, updated});
        }
        statement += " ON CONFLICT (type, id) DO NOTHING RETURNING type, id";
        for (const db::Row& row : sql.rows(statement, params)) {
            created.emplace(row.text(0), row.text(1));
        }
    }
    std::vector<std::optional<Written>> out;
    for (std::size_t i = 0; i < creations.size(); ++i) {
        const PlainCreation& creation = creations[i];
        if (!created.contains({creation.type, creation.id})) {
            out.emplace_back();
            continue;
        }
        apply_rules(sql, context, creation.type, creation.id, std::nullopt, *creation.resource,
                    false);
        record_history(sql, creation.type, creation.id, 1, hashes[i], context.caller.kiosk, updated,
                       201, "");
        out.emplace_back(Written{201, 1, updated, std::move(*creation.resource)});
    }
    return out;
}

Written put_resource(Sql& sql, const WriteContext& context, const std::string& type,
                     const std::string& id, json resource,
                     const std::optional<std::string>& if_match, bool conditional) {
    resource.erase("meta");
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    // Most entries a kiosk sends create their resource (a signing's four):
    // the insert is tried first, and what is stored is read only when the id
    // is taken (a replay, an update) — one statement fewer per creation, one
    // more per replay. Skipped where a creation would be refused anyway
    // (If-Match, an administrator's type, a team of another township or not
    // on the hub); the path below refuses those as before.
    if (!if_match && !is_kept(type)) {
        // A contract is inserted only when its team is of the caller's
        // township: the team is read by the insert itself (no row when it
        // is not), one round trip where two were.
        const bool inserted =
            type == "EpisodeOfCare"
                ? sql.run(
                      "INSERT INTO resources (type, id, version, body, hash, kiosk, township, "
                      "updated) SELECT $1, $2, 1, $3, $4, $5, township, $7 FROM teams "
                      "WHERE id = $8 AND township = $6 ON CONFLICT (type, id) DO NOTHING",
                      {type, id, body, hash, context.caller.kiosk, context.caller.township, updated,
                       fhir::reference_id(resource.value("managingOrganization", json()),
                                          "Organization")
                           .value_or("")}) == 1
                : sql.run(
                      "INSERT INTO resources (type, id, version, body, hash, kiosk, township, "
                      "updated) VALUES ($1, $2, 1, $3, $4, $5, $6, $7) "
                      "ON CONFLICT (type, id) DO NOTHING",
                      {type, id, body, hash, context.caller.kiosk, context.caller.township,
                       updated}) == 1;
        if (inserted) {
            apply_rules(sql, context, type, id, std::nullopt, resource, conditional);
            record_history(sql, type, id, 1, hash, context.caller.kiosk, updated, 201, "");
            return Written{201, 1, updated, std::move(resource)};
        }
    }
    std::optional<db::Row> current;
    if (if_match) {
        // An update by version (a booking's Slot): the resource's row and,
        // when this body under this If-Match was written before (a replay),
        // that version's history row — one statement where two were (see
        // replayed()).
        sql.flush_if_waiting(kHistoryHead, type, id);  // its history rows not sent yet
        const auto base = version_of(*if_match);
        current = sql.row(
            "SELECT r.version, r.township, r.body, h.version, h.status, h.updated FROM resources r "
            "LEFT JOIN history h ON h.type = r.type AND h.id = r.id AND h.hash = $3 AND "
            "h.version = $4 WHERE r.type = $1 AND r.id = $2",
            {type, id, hash, base ? *base + 1 : std::int64_t{-1}});
        if (current && !current->is_null(3)) {
            return Written{static_cast<int>(current->integer(4)), current->integer(3),
                           current->text(5), resource};
        }
    } else {
        current =
            sql.row("SELECT version, township, body FROM resources WHERE type = $1 AND id = $2",
                    {type, id});
        // History rows are written with their resource's row, in its
        // transaction, and neither is ever deleted: a resource the hub does
        // not hold has no version to replay.
        if (current) {
            if (auto replay = replayed(sql, type, id, hash, if_match, resource)) {
                return *replay;
            }
        }
    }
    if (!current) {
        if (if_match) {
            refuse(412, stale_code(type),
                   "If-Match names a version of a resource the hub does not hold");
        }
        if (is_kept(type)) {
            refuse(403, code::forbidden, type + " records are kept by the hub's administrator");
        }
        const std::string township = township_of_new(sql, context, type, resource);
        const auto inserted = sql.run(
            "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
            "VALUES ($1, $2, 1, $3, $4, $5, $6, $7) ON CONFLICT (type, id) DO NOTHING",
            {type, id, body, hash, context.caller.kiosk, township, updated});
        if (inserted == 0) {
            // Two identical PUTs raced and the other committed first: answer
            // as it did; a different body under the id is a conflict.
            if (auto replay = replayed(sql, type, id, hash, if_match, resource)) {
                return *replay;
            }
            refuse(409, code::conflict, "a different " + type + " is stored under this id");
        }
        apply_rules(sql, context, type, id, std::nullopt, resource, conditional);
        record_history(sql, type, id, 1, hash, context.caller.kiosk, updated, 201, "");
        return Written{201, 1, updated, std::move(resource)};
    }
    const std::int64_t version = current->integer(0);
    if (!if_match && !conditional) {
        refuse(409, code::conflict,
               "a different " + type +
                   " is stored under this id; an update sends If-Match with its version");
    }
    if (if_match && version_of(*if_match) != version) {
        refuse(412, stale_code(type), "If-Match is not the current version");
    }
    const bool shared = type == "Patient" || type == "Slot";
    if (current->text(1) != context.caller.township && !shared) {
        refuse(403, code::forbidden, "the record belongs to another township");
    }
    const std::string township = type == "Patient" ? context.caller.township : current->text(1);
    if (type == "EpisodeOfCare") {
        township_of_new(sql, context, type,
                        resource);  // the new team is the caller's township's too
    }
    const json old = json::parse(current->text(2));
    // The version in the WHERE makes two updates from one version take turns:
    // the second finds no row and answers 412.
    const auto changed = sql.run(
        "UPDATE resources SET version = $3, body = $4, hash = $5, kiosk = $6, township = $7, "
        "updated = $8 "
        "WHERE type = $1 AND id = $2 AND version = $9",
        {type, id, version + 1, body, hash, context.caller.kiosk, township, updated, version});
    if (changed == 0) {
        refuse(412, stale_code(type), "another update came first");
    }
    apply_rules(sql, context, type, id, old, resource, conditional);
    record_history(sql, type, id, version + 1, hash, context.caller.kiosk, updated, 200,
                   current->text(2));
    return Written{200, version + 1, updated, std::move(resource)};
}

void rewrite(Sql& sql, const WriteContext& context, const std::string& type, const std::string& id,
             const std::function<void(json&)>& change) {
    const auto current =
        sql.row("SELECT version, body FROM resources WHERE type = $1 AND id = $2", {type, id});
    if (!current) {
        return;
    }
    json resource = json::parse(current->text(1));
    change(resource);
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    const std::int64_t version = current->integer(0) + 1;
    sql.run(
        "UPDATE resources SET version = $3, body = $4, hash = $5, kiosk = 'hub', updated = $6 "
        "WHERE type = $1 AND id = $2",
        {type, id, version, body, hash, updated});
    record_history(sql, type, id, version, hash, "hub", updated, 200, current->text(1));
}

Written put_kept(Sql& sql, const WriteContext& context, const std::string& type,
                 const std::string& id, json resource, const std::string& township) {
    resource.erase("meta");
    const std::string body = canonical(resource);
    const std::string hash = digest(body);
    const std::string updated = to_iso8601(context.now);
    const auto current =
        sql.row("SELECT version, hash, updated, body FROM resources WHERE type = $1 AND id = $2",
                {type, id});
    if (current && current->text(1) == hash) {
        return Written{200, current->integer(0), current->text(2), std::move(resource)};
    }
    const std::int64_t version = current ? current->integer(0) + 1 : 1;
    sql.run(
        "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (type, id) DO UPDATE SET "
        "version = excluded.version, body = excluded.body, hash = excluded.hash, kiosk = "
        "excluded.kiosk, "
        "township = excluded.township, updated = excluded.updated",
        {type, id, version, body, hash, context.caller.kiosk, township, updated});
    record_history(sql, type, id, version, hash, context.caller.kiosk, updated,
                   version == 1 ? 201 : 200, current ? current->text(3) : std::string());
    return Written{version == 1 ? 201 : 200, version, updated, std::move(resource)};
}

std::optional<std::string> version_body(Sql& sql, const std::string& type, const std::string& id,
                                        std::int64_t version) {
    sql.flush();
    const auto row = sql.row(
        "SELECT h.body, r.body FROM history h JOIN resources r ON r.type = h.type AND r.id = h.id "
        "WHERE h.type = $1 AND h.id = $2 AND h.version = $3",
        {type, id, version});
    if (!row) {
        return std::nullopt;
    }
    // An empty body is the current version's: its body is the resource's.
    return row->text(0).empty() ? row->text(1) : row->text(0);
}

}  // namespace jiayi::hub::store
