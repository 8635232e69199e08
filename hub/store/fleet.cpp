#include "hub/store/fleet.hpp"

#include <algorithm>

#include "hub/fhir/interaction.hpp"

namespace jiayi::hub::store {

using nlohmann::json;
namespace code = fhir::refusal;

namespace {

std::optional<Instant> instant_of(const db::Row& row, std::size_t column) {
    if (row.is_null(column)) {
        return std::nullopt;
    }
    return parse_iso8601(row.text(column));
}

db::Value text_or_null(const std::optional<Instant>& at) {
    if (!at) {
        return std::monostate{};
    }
    return to_iso8601(*at);
}

std::string minutes_words(std::int64_t seconds) {
    const std::int64_t minutes = seconds / 60;
    if (minutes < 120) {
        return std::to_string(minutes) + " min";
    }
    if (minutes < 48 * 60) {
        return std::to_string(minutes / 60) + " h";
    }
    return std::to_string(minutes / (24 * 60)) + " days";
}

bool reader_missing(const jiayi::fhir::Heartbeat& h) {
    for (const auto& part : h.parts) {
        if (part.part == "card-reader") {
            return part.state != "ok";
        }
    }
    return true;  // a kiosk that does not mention its reader has none
}

std::vector<KioskStatus> read_kiosks(Sql& sql) {
    std::vector<KioskStatus> out;
    for (const auto& row :
         sql.rows("SELECT k.kiosk, k.township, k.received, k.paper_out_since, r.body "
                  "FROM kiosks k JOIN resources r ON r.type = 'Device' AND r.id = k.kiosk")) {
        KioskStatus k;
        k.kiosk = row.text(0);
        k.township = row.text(1);
        k.received = parse_iso8601(row.text(2)).value_or(Instant{});
        k.paper_out_since = instant_of(row, 3);
        if (auto parsed = jiayi::fhir::parse_device(json::parse(row.text(4)))) {
            k.heartbeat = std::move(parsed).value();
        }
        out.push_back(std::move(k));
    }
    return out;
}

}  // namespace

std::string_view alert_code(AlertKind kind) {
    return kind == AlertKind::Silent ? "silent" : "out-of-paper";
}

void apply_heartbeat(Sql& sql, const std::string& caller_kiosk, const std::string& township,
                     const std::string& id, const json& device, Instant now) {
    if (id != caller_kiosk) {
        refuse(403, code::forbidden, "a kiosk updates only its own Device", "Device.id");
    }
    auto heartbeat = jiayi::fhir::parse_device(device);
    if (!heartbeat) {
        refuse(kUnprocessable, code::invalid,
               "the Device is not a heartbeat: " + heartbeat.error().problem,
               heartbeat.error().path);
    }
    const bool out_of_paper = heartbeat->paper == "out";
    const auto before =
        sql.row("SELECT paper_out_since, paper_episode FROM kiosks WHERE kiosk = $1", {id});
    std::optional<Instant> since = before ? instant_of(*before, 0) : std::nullopt;
    std::int64_t episode = before ? before->integer(1) : 0;
    if (!out_of_paper) {
        since.reset();
    } else if (!since) {
        // An episode begins with the first heartbeat that says so; numbered,
        // since two may begin within one second.
        since = now;
        ++episode;
    }
    sql.run(
        "INSERT INTO kiosks (kiosk, township, received, paper_out_since, paper_episode) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kiosk) DO UPDATE SET township = "
        "excluded.township, received = excluded.received, paper_out_since = "
        "excluded.paper_out_since, paper_episode = excluded.paper_episode",
        {id, township, to_iso8601(now), text_or_null(since), episode});
}

void assess(KioskStatus& k, const FleetRules& rules, Instant now) {
    k.problems.clear();
    const std::int64_t silent = now.unix_seconds - k.received.unix_seconds;
    k.stale = silent > std::int64_t{rules.silent_minutes} * 60;
    if (k.stale) {
        k.problems.push_back("silent for " + minutes_words(silent));
    }
    if (k.heartbeat.paper == "out") {
        k.problems.push_back(
            "out of paper" +
            (k.paper_out_since
                 ? " for " + minutes_words(now.unix_seconds - k.paper_out_since->unix_seconds)
                 : std::string()));
    }
    if (reader_missing(k.heartbeat)) {
        k.problems.push_back("card reader missing or failing");
    }
    if (k.heartbeat.oldest_queued && now.unix_seconds - k.heartbeat.oldest_queued->unix_seconds >
                                         std::int64_t{rules.queue_hours} * 3600) {
        k.problems.push_back(
            std::to_string(k.heartbeat.queued) + " records queued, the oldest " +
            minutes_words(now.unix_seconds - k.heartbeat.oldest_queued->unix_seconds) + " old");
    }
}

Result<std::vector<KioskStatus>, fhir::Refusal> kiosks(db::Database& database,
                                                       const FleetRules& rules, Instant now) {
    auto read = run<std::vector<KioskStatus>>(database, db::Mode::read, read_kiosks);
    if (!read) {
        return read;
    }
    auto list = std::move(read).value();
    for (auto& k : list) {
        assess(k, rules, now);
    }
    std::sort(list.begin(), list.end(), [](const KioskStatus& a, const KioskStatus& b) {
        const int rank_a = a.stale ? 0 : a.problems.empty() ? 2 : 1;
        const int rank_b = b.stale ? 0 : b.problems.empty() ? 2 : 1;
        if (rank_a != rank_b) {
            return rank_a < rank_b;
        }
        if (a.stale && a.received != b.received) {
            return a.received < b.received;
        }
        return a.kiosk < b.kiosk;
    });
    return list;
}

Result<std::vector<Alert>, fhir::Refusal> claim_alerts(db::Database& database,
                                                       const FleetRules& rules, Instant now) {
    return run<std::vector<Alert>>(database, db::Mode::write, [&](Sql& sql) {
        std::vector<Alert> due;
        for (const auto& row :
             sql.rows("SELECT kiosk, township, received, paper_out_since, silent_alerted, "
                      "paper_episode, paper_alerted FROM kiosks ORDER BY kiosk")) {
            const std::string kiosk = row.text(0);
            const std::string received = row.text(2);
            const auto heard = parse_iso8601(received).value_or(Instant{});
            if (now.unix_seconds - heard.unix_seconds > std::int64_t{rules.silent_minutes} * 60 &&
                (row.is_null(4) || row.text(4) != received)) {
                sql.run("UPDATE kiosks SET silent_alerted = $1 WHERE kiosk = $2",
                        {received, kiosk});
                due.push_back({kiosk, row.text(1), AlertKind::Silent, heard});
            }
            const std::int64_t episode = row.integer(5);
            if (const auto since = instant_of(row, 3);
                since && row.integer(6) != episode &&
                now.unix_seconds - since->unix_seconds >= std::int64_t{rules.paper_minutes} * 60) {
                sql.run("UPDATE kiosks SET paper_alerted = $1 WHERE kiosk = $2", {episode, kiosk});
                due.push_back({kiosk, row.text(1), AlertKind::OutOfPaper, *since});
            }
        }
        return due;
    });
}

}  // namespace jiayi::hub::store
