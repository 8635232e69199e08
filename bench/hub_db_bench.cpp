// hub/db on PostgreSQL: what preparing statements once per connection buys.
// Starts its own cluster (TempPostgres, fsync on, as the hub's benchmark
// will), then runs the same transactions with PQexecPrepared and with
// PQexecParams:
//   read   — one SELECT by key (Mode::read): round trips and parsing dominate;
//   write  — a signing's shape: a conditional UPDATE of a team, an INSERT of
//            an episode, a SELECT of the team (Mode::write, one commit).
//
//   build/ci/bench/hub_db_bench [--seconds 5] [--threads 1,16]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "hub/db/postgres_database.hpp"
#include "support/postgres.hpp"

using namespace jiayi::hub::db;
using jiayi::fail;
using jiayi::Result;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

Figures measure(Database& db, bool write, int threads, double seconds) {
    std::atomic<bool> stop = false;
    std::atomic<std::int64_t> next_episode = 0;
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            auto& mine = latencies[static_cast<std::size_t>(t)];
            const std::string team = "team-" + std::to_string(t % 50);
            while (!stop.load()) {
                const auto start = Clock::now();
                auto done = db.transact(
                    write ? Mode::write : Mode::read,
                    [&](Transaction& tx) -> Result<Finish, Error> {
                        if (!write) {
                            auto read = tx.query("SELECT signed, capacity FROM teams WHERE id = $1",
                                                 {team});
                            if (!read) {
                                return fail(read.error());
                            }
                            return Finish::commit;
                        }
                        auto place = tx.execute(
                            "UPDATE teams SET signed = signed + 1 WHERE id = $1 AND signed < "
                            "capacity",
                            {team});
                        if (!place) {
                            return fail(place.error());
                        }
                        auto episode = tx.execute(
                            "INSERT INTO episodes (id, patient, team, status, start) VALUES ($1, "
                            "$2, $3, 'active', $4)",
                            {next_episode.fetch_add(1),
                             "patient-" + std::to_string(next_episode.load()), team,
                             "2026-11-30T08:00:00Z"});
                        if (!episode) {
                            return fail(episode.error());
                        }
                        auto read = tx.query("SELECT signed FROM teams WHERE id = $1", {team});
                        if (!read) {
                            return fail(read.error());
                        }
                        return Finish::commit;
                    });
                if (!done) {
                    std::fprintf(stderr, "transaction failed: %s\n", done.error().message.c_str());
                    std::exit(1);
                }
                mine.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // the measuring window
    stop = true;
    for (auto& worker : workers) {
        worker.join();
    }
    std::vector<double> all;
    for (auto& some : latencies) {
        all.insert(all.end(), some.begin(), some.end());
    }
    std::sort(all.begin(), all.end());
    Figures figures;
    figures.per_second = static_cast<double>(all.size()) / seconds;
    figures.p50_ms = all[all.size() / 2];
    figures.p99_ms = all[all.size() * 99 / 100];
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 5;
    std::vector<int> thread_counts = {1, 16};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--seconds") {
            seconds = std::atof(argv[i + 1]);
        } else if (flag == "--threads") {
            thread_counts.clear();
            for (const char* p = argv[i + 1]; *p != '\0';) {
                char* end = nullptr;
                thread_counts.push_back(static_cast<int>(std::strtol(p, &end, 10)));
                p = *end == ',' ? end + 1 : end;
            }
        }
    }
    jiayi::test::TempPostgres server({.fsync = true});
    const std::string url = server.create_database("bench");
    std::printf("hub_db_bench: PostgreSQL on 127.0.0.1, fsync on, %.0f s per run, %u cores\n",
                seconds, std::thread::hardware_concurrency());
    std::printf("%-6s %-8s %-11s %12s %9s %9s\n", "work", "threads", "statements", "per second",
                "p50 ms", "p99 ms");
    for (const bool write : {false, true}) {
        for (const int threads : thread_counts) {
            for (const bool prepare : {true, false}) {
                auto db = open_postgres(url, {.connections = std::min(threads, 16)},
                                        {.prepare_statements = prepare})
                              .value();
                (void)db->execute_script(
                    "DROP TABLE IF EXISTS teams, episodes;"
                    "CREATE TABLE teams (id TEXT PRIMARY KEY, signed BIGINT NOT NULL, capacity "
                    "BIGINT NOT NULL);"
                    "INSERT INTO teams SELECT 'team-' || g, 0, 1000000000 FROM generate_series(0, "
                    "49) g;"
                    "CREATE TABLE episodes (id BIGINT PRIMARY KEY, patient TEXT NOT NULL, team "
                    "TEXT NOT NULL,"
                    " status TEXT NOT NULL, start TEXT NOT NULL);"
                    "CREATE UNIQUE INDEX episodes_one_active ON episodes (patient) WHERE status = "
                    "'active';");
                const Figures f = measure(*db, write, threads, seconds);
                std::printf("%-6s %-8d %-11s %12.0f %9.2f %9.2f\n", write ? "write" : "read",
                            threads, prepare ? "prepared" : "unprepared", f.per_second, f.p50_ms,
                            f.p99_ms);
            }
        }
    }
}
