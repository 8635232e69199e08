#include "hub/store/reports.hpp"

#include <map>
#include <set>

#include "hub/fhir/validate.hpp"
#include "hub/store/sql.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/domain/population.hpp"
#include "kiosk/fhir/consent.hpp"
#include "kiosk/fhir/episode.hpp"
#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::store {

namespace {

using nlohmann::json;
// The kiosk's mapping and its URIs (kiosk/fhir), beside the hub's own hub::fhir.
namespace mapping = ::jiayi::fhir;

// A stored body; a body that does not parse reads as empty (every field
// then falls back to what the rule tables hold).
json body_of(const std::string& text) {
    return json::parse(text, nullptr, false, false);
}

const json* extension(const json& resource, std::string_view url) {
    if (!resource.is_object()) {
        return nullptr;
    }
    const auto found = resource.find("extension");
    if (found == resource.end() || !found->is_array()) {
        return nullptr;
    }
    for (const auto& ext : *found) {
        if (ext.is_object() && ext.value("url", "") == url) {
            return &ext;
        }
    }
    return nullptr;
}

std::string string_at(const json& resource, const json::json_pointer& pointer) {
    if (!resource.is_object() || !resource.contains(pointer) || !resource.at(pointer).is_string()) {
        return "";
    }
    return resource.at(pointer).get<std::string>();
}

// An instant's local day and minute, from "…T…Z" text; nullopt when unreadable.
struct LocalTime {
    domain::Date date;
    int minute = 0;
};
std::optional<LocalTime> local_time(const std::string& iso, int utc_offset_minutes) {
    const auto instant = parse_iso8601(iso);
    if (!instant) {
        return std::nullopt;
    }
    const domain::Date date = domain::local_date(*instant, utc_offset_minutes);
    const auto since =
        instant->unix_seconds - domain::start_of(date, utc_offset_minutes).unix_seconds;
    return LocalTime{date, static_cast<int>(since / 60)};
}

// A date or a dateTime as FHIR writes them ("2026-12-03", "2026-12-03T…Z"):
// the local day.
std::optional<domain::Date> local_day(const std::string& text, int utc_offset_minutes) {
    if (text.size() == 10) {
        return domain::parse_iso_date(text);
    }
    if (auto at = local_time(text, utc_offset_minutes)) {
        return at->date;
    }
    return std::nullopt;
}

bool in_quarter(domain::Date day, const admin::Quarter& quarter) {
    return quarter.first() <= day && day < quarter.after();
}

struct Person {
    std::string name;
    std::string phone;
};

Person person_of(const json& patient) {
    Person person;
    if (!patient.is_object()) {
        return person;
    }
    for (const auto& name : patient.value("name", json::array())) {
        if (name.is_object() && name.contains("text") && name["text"].is_string()) {
            person.name = name["text"].get<std::string>();
            break;
        }
    }
    for (const auto& telecom : patient.value("telecom", json::array())) {
        if (telecom.is_object() && telecom.value("system", "") == "phone") {
            person.phone = telecom.value("value", "");
            break;
        }
    }
    return person;
}

struct TeamInfo {
    std::string name;
    std::string center;
    std::string township;
};

std::map<std::string, TeamInfo> read_teams(Sql& sql) {
    std::map<std::string, TeamInfo> teams;
    for (const auto& row :
         sql.rows("SELECT t.id, t.center, t.township, r.body FROM teams t LEFT JOIN resources r "
                  "ON r.type = 'Organization' AND r.id = t.id")) {
        const json body = body_of(row.text(3));
        const std::string name = body.is_object() ? body.value("name", "") : "";
        teams[row.text(0)] = TeamInfo{name.empty() ? row.text(0) : name, row.text(1), row.text(2)};
    }
    return teams;
}

// Per township and team: the keys of a coverage line.
using LineKey = std::pair<std::string, std::string>;  // township, team ("" for the township)

}  // namespace

Result<ImportSummary, fhir::Refusal> import_townships(db::Database& database,
                                                      std::span<const TownshipRecord> rows) {
    return run<ImportSummary>(database, db::Mode::write, [&](Sql& sql) {
        ImportSummary summary;
        for (const TownshipRecord& township : rows) {
            const auto before =
                sql.row("SELECT name, population FROM townships WHERE code = $1", {township.code});
            if (before && before->text(0) == township.name &&
                before->integer(1) == township.population) {
                ++summary.unchanged;
                continue;
            }
            sql.run(
                "INSERT INTO townships (code, name, population) VALUES ($1, $2, $3) "
                "ON CONFLICT (code) DO UPDATE SET name = excluded.name, population = "
                "excluded.population",
                {township.code, township.name, township.population});
            ++(before ? summary.changed : summary.created);
        }
        return summary;
    });
}

