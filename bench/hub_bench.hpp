#pragma once
// What hub_bench's two files share: hub_bench.cpp (the hub over HTTP, and
// main) and pgbench_rows.cpp (pgbench on the same cluster, the ceiling and
// the floor beside the hub's rows).

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/instant.hpp"
#include "hub/db/database.hpp"
#include "support/postgres.hpp"

namespace jiayi::bench::hub_bench {

struct Options {
    double seconds = 10;
    std::vector<int> clients = {16, 64};
    std::vector<std::string> backends = {"sqlite", "postgresql"};
    int connections = 8;
    int threads = 0;
    int token_cache_seconds = 5;
    std::size_t signature_bytes = 16384;
    int slots = 40000;
    std::string perf;
    bool pgbench = true;
    // The hub and pgbench reach PostgreSQL over its Unix socket, not TCP on
    // 127.0.0.1: a district running both on one host (hub/README.md).
    bool socket = false;
    // Print the pgbench script of a signing's SQL in this many round trips (8
    // or 1) and exit; 0: run.
    int sql_script = 0;
};

constexpr int kTownships = 8;
constexpr int kTeamsPerTownship = 4;

// "500114-01" for township 0: the benchmark's kTownships townships.
std::string township(int t);

struct Kiosk {
    std::string id;
    int township = 0;
    std::string token;
};

// The signature image as the Bundle carries it: base64, made once. The
// clients share the machine with the hub and PostgreSQL, so what they spend
// is taken from what is measured: each Bundle is built with a 15-byte
// stand-in image and the stand-in's base64 is then replaced by this text.
// The body is byte for byte what kiosk/fhir builds with the whole image
// (checked before the runs: same_as_built()), without encoding and dumping
// 16 KiB per request (~0.5 ms of the clients' CPU per signing).
struct Signature {
    std::vector<std::uint8_t> png;
    std::string base64;
};

// A signing: kiosk/fhir's Bundle for resident `n` (a new one each time),
// signed on `kiosk`, with `signature` as its image.
std::string signing_body(std::uint64_t n, const Kiosk& kiosk, const Signature& signature);
// An incompressible-ish image of `bytes` and its base64.
Signature make_signature(std::size_t bytes);

// The schema and the teams: kTownships × kTeamsPerTownship teams named
// team-T-K, each in township(T), with room for every signing of a run.
void import_teams(hub::db::Database& database, Instant now);

struct Figures {
    std::size_t done = 0;
    std::size_t refused = 0;
    double seconds = 0;
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
    double hub_cpu_ms = 0, pg_cpu_ms = 0, bench_cpu_ms = 0, machine_busy_cores = 0;
    std::uint64_t statements = 0;
};

// Busy and total ticks of the whole machine (/proc/stat's first line).
std::pair<unsigned long long, unsigned long long> machine_ticks();
// One row of the table hub_bench prints.
void print_row(const std::string& backend, const std::string& work, int clients, const Figures& f);

// The statements of a signing on PostgreSQL, BEGIN and COMMIT counted: what
// signing_script sends, and what the hub's rows show ("stmts/req"); the
// hub's rows say so when they no longer agree.
constexpr int kSigningStatements = 11;

// pgbench_rows.cpp: pgbench -N, then a signing's SQL without the hub.
void run_pgbench(test::TempPostgres& server, pid_t postmaster, const Options& options);
// The pgbench script of a signing's SQL in `round_trips` (8 or 1) round trips.
std::string signing_script(int round_trips);
// Its -D variables (name, value).
std::vector<std::pair<std::string, std::string>> signing_variables(const Signature& signature);

}  // namespace jiayi::bench::hub_bench
