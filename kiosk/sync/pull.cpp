#include "kiosk/sync/pull.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "kiosk/fhir/flag.hpp"
#include "kiosk/fhir/team.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::sync {

using nlohmann::json;

std::string_view code(Pulled pulled) {
    switch (pulled) {
        case Pulled::NotAsked:
            return "not-asked";
        case Pulled::Changed:
            return "changed";
        case Pulled::NotModified:
            return "not-modified";
        case Pulled::Failed:
            return "failed";
    }
    return "?";
}

namespace {

// A searchset's resources, or a failure: the whole answer is read before
// anything is kept, so a half-good list never replaces a good one.
struct Answered {
    bool not_modified = false;
    std::string etag;
    std::vector<json> resources;
};

Result<Answered, SyncFailure> search(HubClient& client, const std::string& path,
                                     const std::string& etag, std::string_view type) {
    auto answer = client.get(path, etag);
    if (!answer) {
        return fail(sync_failure(std::string(code(answer.error().kind)), answer.error().message));
    }
    const int status = answer->status;
    const std::string what = "HTTP " + std::to_string(status) + " to GET " + std::string(type);
    if (status == 304) {
        return Answered{true, etag, {}};
    }
    if (status == 401 || status == 403) {
        return fail(sync_failure("credential-refused", what));
    }
    if (status >= 500) {
        return fail(sync_failure("server-error", what));
    }
    if (status != 200) {
        return fail(sync_failure("hub-rejected", what));
    }
    Answered read;
    read.etag = answer->etag;
    const json body = json::parse(answer->body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || body.value("resourceType", "") != "Bundle" ||
        body.value("type", "") != "searchset") {
        return fail(sync_failure("not-fhir", what + ": not a searchset Bundle"));
    }
    if (body.contains("entry")) {
        if (!body["entry"].is_array()) {
            return fail(sync_failure("not-fhir", what + ": Bundle.entry is not a list"));
        }
        for (const json& entry : body["entry"]) {
            if (!entry.is_object() || !entry.contains("resource") ||
                !entry["resource"].is_object()) {
                return fail(sync_failure("not-fhir", what + ": an entry without a resource"));
            }
            const json& resource = entry["resource"];
            const std::string found = resource.value("resourceType", "");
            if (found == type) {
                read.resources.push_back(resource);
            } else if (found != "OperationOutcome") {  // may ride along (search.mode outcome)
                return fail(sync_failure("not-fhir",
                                         what + ": an entry that is not a " + std::string(type)));
            }
        }
    }
    return read;
}

std::string etag_of(store::Store& store, const std::string& list) {
    auto kept = store.pulled(list);
    return kept && kept.value() ? kept.value()->etag : std::string();
}

void store_failed(PullReport& report, Pulled& part, const store::StoreError& error) {
    part = Pulled::Failed;
    report.failure = sync_failure("store", error.message);
}

// The resident's document number a registry Flag names (subject.identifier),
// or empty: the kiosk's own resident ids and staff ids name no document.
std::string document_number_of(const json& flag) {
    const json* subject = flag.contains("subject") ? &flag["subject"] : nullptr;
    if (subject == nullptr || !subject->is_object() || !subject->contains("identifier")) {
        return {};
    }
    const json& identifier = (*subject)["identifier"];
    if (!identifier.is_object() || !identifier.contains("value") ||
        !identifier["value"].is_string()) {
        return {};
    }
    const std::string system = identifier.value("system", "");
    if (system == fhir::kKioskResidentSystem || system == fhir::kStaffSystem) {
        return {};
    }
    return identifier["value"].get<std::string>();
}

// Asks for a list under the ETag kept for it: its resources when it
// changed. Otherwise nothing, and `part` says why: not modified (the list
// stands, pulled now) or failed (the report's failure says how).
std::optional<Answered> changed_list(store::Store& store, HubClient& client,
                                     const std::string& path, const std::string& list,
                                     std::string_view type, const std::function<Instant()>& clock,
                                     PullReport& report, Pulled& part) {
    auto answered = search(client, path, etag_of(store, list), type);
    if (!answered) {
        part = Pulled::Failed;
        report.failure = answered.error();
        return std::nullopt;
    }
    if (answered->not_modified) {
        part = Pulled::NotModified;
        if (auto kept = store.pulled_unchanged(list, clock()); !kept) {
            store_failed(report, part, kept.error());
        }
        return std::nullopt;
    }
    return std::move(answered).value();
}

}  // namespace

void pull_teams(store::Store& store, HubClient& client, const PullOptions& options,
                const std::function<Instant()>& clock, PullReport& report) {
    if (options.center.empty()) {
        // Not a failure of the pass (the push goes on at its pace): the kiosk
        // says so at start, `jiayi sync status` shows teams never pulled, and
        // residents are sent to the desk.
        report.teams = Pulled::NotAsked;
        return;
    }
    auto answered = changed_list(store, client,
                                 "Organization?type=" + std::string(fhir::kTeamType) +
                                     "&partof=Organization/" + options.center,
                                 "teams", "Organization", clock, report, report.teams);
    if (!answered) {
        return;
    }
    std::vector<domain::Team> teams;
    for (const json& resource : answered->resources) {
        auto team = fhir::parse_team(resource);
        if (!team) {
            report.teams = Pulled::Failed;
            report.failure =
                sync_failure("not-fhir", "a team from the hub does not read (" + team.error().path +
                                             ": " + team.error().problem + ")");
            return;
        }
        teams.push_back(std::move(team).value());
    }
    if (auto kept = store.replace_teams(teams, answered->etag, clock()); !kept) {
        store_failed(report, report.teams, kept.error());
        return;
    }
    report.teams = Pulled::Changed;
    report.team_count = static_cast<int>(teams.size());
}

void pull_flags(store::Store& store, HubClient& client, const std::function<Instant()>& clock,
                PullReport& report) {
    auto answered = changed_list(store, client, "Flag?status=active", "flags", "Flag", clock,
                                 report, report.flags);
    if (!answered) {
        return;
    }
    std::map<std::string, std::vector<store::RegistryFlag>> by_number;
    for (const json& resource : answered->resources) {
        auto flag = fhir::parse_flag(resource);
        if (!flag) {
            // No path or value in the words: a flag tells a person's health.
            report.flags = Pulled::Failed;
            report.failure = sync_failure("not-fhir",
                                          "a key-population flag from the hub does "
                                          "not read");
            return;
        }
        const std::string number = document_number_of(resource);
        if (number.empty()) {
            report.flags = Pulled::Failed;
            report.failure = sync_failure("not-fhir",
                                          "a key-population flag from the hub names "
                                          "no resident's document");
            return;
        }
        if (flag->active) {
            by_number[number].push_back({flag->population, flag->start, flag->end});
        }
    }
    std::vector<store::RegistryEntry> entries;
    entries.reserve(by_number.size());
    for (auto& [number, flags] : by_number) {
        entries.push_back({number, std::move(flags)});
    }
    if (auto kept = store.replace_registry(entries, answered->etag, clock()); !kept) {
        store_failed(report, report.flags, kept.error());
        return;
    }
    report.flags = Pulled::Changed;
    report.flagged_residents = static_cast<int>(entries.size());
}

PullReport pull(store::Store& store, HubClient& client, const PullOptions& options,
                const std::function<Instant()>& clock) {
    PullReport report;
    pull_teams(store, client, options, clock, report);
    if (!report.failure && options.flags) {
        pull_flags(store, client, clock, report);
    }
    return report;
}

}  // namespace jiayi::sync