Result<std::vector<admin::CoverageFigures>, fhir::Refusal> coverage_figures(
    db::Database& database, const CoverageQuery& query) {
    // The day the counts stand at: the quarter's last, or today in the current one.
    const domain::Date last = domain::add_days(query.quarter.after(), -1);
    const domain::Date day = std::min(last, query.today);
    const std::string on = domain::to_iso(day);
    const std::string first = domain::to_iso(query.quarter.first());
    const int offset = query.utc_offset_minutes;

    return run<std::vector<admin::CoverageFigures>>(database, db::Mode::read, [&](Sql& sql) {
        const auto teams = read_teams(sql);
        std::map<LineKey, admin::CoverageFigures> lines;
        std::vector<std::string> order;  // townships, imported first
        std::set<std::string> known;
        auto wanted = [&](const std::string& township) {
            return !query.township || *query.township == township;
        };
        auto line = [&](const std::string& township,
                        const std::string& team) -> admin::CoverageFigures* {
            if (!wanted(township)) {
                return nullptr;
            }
            auto [it, fresh] = lines.try_emplace({township, team});
            if (fresh) {
                it->second.township = township;
                it->second.team_id = team;
                if (!team.empty()) {
                    const auto found = teams.find(team);
                    it->second.team_name = found != teams.end() ? found->second.name : team;
                }
            }
            return &it->second;
        };
        for (const auto& row : sql.rows("SELECT code, population FROM townships ORDER BY code")) {
            if (auto* township = line(row.text(0), "")) {
                township->population = row.integer(1);
                order.push_back(row.text(0));
                known.insert(row.text(0));
            }
        }
        for (const auto& [id, team] : teams) {
            if (line(team.township, "") != nullptr && known.insert(team.township).second) {
                order.push_back(team.township);
            }
            line(team.township, id);
        }

        // Who is covered on the day, and by which team.
        std::map<std::string, std::string> covered;  // patient → team
        for (const auto& row :
             sql.rows("SELECT patient, team FROM episodes WHERE status <> 'cancelled' AND "
                      "period_start <= $1 AND period_end >= $1",
                      {on})) {
            covered[row.text(0)] = row.text(1);
        }
        for (const auto& [patient, team] : covered) {
            const auto found = teams.find(team);
            const std::string township = found != teams.end() ? found->second.township : "";
            for (auto* l : {line(township, ""), line(township, team)}) {
                if (l != nullptr) {
                    ++l->residents_signed;
                }
            }
        }

        // Key populations: the registries' flags, and the ages the ID numbers tell.
        struct Key {
            std::string township;
            std::set<std::string> codes;
        };
        std::map<std::string, Key> key;  // patient → township, population codes
        for (const auto& row : sql.rows(
                 "SELECT f.patient, f.code, f.township, p.township FROM flags f JOIN patients p "
                 "ON p.id = f.patient WHERE f.status = 'active'")) {
            Key& k = key[row.text(0)];
            k.township = row.text(2).empty() ? row.text(3) : row.text(2);
            k.codes.insert(row.text(1));
        }
        for (const auto& row :
             sql.rows("SELECT id, value, township FROM patients WHERE system = $1",
                      {std::string(mapping::kResidentIdSystem)})) {
            const auto document =
                domain::parse_document_as(domain::DocumentKind::ResidentId, row.text(1), day);
            if (!document || !document.value().birth_date) {
                continue;
            }
            const int age = domain::age_on(*document.value().birth_date, day);
            if (age >= 65 || age <= 6) {
                Key& k = key[row.text(0)];
                if (k.township.empty()) {
                    k.township = row.text(2);
                }
                k.codes.insert(std::string(domain::code(age >= 65 ? domain::Population::Elderly
                                                                  : domain::Population::Child)));
            }
        }
        const std::string disabled(domain::code(domain::Population::Disabled));
        const std::string poor(domain::code(domain::Population::RegisteredPoor));
        const std::string special(domain::code(domain::Population::FamilyPlanningSpecial));
        for (const auto& [patient, k] : key) {
            const auto signed_to = covered.find(patient);
            const bool is_signed = signed_to != covered.end();
            auto tally = [&](admin::CoverageFigures* l, bool count_total) {
                if (l == nullptr) {
                    return;
                }
                auto add = [&](admin::Tally& t) {
                    t.total += count_total ? 1 : 0;
                    t.signed_count += is_signed ? 1 : 0;
                };
                add(l->key_population);
                if (k.codes.contains(disabled)) {
                    add(l->disabled);
                }
                if (k.codes.contains(poor)) {
                    add(l->registered_poor);
                }
                if (k.codes.contains(special)) {
                    add(l->family_planning_special);
                }
            };
            tally(line(k.township, ""), true);
            if (is_signed) {
                // On a team line only the signed are shown (admin/coverage_report.hpp).
                const auto found = teams.find(signed_to->second);
                if (found != teams.end() && found->second.township == k.township) {
                    tally(line(k.township, signed_to->second), false);
                }
            }
        }

        // Renewals: contracts that ended in the quarter, and those renewed.
        for (const auto& row : sql.rows(
                 "SELECT t.township, e.team, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
                 "episodes n WHERE n.patient = e.patient AND n.kind IN ('renewal', 'switch') AND "
                 "n.status <> 'cancelled' AND n.period_start > e.period_start) THEN 1 ELSE 0 END) "
                 "FROM episodes e JOIN teams t ON t.id = e.team WHERE e.status <> 'cancelled' AND "
                 "e.period_end >= $1 AND e.period_end <= $2 GROUP BY t.township, e.team",
                 {first, on})) {
            for (auto* l : {line(row.text(0), ""), line(row.text(0), row.text(1))}) {
                if (l != nullptr) {
                    l->renewals.total += row.integer(2);
                    l->renewals.signed_count += row.integer(3);
                }
            }
        }

        // Opt-outs with the informed notice.
        for (const auto& row :
             sql.rows("SELECT township, body FROM resources WHERE type = 'Consent'")) {
            const json consent = body_of(row.text(1));
            if (string_at(consent, "/provision/type"_json_pointer) != "deny") {
                continue;
            }
            const auto date = local_day(string_at(consent, "/dateTime"_json_pointer), offset);
            if (date && in_quarter(*date, query.quarter)) {
                if (auto* l = line(row.text(0), "")) {
                    ++l->refusals_with_notice;
                }
            }
        }

        // Feedback: awareness and satisfaction.
        std::map<std::string, std::string> episode_team;
        for (const auto& row : sql.rows("SELECT id, team FROM episodes")) {
            episode_team[row.text(0)] = row.text(1);
        }
        for (const auto& row : sql.rows(
                 "SELECT township, body FROM resources WHERE type = 'QuestionnaireResponse'")) {
            const json response = body_of(row.text(1));
            const auto date = local_day(string_at(response, "/authored"_json_pointer), offset);
            if (!date || !in_quarter(*date, query.quarter)) {
                continue;
            }
            const std::string about = string_at(response, "/subject/reference"_json_pointer);
            std::string team;
            if (about.starts_with("EpisodeOfCare/")) {
                team = episode_team[about.substr(14)];
            }
            const auto found = teams.find(team);
            const std::string township =
                found != teams.end() ? found->second.township : row.text(0);
            std::vector<admin::CoverageFigures*> targets = {line(township, "")};
            if (found != teams.end()) {
                targets.push_back(line(township, team));
            }
            for (const auto& item : response.value("item", json::array())) {
                const auto answers = item.value("answer", json::array());
                if (answers.empty() || !answers[0].is_object()) {
                    continue;
                }
                const std::string link = item.value("linkId", "");
                for (auto* l : targets) {
                    if (l == nullptr) {
                        continue;
                    }
                    if (link == "knows-doctor" && answers[0].contains("valueBoolean")) {
                        ++l->awareness.total;
                        l->awareness.signed_count +=
                            answers[0].value("valueBoolean", false) ? 1 : 0;
                    } else if (link == "satisfaction" && answers[0].contains("valueInteger")) {
                        l->satisfaction_sum += answers[0].value("valueInteger", 0);
                        ++l->satisfaction_answers;
                    }
                }
            }
        }

        std::vector<admin::CoverageFigures> figures;
        for (const std::string& township : order) {
            for (auto it = lines.lower_bound({township, ""});
                 it != lines.end() && it->first.first == township; ++it) {
                figures.push_back(it->second);
            }
        }
        return figures;
    });
}

