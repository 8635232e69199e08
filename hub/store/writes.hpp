#pragma once
// Inside hub/store: one resource written under the rules (hub/README.md
// "Exactly once", "Storage: rules held by the schema"), within a transaction
// the caller opened. Throws Refused / DatabaseFailure (sql.hpp).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hub/fhir/interaction.hpp"
#include "hub/store/hub_rules.hpp"
#include "hub/store/sql.hpp"
#include "kiosk/domain/date.hpp"

namespace jiayi::hub::store {

struct WriteContext {
    const fhir::Caller& caller;
    const HubRules& rules;
    Instant now;
    domain::Date today;  // in the district's time zone
};

struct Written {
    int status = 200;  // 201 for a creation, replayed as such
    std::int64_t version = 0;
    std::string updated;  // ISO 8601 UTC
    nlohmann::json resource;
};

// PUT [type]/[id]: create, replay, or versioned update (`if_match`). A
// `conditional` write (PUT Patient?identifier=…) that matched may change the
// body without If-Match, as FHIR's conditional update does.
Written put_resource(Sql& sql, const WriteContext& context, const std::string& type,
                     const std::string& id, nlohmann::json resource,
                     const std::optional<std::string>& if_match, bool conditional);

// Whether a PUT of `type` creates a resource with no rule rows to check
// first (a Provenance, a Consent, a QuestionnaireResponse, a
// ServiceRequest…): such creations of one Bundle are written together by
// create_plain().
bool is_plain(std::string_view type, bool if_match, bool conditional);

// A plain creation to try: the resource as it is to be stored (id set,
// references resolved), the caller's; moved into the answer when created.
struct PlainCreation {
    std::string type;
    std::string id;
    nlohmann::json* resource;
};

// Tries every creation in one multi-row INSERT (… ON CONFLICT DO NOTHING
// RETURNING): a signing's Provenance and Consent in one statement, a sync
// Bundle's hundreds in a few. The answer for each created one, in order;
// nullopt where the id was taken (a replay, a conflict, an update), its
// resource left to the caller to answer with put_resource. Each (type, id)
// at most once.
std::vector<std::optional<Written>> create_plain(Sql& sql, const WriteContext& context,
                                                 const std::vector<PlainCreation>& creations);

// The hub's own change to a stored resource (a slot freed, an episode
// finished by a renewal): a new version, written by "hub".
void rewrite(Sql& sql, const WriteContext& context, const std::string& type, const std::string& id,
             const std::function<void(nlohmann::json&)>& change);

// A resource the hub's administrator keeps (a team, a slot, a flag): created,
// or a new version when its body changed; `township` is its own.
Written put_kept(Sql& sql, const WriteContext& context, const std::string& type,
                 const std::string& id, nlohmann::json resource, const std::string& township);

// The (system, value) a Patient is matched by: the resident ID when it has
// one, else its first identifier.
std::pair<std::string, std::string> patient_identifier(const nlohmann::json& patient);

// The hub id of the Patient with this identifier.
std::optional<std::string> find_patient(Sql& sql, const std::string& system,
                                        const std::string& value);

// The body of one version of a resource (canonical JSON, without meta);
// nullopt when the hub holds no such version. The current version's body
// is kept once, in `resources`; history keeps the superseded ones.
std::optional<std::string> version_body(Sql& sql, const std::string& type, const std::string& id,
                                        std::int64_t version);

// The resource as answered: its stored body with meta.versionId and lastUpdated.
nlohmann::json with_meta(nlohmann::json resource, std::int64_t version, const std::string& updated);

}  // namespace jiayi::hub::store
