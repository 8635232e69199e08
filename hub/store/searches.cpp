// The searches a kiosk needs (protocols/hub-fhir.md "Reads the kiosk needs"),
// each one statement over the rule tables joined to the stored bodies.
// Unknown parameters are refused rather than ignored: a kiosk that misspells
// one would otherwise read every slot of the district as its answer.

#include <algorithm>
#include <map>

#include "hub/store/hub_service.hpp"
#include "hub/store/sql.hpp"
#include "hub/store/writes.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

// The wire's URIs, one terminology with the kiosk (kiosk/fhir/terminology.hpp).
namespace terms = ::jiayi::fhir;

namespace {

using nlohmann::json;
namespace code = fhir::refusal;

struct Params {
    std::map<std::string, std::string> values;
    std::optional<std::string> unknown;
};

Params read_params(const fhir::Request& request, std::initializer_list<std::string_view> known) {
    Params params;
    for (const auto& [name, value] : request.query) {
        bool ok = false;
        for (auto k : known) {
            ok = ok || name == k;
        }
        if (!ok && !name.starts_with("_")) {
            params.unknown = name;
        } else if (ok) {
            params.values[name] = value;
        }
    }
    return params;
}

// "system|code" or "code" → code.
std::string token_code(const std::string& token) {
    const auto bar = token.find('|');
    return bar == std::string::npos ? token : token.substr(bar + 1);
}

// "Type/id" or "id" → id.
std::string reference_value(const std::string& value, std::string_view type) {
    const std::string prefix = std::string(type) + "/";
    return value.starts_with(prefix) ? value.substr(prefix.size()) : value;
}

fhir::Answer bundle_answer(const std::string& type, std::vector<std::pair<std::string, json>> found,
                           bool with_etag, const fhir::Request& request) {
    json entries = json::array();
    for (auto& [id, resource] : found) {
        entries.push_back({{"fullUrl", type + "/" + id},
                           {"resource", std::move(resource)},
                           {"search", {{"mode", "match"}}}});
    }
    fhir::Answer answer;
    answer.body = {{"resourceType", "Bundle"},
                   {"type", "searchset"},
                   {"total", entries.size()},
                   {"entry", entries}};
    if (with_etag) {
        // The list's own version: its content's hash, so a kiosk refreshing
        // its cached teams or slots gets 304 until something in it changed.
        answer.etag = "W/\"" + digest(answer.body.dump()).substr(0, 32) + "\"";
        if (request.if_none_match && *request.if_none_match == *answer.etag) {
            answer.status = 304;
            answer.body = nullptr;
        }
    }
    return answer;
}

fhir::Refusal bad_search(std::string diagnostics) {
    return fhir::Refusal{400, std::string(code::invalid), std::move(diagnostics), ""};
}

}  // namespace