Result<admin::QualityInput, fhir::Refusal> quality_input(db::Database& database,
                                                         const QualityQuery& query) {
    const int offset = query.utc_offset_minutes;
    return run<admin::QualityInput>(database, db::Mode::read, [&](Sql& sql) {
        admin::QualityInput input;
        const auto teams = read_teams(sql);
        std::set<std::string> centers;
        for (const auto& [id, team] : teams) {
            centers.insert(team.center);
        }
        for (const auto& center : centers) {
            input.hours.push_back({center, query.opens_minute, query.closes_minute, 0x1F});
        }

        struct PatientInfo {
            Person person;
            bool typed = false;  // identified by a document a nurse typed in
        };
        std::map<std::string, PatientInfo> patients;
        for (const auto& row :
             sql.rows("SELECT p.id, p.system, r.body FROM patients p JOIN resources r ON "
                      "r.type = 'Patient' AND r.id = p.id")) {
            patients[row.text(0)] = {person_of(body_of(row.text(2))),
                                     row.text(1) == mapping::kOtherDocumentSystem};
        }

        // Every signing, with its signature if the hub holds one.
        std::map<std::string, admin::SigningRecord> signings;
        for (const auto& row : sql.rows(
                 "SELECT e.id, e.patient, e.team, r.body, h.updated, s.recorded, s.image "
                 "FROM episodes e JOIN resources r ON r.type = 'EpisodeOfCare' AND r.id = e.id "
                 "LEFT JOIN history h ON h.type = 'EpisodeOfCare' AND h.id = e.id AND h.version = "
                 "1 "
                 "LEFT JOIN signatures s ON s.target = 'EpisodeOfCare/' || e.id "
                 "ORDER BY e.id, s.image DESC")) {
            if (signings.contains(row.text(0))) {
                continue;  // a second signature of the same contract: the first with an image
            }
            const json episode = body_of(row.text(3));
            admin::SigningRecord s;
            s.record_id = row.text(0);
            s.resident_id = row.text(1);
            s.team_id = row.text(2);
            const auto team = teams.find(s.team_id);
            s.center_id = team != teams.end() ? team->second.center : "";
            const PatientInfo& patient = patients[s.resident_id];
            s.name = patient.person.name;
            s.phone = patient.person.phone;

            const json* channel_ext = extension(episode, mapping::kExtChannel);
            const std::string channel =
                channel_ext != nullptr ? channel_ext->value("valueCode", "") : "";
            const json* back_fill = extension(episode, mapping::kExtBackFill);
            const bool has_image = !row.is_null(6) && row.integer(6) == 1;
            std::optional<LocalTime> when;
            if (back_fill != nullptr || channel == "import") {
                s.evidence = admin::Evidence::Backfill;
            } else if (channel == "nurse-assisted" || patient.typed) {
                s.evidence = admin::Evidence::ManualEntry;
            } else if ((channel.empty() || channel == "kiosk" || channel == "on-site-event") &&
                       has_image) {
                s.evidence = admin::Evidence::CardAndSignature;
            } else {
                s.evidence = admin::Evidence::Other;
            }
            if (back_fill != nullptr) {
                for (const auto& part : back_fill->value("extension", json::array())) {
                    if (part.value("url", "") == "signed-on") {
                        if (auto day = domain::parse_iso_date(part.value("valueDate", ""))) {
                            when = LocalTime{*day, 0};
                        }
                    }
                }
            }
            if (!when && !row.is_null(5)) {
                when = local_time(row.text(5), offset);
            }
            if (!when) {
                when = local_time(row.text(4), offset);
            }
            if (!when) {
                continue;
            }
            s.local_date = when->date;
            s.local_minute = when->minute;
            if (query.quarter && !in_quarter(s.local_date, *query.quarter)) {
                continue;
            }
            signings.emplace(s.record_id, std::move(s));
        }
        for (auto& [id, s] : signings) {
            input.signings.push_back(std::move(s));
        }

        // "Do you know your family doctor?" answers, with who answered.
        std::map<std::string, std::pair<std::string, std::string>> episodes;  // id → patient, team
        for (const auto& row : sql.rows("SELECT id, patient, team FROM episodes")) {
            episodes[row.text(0)] = {row.text(1), row.text(2)};
        }
        for (const auto& row : sql.rows("SELECT id, body FROM resources WHERE type = "
                                        "'QuestionnaireResponse' ORDER BY id")) {
            const json response = body_of(row.text(1));
            if (query.quarter) {
                const auto date = local_day(string_at(response, "/authored"_json_pointer), offset);
                if (!date || !in_quarter(*date, *query.quarter)) {
                    continue;
                }
            }
            std::optional<bool> knows;
            for (const auto& item : response.value("item", json::array())) {
                const auto answers = item.value("answer", json::array());
                if (item.value("linkId", "") == "knows-doctor" && !answers.empty() &&
                    answers[0].is_object() && answers[0].contains("valueBoolean")) {
                    knows = answers[0].value("valueBoolean", false);
                }
            }
            if (!knows) {
                continue;
            }
            admin::AwarenessAnswer answer;
            answer.record_id = row.text(0);
            answer.knows_doctor = *knows;
            const std::string about = string_at(response, "/subject/reference"_json_pointer);
            if (about.starts_with("EpisodeOfCare/")) {
                const auto found = episodes.find(about.substr(14));
                if (found != episodes.end()) {
                    answer.resident_id = found->second.first;
                    answer.team_id = found->second.second;
                }
            } else if (about.starts_with("Consent/")) {
                if (auto consent =
                        sql.row("SELECT body FROM resources WHERE type = 'Consent' AND id = $1",
                                {about.substr(8)})) {
                    const json body = body_of(consent->text(0));
                    answer.resident_id =
                        fhir::reference_id(
                            body.is_object() ? body.value("patient", json()) : json(), "Patient")
                            .value_or("");
                }
            }
            const auto patient = patients.find(answer.resident_id);
            if (patient != patients.end()) {
                answer.name = patient->second.person.name;
                answer.phone = patient->second.person.phone;
            }
            input.awareness.push_back(std::move(answer));
        }
        return input;
    });
}

