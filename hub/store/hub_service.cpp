#include "hub/store/hub_service.hpp"

#include <functional>
#include <map>

#include "hub/fhir/capability.hpp"
#include "hub/fhir/json_text.hpp"
#include "hub/fhir/outcome.hpp"
#include "hub/fhir/validate.hpp"
#include "hub/store/sql.hpp"
#include "hub/store/writes.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

// The wire's URIs, one terminology with the kiosk (kiosk/fhir/terminology.hpp).
namespace terms = ::jiayi::fhir;

namespace {

using nlohmann::json;
namespace code = fhir::refusal;

fhir::Answer refused(int status, std::string_view c, std::string diagnostics,
                     std::string expression = "") {
    return fhir::answer(
        fhir::Refusal{status, std::string(c), std::move(diagnostics), std::move(expression)});
}

// The body as JSON, or the 400 that says it is not.
std::optional<json> parse_body(const std::string& body) {
    return fhir::parse_json(body);
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (from <= path.size()) {
        const auto slash = path.find('/', from);
        const auto to = slash == std::string::npos ? path.size() : slash;
        if (to > from) {
            parts.push_back(path.substr(from, to - from));
        }
        if (slash == std::string::npos) {
            break;
        }
        from = slash + 1;
    }
    return parts;
}

std::string status_line(int status) {
    switch (status) {
        case 200:
            return "200 OK";
        case 201:
            return "201 Created";
        default:
            return std::to_string(status);
    }
}

fhir::Answer written_answer(const std::string& type, const std::string& id,
                            const Written& written) {
    fhir::Answer answer;
    answer.status = written.status;
    answer.body = with_meta(written.resource, written.version, written.updated);
    answer.etag = etag(written.version);
    answer.location = type + "/" + id + "/_history/" + std::to_string(written.version);
    return answer;
}

// "system|value" of a conditional update; nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> identifier_condition(
    const std::vector<std::pair<std::string, std::string>>& query) {
    if (query.size() != 1 || query[0].first != "identifier") {
        return std::nullopt;
    }
    const auto bar = query[0].second.find('|');
    if (bar == std::string::npos || bar == 0 || bar + 1 == query[0].second.size()) {
        return std::nullopt;
    }
    return std::pair(query[0].second.substr(0, bar), query[0].second.substr(bar + 1));
}

// "Patient?identifier=system|value" → (system, value); nullopt when the
// text after '?' is not that condition.
std::optional<std::pair<std::string, std::string>> condition_after(const std::string& url) {
    const auto question = url.find('?');
    if (question == std::string::npos) {
        return std::nullopt;
    }
    const std::string condition = url.substr(question + 1);
    std::vector<std::pair<std::string, std::string>> query;
    if (const auto eq = condition.find('='); eq != std::string::npos) {
        query.emplace_back(condition.substr(0, eq), condition.substr(eq + 1));
    }
    return identifier_condition(query);
}

// Replaces every reference `resolve` knows (a bundle-local fullUrl, a
// conditional reference) with the hub's Type/id.
void rewrite_references(
    json& node, const std::function<std::optional<std::string>(const std::string&)>& resolve) {
    if (node.is_object()) {
        for (auto& [key, value] : node.items()) {
            if (key == "reference" && value.is_string()) {
                if (auto resolved = resolve(value.get<std::string>())) {
                    value = *resolved;
                }
            } else {
                rewrite_references(value, resolve);
            }
        }
    } else if (node.is_array()) {
        for (auto& item : node) {
            rewrite_references(item, resolve);
        }
    }
}

}  // namespace

HubService::HubService(db::Database& database, HubRules rules, Clock clock)
    : database_(database), rules_(std::move(rules)), clock_(std::move(clock)) {}