fhir::Answer search(db::Database& database, const fhir::Caller& caller, const std::string& type,
                    const fhir::Request& request, Instant now) {
    using Found = std::vector<std::pair<std::string, json>>;
    auto body_of = [](const db::Row& row, std::size_t at) {
        return with_meta(json::parse(row.text(at + 2)), row.integer(at + 1), row.text(at + 3));
    };
    if (type == "Organization") {
        auto params = read_params(request, {"type", "partof"});
        if (params.unknown || token_code(params.values["type"]) != terms::kTeamType ||
            params.values["partof"].empty()) {
            return fhir::answer(
                bad_search("search teams as Organization?type=team&partof=[center]"));
        }
        const std::string center = reference_value(params.values["partof"], "Organization");
        auto found = run<Found>(database, db::Mode::read, [&](Sql& sql) {
            Found out;
            for (const auto& row : sql.rows("SELECT t.id, r.version, r.body, r.updated, "
                                            "t.capacity, t.signed, t.closed FROM teams t "
                                            "JOIN resources r ON r.type = 'Organization' AND r.id "
                                            "= t.id WHERE t.center = $1 ORDER BY t.id",
                                            {center})) {
                out.emplace_back(row.text(0), team_view(body_of(row, 0), row.integer(4),
                                                        row.integer(5), row.integer(6) != 0));
            }
            return out;
        });
        if (!found) {
            return fhir::answer(found.error());
        }
        return bundle_answer(type, std::move(found.value()), true, request);
    }
    const bool by_patient =
        std::any_of(request.query.begin(), request.query.end(),
                    [](const auto& param) { return param.first == "patient.identifier"; });
    if (type == "Flag" && !by_patient) {
        // The caller's township's key-population registry (the kiosk's cached
        // list, ETag-refreshed): each Flag's subject also names the resident's
        // identifier, by which the kiosk finds its residents' flags offline.
        auto params = read_params(request, {"status"});
        if (params.unknown) {
            return fhir::answer(bad_search(
                "search Flag by patient.identifier=system|value, or by status alone for the "
                "township's registry"));
        }
        auto found = run<Found>(database, db::Mode::read, [&](Sql& sql) {
            Found out;
            for (const auto& row :
                 sql.rows("SELECT f.id, r.version, r.body, r.updated, p.system, p.value FROM flags "
                          "f JOIN patients p ON p.id = f.patient JOIN resources r ON r.type = "
                          "'Flag' AND r.id = f.id WHERE f.township = $1 AND ($2 = '' OR f.status "
                          "= $2) ORDER BY f.id",
                          {caller.township, params.values["status"]})) {
                json flag = body_of(row, 0);
                flag["subject"]["identifier"] = {{"system", row.text(4)}, {"value", row.text(5)}};
                out.emplace_back(row.text(0), std::move(flag));
            }
            return out;
        });
        if (!found) {
            return fhir::answer(found.error());
        }
        return bundle_answer(type, std::move(found.value()), true, request);
    }
    if (type == "Flag" || type == "EpisodeOfCare" || type == "Appointment") {
        auto params = read_params(request, {"patient.identifier", "status"});
        const std::string identifier = params.values["patient.identifier"];
        const auto bar = identifier.find('|');
        if (params.unknown || bar == std::string::npos) {
            return fhir::answer(
                bad_search("search by patient.identifier=system|value (and status)"));
        }
        const std::string system = identifier.substr(0, bar);
        const std::string value = identifier.substr(bar + 1);
        const std::string status = params.values["status"];
        const std::string table = type == "Flag"            ? "flags"
                                  : type == "EpisodeOfCare" ? "episodes"
                                                            : "appointments";
        const std::string sql_text =
            "SELECT x.id, r.version, r.body, r.updated FROM " + table +
            " x JOIN patients p ON p.id = x.patient JOIN resources r ON r.type = $1 AND r.id = "
            "x.id "
            "WHERE p.system = $2 AND p.value = $3 AND ($4 = '' OR x.status = $4) ORDER BY x.id";
        auto found = run<Found>(database, db::Mode::read, [&](Sql& sql) {
            Found out;
            for (const auto& row : sql.rows(sql_text, {type, system, value, status})) {
                out.emplace_back(row.text(0), body_of(row, 0));
            }
            return out;
        });
        if (!found) {
            return fhir::answer(found.error());
        }
        return bundle_answer(type, std::move(found.value()), false, request);
    }
    if (type == "Slot") {
        auto params = read_params(request, {"service-category", "status", "start", "schedule"});
        if (params.unknown || params.values["service-category"].empty()) {
            return fhir::answer(
                bad_search("search slots by service-category (and status, start, schedule)"));
        }
        // start=ge2026-12-01 (or gt, le, lt; a bare value is eq). As FHIR
        // reads a date, a value stands for its whole range: a day for a date,
        // the instant for a time. `from` is inclusive, `to` exclusive; a
        // value with "\x7f" after it sorts after every time that begins
        // with the value (the rest of that day).
        std::string from, to;
        const std::string start = params.values["start"];
        const std::string prefix = start.size() > 2 ? start.substr(0, 2) : "";
        const std::string value = start.size() > 2 ? start.substr(2) : start;
        if (prefix == "ge") {
            from = value;
        } else if (prefix == "gt") {
            from = value + "\x7f";  // after the whole day, not from its start
        } else if (prefix == "le") {
            to = value + "\x7f";  // the whole day, not up to its first instant
        } else if (prefix == "lt") {
            to = value;
        } else if (!start.empty()) {
            from = start;
            to = start + "\x7f";
        }
        auto found = run<Found>(database, db::Mode::read, [&](Sql& sql) {
            Found out;
            for (const auto& row :
                 sql.rows("SELECT s.id, r.version, r.body, r.updated FROM slots s "
                          "JOIN resources r ON r.type = 'Slot' AND r.id = s.id "
                          "WHERE s.category = $1 AND ($2 = '' OR s.status = $2) AND ($3 = '' OR "
                          "s.slot_start >= $3) "
                          "AND ($4 = '' OR s.slot_start < $4) AND ($5 = '' OR s.schedule = $5) "
                          "ORDER BY s.slot_start, s.id",
                          {token_code(params.values["service-category"]), params.values["status"],
                           from, to, reference_value(params.values["schedule"], "Schedule")})) {
                out.emplace_back(row.text(0), body_of(row, 0));
            }
            return out;
        });
        if (!found) {
            return fhir::answer(found.error());
        }
        return bundle_answer(type, std::move(found.value()), true, request);
    }
    if (type == "Schedule") {
        // The pool's departments for a kiosk's booking journey: each
        // Schedule with a free slot of the category from now on, and how
        // many — counted here, so a kiosk lists the district's pool without
        // reading every slot of it (it reads a department's slots once the
        // resident chooses one).
        auto params = read_params(request, {"service-category"});
        if (params.unknown || params.values["service-category"].empty()) {
            return fhir::answer(bad_search("search schedules by service-category"));
        }
        auto found = run<Found>(database, db::Mode::read, [&](Sql& sql) {
            Found out;
            for (const auto& row :
                 sql.rows("SELECT r.id, r.version, r.body, r.updated, c.free FROM (SELECT "
                          "schedule, COUNT(*) AS free FROM slots WHERE category = $1 AND status = "
                          "'free' AND slot_start >= $2 GROUP BY schedule) c JOIN resources r ON "
                          "r.type = 'Schedule' AND r.id = c.schedule ORDER BY r.id",
                          {token_code(params.values["service-category"]), to_iso8601(now)})) {
                json schedule = body_of(row, 0);
                schedule["extension"].push_back(
                    {{"url", std::string(terms::kExtFreeSlots)}, {"valueInteger", row.integer(4)}});
                out.emplace_back(row.text(0), std::move(schedule));
            }
            return out;
        });
        if (!found) {
            return fhir::answer(found.error());
        }
        return bundle_answer(type, std::move(found.value()), true, request);
    }
    return fhir::answer(fhir::Refusal{405, std::string(code::not_supported),
                                      "the hub does not search " + type, ""});
}

}  // namespace jiayi::hub::store
