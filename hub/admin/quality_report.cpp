#include "hub/admin/quality_report.hpp"

#include <map>
#include <set>

#include "kiosk/domain/mask.hpp"
#include "kiosk/domain/phone.hpp"

namespace jiayi::hub::admin {

std::string_view code(Evidence evidence) {
    switch (evidence) {
        case Evidence::CardAndSignature:
            return "card-and-signature";
        case Evidence::ManualEntry:
            return "manual-entry";
        case Evidence::Backfill:
            return "backfill";
        case Evidence::Other:
            return "other";
    }
    return "other";
}

std::string mask_phone_tail(std::string_view digits) {
    if (digits.size() <= 4) {
        return std::string(digits.size(), '*');
    }
    return std::string(digits.size() - 4, '*') + std::string(digits.substr(digits.size() - 4));
}

int weekday(domain::Date date) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    const std::int64_t d = (domain::to_days(date) + 3) % 7;
    return static_cast<int>(d < 0 ? d + 7 : d);
}

namespace {

std::string clock(int minute) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : std::string(sep)) + item;
    }
    return out;
}

Table evidence_table(const QualityInput& input) {
    Table t;
    t.title = "How signings were evidenced, per team";
    t.columns = {{"team", "team"},
                 {"signings", "signings", Align::Right},
                 {"card_and_signature", "card + signature", Align::Right},
                 {"card_and_signature_rate", "%", Align::Right},
                 {"manual_entry", "manual entry", Align::Right},
                 {"manual_entry_rate", "%", Align::Right},
                 {"backfill", "back-fill", Align::Right},
                 {"backfill_rate", "%", Align::Right},
                 {"other", "other", Align::Right}};
    std::map<std::string, std::map<Evidence, std::int64_t>> per_team;
    for (const auto& s : input.signings) {
        ++per_team[s.team_id][s.evidence];
    }
    for (auto& [team, counts] : per_team) {
        std::int64_t total = 0;
        for (auto [e, n] : counts) {
            total += n;
        }
        t.rows.push_back({Cell::of(team), Cell::count(total),
                          Cell::count(counts[Evidence::CardAndSignature]),
                          percent_cell(counts[Evidence::CardAndSignature], total),
                          Cell::count(counts[Evidence::ManualEntry]),
                          percent_cell(counts[Evidence::ManualEntry], total),
                          Cell::count(counts[Evidence::Backfill]),
                          percent_cell(counts[Evidence::Backfill], total),
                          Cell::count(counts[Evidence::Other])});
    }
    return t;
}

Table shared_phone_table(const QualityInput& input, const domain::PhoneRules& rules) {
    Table t;
    t.title = "Phone numbers shared by " + std::to_string(rules.shared_number_threshold) +
              " or more residents (district-wide)";
    t.columns = {{"phone", "phone"},
                 {"residents", "residents", Align::Right},
                 {"teams", "teams"},
                 {"records", "records"},
                 {"names", "names"}};
    struct Use {
        std::map<std::string, std::string> residents;  // resident id → name
        std::set<std::string> teams;
        std::vector<std::string> records;
    };
    std::map<std::string, Use> by_phone;
    for (const auto& s : input.signings) {
        if (s.phone.empty()) {
            continue;
        }
        Use& use = by_phone[s.phone];
        use.residents.emplace(s.resident_id, s.name);
        use.teams.insert(s.team_id);
        use.records.push_back(s.record_id);
    }
    for (const auto& [phone, use] : by_phone) {
        const int residents = static_cast<int>(use.residents.size());
        if (!domain::is_shared_number(residents, rules)) {
            continue;
        }
        std::vector<std::string> names;
        for (const auto& [id, name] : use.residents) {
            names.push_back(domain::mask_name(name));
        }
        t.rows.push_back({Cell::of(mask_phone_tail(phone)), Cell::count(residents),
                          Cell::of(joined({use.teams.begin(), use.teams.end()}, " ")),
                          Cell::of(joined(use.records, " ")), Cell::of(joined(names, " "))});
    }
    t.notes.push_back(
        "a number many residents share is often a staff member's own: call the "
        "residents behind the records to correct it");
    return t;
}