fhir::Answer HubService::handle(const fhir::Caller& caller, const fhir::Request& request) {
    const Instant now = clock_();
    const auto parts = split_path(request.path);
    try {
        if (request.method == fhir::Method::get && parts.size() == 1 && parts[0] == "metadata") {
            fhir::Answer answer;
            answer.body = fhir::capability_statement("0.1.0", to_iso8601(now));
            return answer;
        }
        if (request.method == fhir::Method::post && parts.empty()) {
            return transaction(caller, request, now);
        }
        if (request.method == fhir::Method::post && parts.size() == 1 && parts[0] == "$reconcile") {
            return reconcile_operation(database_, rules_, caller, request);
        }
        if (parts.empty() || !fhir::is_kept_type(parts[0]) || parts.size() > 2) {
            return refused(404, code::not_found, "no such resource type or path");
        }
        if (request.method == fhir::Method::get) {
            return parts.size() == 2 ? read(caller, parts[0], parts[1], request)
                                     : search(database_, caller, parts[0], request, now);
        }
        if (request.method == fhir::Method::put) {
            return parts.size() == 2 ? update(caller, parts[0], parts[1], request, now)
                                     : conditional_update(caller, parts[0], request, now);
        }
        return refused(405, code::not_supported,
                       "the hub answers GET, PUT and transaction Bundles");
    } catch (const json::exception&) {
        // A JSON element of the wrong kind (a string where an object belongs…).
        return refused(400, code::invalid, "an element has the wrong JSON type");
    }
}

fhir::Answer HubService::read(const fhir::Caller& caller, const std::string& type,
                              const std::string& id, const fhir::Request& request) {
    struct Found {
        std::int64_t version = 0;
        std::string updated;
        json body;
        std::string township;
    };
    auto found = run<
        std::optional<Found>>(database_, db::Mode::read, [&](Sql& sql) -> std::optional<Found> {
        const auto row = sql.row(
            "SELECT version, updated, body, township FROM resources WHERE type = $1 AND id = $2",
            {type, id});
        if (!row) {
            return std::nullopt;
        }
        Found out{row->integer(0), row->text(1), json::parse(row->text(2)), row->text(3)};
        if (type == "Organization") {
            if (const auto team =
                    sql.row("SELECT capacity, signed, closed FROM teams WHERE id = $1", {id})) {
                out.body = team_view(std::move(out.body), team->integer(0), team->integer(1),
                                     team->integer(2) != 0);
            }
        }
        return out;
    });
    if (!found) {
        return fhir::answer(found.error());
    }
    if (!found.value()) {
        return refused(404, code::not_found, type + "/" + id + " is not on the hub");
    }
    const Found& resource = *found.value();
    const bool district = type == "Organization" || type == "Schedule" || type == "Slot" ||
                          type == "PractitionerRole";
    if (!district && resource.township != caller.township) {
        return refused(403, code::forbidden, "the record belongs to another township");
    }
    fhir::Answer answer;
    answer.etag = etag(resource.version);
    if (request.if_none_match && *request.if_none_match == *answer.etag) {
        answer.status = 304;
        return answer;
    }
    answer.body = with_meta(resource.body, resource.version, resource.updated);
    return answer;
}

fhir::Answer HubService::update(const fhir::Caller& caller, const std::string& type,
                                const std::string& id, const fhir::Request& request, Instant now) {
    auto body = parse_body(request.body);
    if (!body) {
        return refused(400, code::invalid, "the body is not JSON");
    }
    if (auto problem = fhir::check_resource(*body, type, id)) {
        return fhir::answer(*problem);
    }
    const WriteContext context{caller, rules_, now,
                               domain::local_date(now, rules_.utc_offset_minutes)};
    auto written = run<Written>(database_, db::Mode::write, [&](Sql& sql) {
        return put_resource(sql, context, type, id, *body, request.if_match, false);
    });
    if (!written) {
        return fhir::answer(written.error());
    }
    return written_answer(type, id, written.value());
}

fhir::Answer HubService::conditional_update(const fhir::Caller& caller, const std::string& type,
                                            const fhir::Request& request, Instant now) {
    const auto condition = identifier_condition(request.query);
    if (type != "Patient" || !condition) {
        return refused(400, code::invalid,
                       "a conditional update is PUT Patient?identifier=system|value");
    }
    auto body = parse_body(request.body);
    if (!body) {
        return refused(400, code::invalid, "the body is not JSON");
    }
    if (auto problem = fhir::check_resource(*body, type, "")) {
        return fhir::answer(*problem);
    }
    if (patient_identifier(*body) != *condition) {
        return refused(400, code::invalid, "the Patient's identifier differs from the condition",
                       "Patient.identifier");
    }
    const WriteContext context{caller, rules_, now,
                               domain::local_date(now, rules_.utc_offset_minutes)};
    std::string id;
    auto written = run<Written>(database_, db::Mode::write, [&](Sql& sql) {
        const auto matched = find_patient(sql, condition->first, condition->second);
        id = matched ? *matched : new_uuid();
        json resource = *body;
        resource["id"] = id;
        // A conditional write: when another transaction creates this resident
        // meanwhile, the unique index refuses ours and it runs again (busy)
        // to match that Patient instead of answering a conflict.
        return put_resource(sql, context, type, id, resource, request.if_match,
                            /*conditional=*/true);
    });
    if (!written) {
        return fhir::answer(written.error());
    }
    return written_answer(type, id, written.value());
}