Result<std::vector<admin::LedgerRecord>, fhir::Refusal> ledger_records(db::Database& database,
                                                                       const std::string& kiosk,
                                                                       domain::Date day,
                                                                       int utc_offset_minutes) {
    return run<std::vector<admin::LedgerRecord>>(database, db::Mode::read, [&](Sql& sql) {
        std::vector<admin::LedgerRecord> records;
        std::set<std::string> seen;
        for (const auto& row : sql.rows(
                 "SELECT e.id, r.body, h.updated, s.recorded FROM episodes e "
                 "JOIN history h ON h.type = 'EpisodeOfCare' AND h.id = e.id AND h.version = 1 "
                 "JOIN resources r ON r.type = 'EpisodeOfCare' AND r.id = e.id "
                 "LEFT JOIN signatures s ON s.target = 'EpisodeOfCare/' || e.id "
                 "WHERE h.kiosk = $1 ORDER BY e.id",
                 {kiosk})) {
            // The kiosk dates a record by its creation, just after the signature.
            const auto made =
                local_time(row.is_null(3) ? row.text(2) : row.text(3), utc_offset_minutes);
            if (!made || made->date != day || !seen.insert(row.text(0)).second) {
                continue;
            }
            const json body = body_of(row.text(1));
            auto parsed = mapping::parse_episode_of_care(body);
            admin::LedgerRecord record;
            record.kind = admin::LedgerRecord::Kind::Contract;
            record.id = row.text(0);
            if (parsed) {
                const domain::Contract& c = parsed.value().contract;
                record.type = domain::code(c.type);
                record.status = domain::code(c.status);
                // The hub finishes a contract a renewal or switch supersedes
                // without touching the kiosk's status extension.
                if (body.value("status", "") == "finished" &&
                    c.status == domain::ContractStatus::Active) {
                    record.status = domain::code(domain::ContractStatus::Superseded);
                }
                record.team_id = c.team_id;
                record.start = c.start;
                record.end = c.end;
                record.total_fen = c.fees.total().fen;
            } else {
                // Not the kiosk's mapping: what the hub can say; it will differ.
                record.type = "unreadable";
            }
            records.push_back(std::move(record));
        }
        for (const auto& row : sql.rows(
                 "SELECT r.id, r.body FROM resources r JOIN history h ON h.type = 'Consent' AND "
                 "h.id = r.id AND h.version = 1 WHERE r.type = 'Consent' AND h.kiosk = $1 "
                 "ORDER BY r.id",
                 {kiosk})) {
            auto opt_out = mapping::parse_opt_out_consent(body_of(row.text(1)));
            if (!opt_out || opt_out.value().date != day) {
                continue;  // a privacy consent, or another day's
            }
            admin::LedgerRecord record;
            record.kind = admin::LedgerRecord::Kind::OptOut;
            record.id = row.text(0);
            record.date = opt_out.value().date;
            record.notice_version = opt_out.value().notice_version;
            records.push_back(std::move(record));
        }
        return records;
    });
}

}  // namespace jiayi::hub::store