Table outside_hours_table(const QualityInput& input) {
    Table t;
    t.title = "Signings outside the health center's hours";
    t.columns = {{"team", "team"}, {"record", "record"}, {"date", "date"},
                 {"time", "time"}, {"name", "name"},     {"phone", "phone"}};
    std::map<std::string, const CenterHours*> hours;
    for (const auto& h : input.hours) {
        hours[h.center_id] = &h;
    }
    std::set<std::string> without_hours;
    for (const auto& s : input.signings) {
        if (s.evidence == Evidence::Backfill) {
            continue;  // its time is when it was typed in, not when it was signed
        }
        auto it = hours.find(s.center_id);
        if (it == hours.end()) {
            without_hours.insert(s.center_id);
            continue;
        }
        const CenterHours& h = *it->second;
        const bool open_day = (h.weekdays >> weekday(s.local_date)) & 1u;
        const bool open =
            open_day && s.local_minute >= h.opens_minute && s.local_minute < h.closes_minute;
        if (!open) {
            t.rows.push_back({Cell::of(s.team_id), Cell::of(s.record_id),
                              Cell::of(domain::to_iso(s.local_date)),
                              Cell::of(clock(s.local_minute)), Cell::of(domain::mask_name(s.name)),
                              Cell::of(mask_phone_tail(s.phone))});
        }
    }
    if (!without_hours.empty()) {
        t.notes.push_back("no hours on file for center(s): " +
                          joined({without_hours.begin(), without_hours.end()}, " ") +
                          " (their signings are not checked)");
    }
    return t;
}

void awareness_tables(const QualityInput& input, Table& summary, Table& unaware) {
    summary.title = "Awareness: \"do you know who your family doctor is?\", per team";
    summary.columns = {{"team", "team"},
                       {"answers", "answers", Align::Right},
                       {"yes", "yes", Align::Right},
                       {"awareness_rate", "awareness %", Align::Right}};
    unaware.title = "Residents who do not know their family doctor (call back)";
    unaware.columns = {{"team", "team"},
                       {"record", "record"},
                       {"resident", "resident"},
                       {"name", "name"},
                       {"phone", "phone"}};
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_team;
    for (const auto& a : input.awareness) {
        auto& [answers, yes] = per_team[a.team_id];
        ++answers;
        yes += a.knows_doctor ? 1 : 0;
        if (!a.knows_doctor) {
            unaware.rows.push_back({Cell::of(a.team_id), Cell::of(a.record_id),
                                    Cell::of(a.resident_id), Cell::of(domain::mask_name(a.name)),
                                    Cell::of(mask_phone_tail(a.phone))});
        }
    }
    for (const auto& [team, counts] : per_team) {
        summary.rows.push_back({Cell::of(team), Cell::count(counts.first),
                                Cell::count(counts.second),
                                percent_cell(counts.second, counts.first)});
    }
}

}  // namespace

QualityReport quality_report(const QualityInput& input, const domain::PhoneRules& phone_rules) {
    QualityReport report;
    report.evidence = evidence_table(input);
    report.shared_phones = shared_phone_table(input, phone_rules);
    report.outside_hours = outside_hours_table(input);
    awareness_tables(input, report.awareness, report.unaware);
    return report;
}

std::string to_text(const QualityReport& report) {
    std::string out;
    for (const Table* t : report.tables()) {
        out += (out.empty() ? "" : "\n") + to_text(*t);
    }
    return out;
}

nlohmann::json to_json(const QualityReport& report) {
    return {{"evidence", to_json(report.evidence)},
            {"shared_phones", to_json(report.shared_phones)},
            {"outside_hours", to_json(report.outside_hours)},
            {"awareness", to_json(report.awareness)},
            {"unaware", to_json(report.unaware)}};
}

}  // namespace jiayi::hub::admin