// A transaction Bundle (hub-fhir.md "Exactly once"): every entry is a PUT;
// all of them or none. Patients first resolve their conditional updates so
// that the entries' urn:uuid: references become Patient/[hub id].
fhir::Answer HubService::transaction(const fhir::Caller& caller, const fhir::Request& request,
                                     Instant now) {
    auto body = parse_body(request.body);
    if (!body) {
        return refused(400, code::invalid, "the body is not JSON");
    }
    if (!body->is_object() || body->value("resourceType", "") != "Bundle" ||
        body->value("type", "") != "transaction") {
        return refused(400, code::invalid, "the base takes a transaction Bundle", "Bundle.type");
    }
    struct Entry {
        std::string full_url;
        std::string type;
        std::string id;  // empty for a conditional update until resolved
        std::optional<std::pair<std::string, std::string>> condition;
        std::string url;  // the conditional update's, which other entries may name
        std::optional<std::string> if_match;
        json resource;
    };
    std::vector<Entry> entries;
    // The entries' resources are moved out of the parsed Bundle, never
    // copied: a signing's Provenance carries its signature image.
    json no_entries = json::array();
    json& items = body->contains("entry") ? (*body)["entry"] : no_entries;
    if (!items.is_array()) {
        return refused(400, code::invalid, "Bundle.entry is not a list", "Bundle.entry");
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string where = "Bundle.entry[" + std::to_string(i) + "]";
        json& item = items[i];
        if (!item.is_object() || !item.contains("resource") || !item.contains("request")) {
            return refused(400, code::invalid, "an entry needs resource and request", where);
        }
        const json& req = item["request"];
        if (req.value("method", "") != "PUT") {
            return refused(400, code::not_supported, "a transaction entry here is a PUT",
                           where + ".request.method");
        }
        Entry entry;
        entry.full_url = item.value("fullUrl", "");
        entry.resource = std::move(item["resource"]);
        if (req.contains("ifMatch")) {
            entry.if_match = req["ifMatch"].get<std::string>();
        }
        const std::string url = req.value("url", "");
        const auto question = url.find('?');
        if (question != std::string::npos) {
            entry.type = url.substr(0, question);
            entry.condition = condition_after(url);
            entry.url = url;
            if (entry.type != "Patient" || !entry.condition) {
                return refused(400, code::invalid,
                               "a conditional update is PUT Patient?identifier=system|value",
                               where + ".request.url");
            }
        } else {
            const auto parts = split_path(url);
            if (parts.size() != 2) {
                return refused(400, code::invalid, "request.url is [type]/[id]",
                               where + ".request.url");
            }
            entry.type = parts[0];
            entry.id = parts[1];
        }
        if (auto problem = fhir::check_resource(entry.resource, entry.type, entry.id)) {
            problem->expression = where + ".resource";
            return fhir::answer(*problem);
        }
        if (entry.condition && patient_identifier(entry.resource) != *entry.condition) {
            return refused(400, code::invalid,
                           "the Patient's identifier differs from the condition", where);
        }
        entries.push_back(std::move(entry));
    }

    const WriteContext context{caller, rules_, now,
                               domain::local_date(now, rules_.utc_offset_minutes)};
    std::size_t at = 0;  // the entry being written, to name it in a refusal
    auto written = run<json>(database_, db::Mode::write, [&](Sql& sql) {
        std::map<std::string, std::string> local;
        std::vector<std::string> ids;
        for (const Entry& entry : entries) {
            std::string id = entry.id;
            bool found = false;
            if (entry.condition) {
                const auto existing =
                    find_patient(sql, entry.condition->first, entry.condition->second);
                found = existing.has_value();
                id = found ? *existing : new_uuid();
            }
            if (!entry.full_url.empty()) {
                local[entry.full_url] = entry.type + "/" + id;
            }
            if (entry.condition) {
                local[entry.url] = entry.type + "/" + id;
            }
            ids.push_back(id);
        }
        // FHIR's conditional references (R4 transaction processing): the
        // kiosk's booking names the resident as Patient?identifier=…, since
        // it does not know the hub's Patient id. A resident the hub does not
        // hold has no contract, so a booking for them is not-signed.
        auto resolve = [&](const std::string& reference) -> std::optional<std::string> {
            if (const auto found = local.find(reference); found != local.end()) {
                return found->second;
            }
            if (!reference.starts_with("Patient?")) {
                return std::nullopt;
            }
            const auto condition = condition_after(reference);
            if (!condition) {
                refuse(400, code::invalid,
                       "a conditional reference is Patient?identifier=system|value");
            }
            const auto patient = find_patient(sql, condition->first, condition->second);
            if (!patient) {
                refuse(kUnprocessable, code::not_signed,
                       "the resident the entry names is not on the hub");
            }
            return "Patient/" + *patient;
        };
        // Each entry's resource as it is to be stored: its id, the hub's
        // references.
        std::vector<json> resources;
        for (at = 0; at < entries.size(); ++at) {
            json resource = entries[at].resource;
            resource["id"] = ids[at];
            rewrite_references(resource, resolve);
            resources.push_back(std::move(resource));
        }
        // The creations without rule rows go first, together (create_plain):
        // a refusal later in the Bundle rolls them back with the rest. A
        // (type, id) the Bundle names twice is left to put_resource.
        std::vector<std::optional<Written>> plain(entries.size());
        {
            std::map<std::pair<std::string, std::string>, int> times;
            for (std::size_t i = 0; i < entries.size(); ++i) {
                ++times[{entries[i].type, ids[i]}];
            }
            std::vector<PlainCreation> creations;
            std::vector<std::size_t> which;
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (times[{entries[i].type, ids[i]}] == 1 &&
                    is_plain(entries[i].type, entries[i].if_match.has_value(),
                             entries[i].condition.has_value())) {
                    creations.push_back({entries[i].type, ids[i], &resources[i]});
                    which.push_back(i);
                }
            }
            auto made = create_plain(sql, context, creations);
            for (std::size_t k = 0; k < which.size(); ++k) {
                plain[which[k]] = std::move(made[k]);
            }
        }
        json response = json::array();
        for (at = 0; at < entries.size(); ++at) {
            const Written entry = plain[at]
                                      ? std::move(*plain[at])
                                      : put_resource(sql, context, entries[at].type, ids[at],
                                                     std::move(resources[at]), entries[at].if_match,
                                                     entries[at].condition.has_value());
            response.push_back({{"response",
                                 {{"status", status_line(entry.status)},
                                  {"location", entries[at].type + "/" + ids[at] + "/_history/" +
                                                   std::to_string(entry.version)},
                                  {"etag", etag(entry.version)},
                                  {"lastModified", entry.updated}}}});
        }
        return json{
            {"resourceType", "Bundle"}, {"type", "transaction-response"}, {"entry", response}};
    });
    if (!written) {
        fhir::Refusal refusal = written.error();
        if (at < entries.size()) {
            refusal.expression = "Bundle.entry[" + std::to_string(at) + "]";
        }
        return fhir::answer(refusal);
    }
    fhir::Answer answer;
    answer.body = std::move(written.value());
    return answer;
}

json team_view(json organization, std::int64_t capacity, std::int64_t signed_count, bool closed) {
    json extensions = json::array();
    for (const auto& extension : organization.value("extension", json::array())) {
        const std::string url = extension.value("url", "");
        if (url != terms::kExtTeamCapacity && url != terms::kExtTeamSigned) {
            extensions.push_back(extension);
        }
    }
    extensions.push_back(
        {{"url", std::string(terms::kExtTeamCapacity)}, {"valueInteger", capacity}});
    extensions.push_back(
        {{"url", std::string(terms::kExtTeamSigned)}, {"valueInteger", signed_count}});
    organization["extension"] = extensions;
    organization["active"] = !closed;
    return organization;
}

}  // namespace jiayi::hub::store
