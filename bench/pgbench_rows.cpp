// pgbench on hub_bench's cluster, in the same run as the hub's rows:
// PostgreSQL's own pgbench -N (the ceiling), then the hub's SQL for a
// signing with no hub (the floor). bench/README.md, hub_bench.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "hub_bench.hpp"
#include "proc_cpu.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::bench::hub_bench {

namespace {

using nlohmann::json;

// One pgbench run (`command` logs each transaction's latency under `prefix`):
// its figures, with the CPU PostgreSQL and pgbench spent; nullopt when
// pgbench failed (what it said is on stderr).
std::optional<Figures> pgbench_figures(const std::string& command,
                                       const std::filesystem::path& logs, const std::string& prefix,
                                       pid_t postmaster) {
    const int children0 = postgres_children(postmaster);
    const auto pg0 = postgres_cpu(postmaster);
    rusage client0{};
    getrusage(RUSAGE_CHILDREN, &client0);
    const auto machine0 = machine_ticks();
    FILE* out = popen(command.c_str(), "r");
    double tps = 0;
    char line[512];
    while (out != nullptr && std::fgets(line, sizeof line, out) != nullptr) {
        if (std::sscanf(line, "tps = %lf", &tps) != 1 && std::strstr(line, "error") != nullptr) {
            std::fprintf(stderr, "pgbench: %s", line);
        }
    }
    const int status = out != nullptr ? pclose(out) : -1;
    const auto machine1 = machine_ticks();
    if (status != 0) {
        std::fprintf(stderr, "pgbench failed (status %d): %s\n", status, prefix.c_str());
        return std::nullopt;
    }
    // pgbench's backends exit after it does: what they spend exiting counts
    // once the postmaster reaps them (until then /proc shows them). At most
    // 5 s: an autovacuum worker may have started meanwhile.
    for (int i = 0; i < 500 && postgres_children(postmaster) > children0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    rusage client1{};
    getrusage(RUSAGE_CHILDREN, &client1);
    const auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0;
    };
    std::vector<double> all;
    for (const auto& entry : std::filesystem::directory_iterator(logs)) {
        if (entry.path().filename().string().starts_with(prefix + ".")) {
            std::ifstream in(entry.path());
            long long client = 0, transaction = 0, micros = 0;
            std::string rest;
            while (in >> client >> transaction >> micros && std::getline(in, rest)) {
                all.push_back(static_cast<double>(micros) / 1000.0);
            }
        }
    }
    std::sort(all.begin(), all.end());
    Figures f;
    f.done = all.size();
    f.seconds = static_cast<double>(all.size()) / std::max(tps, 1.0);
    if (!all.empty()) {
        f.p50 = all[all.size() / 2];
        f.p90 = all[all.size() * 9 / 10];
        f.p99 = all[all.size() * 99 / 100];
        f.max = all.back();
    }
    f.pg_cpu_ms = ticks_to_ms(postgres_cpu(postmaster) - pg0);
    f.bench_cpu_ms =
        ms(client1.ru_utime) + ms(client1.ru_stime) - ms(client0.ru_utime) - ms(client0.ru_stime);
    f.machine_busy_cores = static_cast<double>(machine1.first - machine0.first) /
                           static_cast<double>(machine1.second - machine0.second) *
                           static_cast<double>(std::thread::hardware_concurrency());
    return f;
}

// A text as one argument of the shell command popen() runs.
std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

}  // namespace

// A signing's SQL without the hub: the statements the hub sends for one
// signing on PostgreSQL, as its statement log shows them (log_statement =
// all; hub/store/writes.cpp and rule_rows.cpp), run by `pgbench -M
// prepared` on the hub's schema. What the database alone costs per
// signing, without HTTP, JSON or the hub's own work: the floor under the
// hub's figures. `round_trips` 8
// sends them as the hub does (BEGIN with the first statement; the
// signature row, the history rows and COMMIT together); 1 sends all eleven
// in one pipeline: about what a hub sending fewer round trips could reach
// (a server-side function would also save the protocol's messages per
// statement). The four resources' bodies and the identifier system are
// pgbench variables (signing_variables, given with -D), so they go as
// parameters, as the hub sends them; the ids are built in SQL from a random
// number ('p-' || CAST(:n AS text)), a little more work than the hub's
// parameters. Written by hand beside those files: a change to a signing's
// statements there is one here (kSigningStatements: the hub's rows say so
// when the hub sends another number).
std::string signing_script(int round_trips) {
    const std::string hash = "'" + std::string(64, 'a') + "'";
    const std::string at = "'2026-12-02T02:15:38Z'";
    const std::string town = "'500114-' || lpad(CAST(:t + 1 AS text), 2, '0')";  // township()
    const std::string team = "'team-' || CAST(:t AS text) || '-' || CAST(:k AS text)";
    const auto id = [](const std::string& prefix) {
        return "'" + prefix + "' || CAST(:n AS text)";
    };
    const auto resource = [&](const std::string& type, const std::string& prefix) {
        return "('" + type + "', " + id(prefix) + ", 1, :body_" + type + ", " + hash +
               ", 'hc-bench-0', " + town + ", " + at + ")";
    };
    const auto history = [&](const std::string& type, const std::string& prefix) {
        return "('" + type + "', " + id(prefix) + ", 1, '', " + hash + ", 'hc-bench-0', " + at +
               ", 201)";
    };
    const std::string head =
        "INSERT INTO resources (type, id, version, body, hash, kiosk, township, updated) ";
    const std::string active = " AND status = 'active' AND id <> " + id("e-") + ")";
    const std::string patient = id("p-");
    std::string script = "\\set n random(1, 999999999999999)\n\\set t :client_id % " +
                         std::to_string(kTownships) + "\n\\set k random(0, " +
                         std::to_string(kTeamsPerTownship - 1) + ")\n\\startpipeline\n";
    script += "BEGIN ISOLATION LEVEL READ COMMITTED;\n";
    script += "SELECT id FROM patients WHERE system = :system AND value = " + id("v") + ";\n";
    script += round_trips == 1 ? "" : "\\endpipeline\n";
    script += head + "VALUES " + resource("Provenance", "pr-") + ", " + resource("Consent", "c-") +
              " ON CONFLICT (type, id) DO NOTHING RETURNING type, id;\n";
    script +=
        head + "VALUES " + resource("Patient", "p-") + " ON CONFLICT (type, id) DO NOTHING;\n";
    script += "INSERT INTO patients (id, system, value, township) VALUES (" + patient +
              ", :system, " + id("v") + ", " + town + ");\n";
    script += head + "SELECT 'EpisodeOfCare', " + id("e-") + ", 1, :body_EpisodeOfCare, " + hash +
              ", 'hc-bench-0', township, " + at + " FROM teams WHERE id = " + team +
              " AND township = " + town + " ON CONFLICT (type, id) DO NOTHING;\n";
    script += "UPDATE teams SET signed = signed + 1 WHERE id = " + team +
              " AND signed < capacity AND (closed = 0 OR 0 = 1) RETURNING (SELECT id FROM patients "
              "WHERE id = " +
              patient + "), (SELECT id FROM episodes WHERE patient = " + patient + active +
              ", (SELECT team FROM episodes WHERE patient = " + patient + active +
              ", (SELECT period_end FROM episodes WHERE patient = " + patient + active + ";\n";
    script +=
        "INSERT INTO episodes (id, patient, team, status, kind, period_start, period_end) "
        "VALUES (" +
        id("e-") + ", " + patient + ", " + team +
        ", 'active', 'new', '2026-12-02', '2027-12-01') ON CONFLICT (id) DO UPDATE SET "
        "patient = excluded.patient, team = excluded.team, status = excluded.status, kind = "
        "excluded.kind, period_start = excluded.period_start, period_end = "
        "excluded.period_end;\n";
    script += round_trips == 1 ? "" : "\\startpipeline\n";
    script += "INSERT INTO signatures (id, target, recorded, device, image) VALUES (" + id("pr-") +
              ", " + id("EpisodeOfCare/e-") + ", " + at +
              ", 'hc-bench-0', 1) ON CONFLICT (id) DO NOTHING;\n";
    script +=
        "INSERT INTO history (type, id, version, body, hash, kiosk, updated, status) VALUES " +
        history("Provenance", "pr-") + ", " + history("Consent", "c-") + ", " +
        history("Patient", "p-") + ", " + history("EpisodeOfCare", "e-") + ";\n";
    script += "COMMIT;\n\\endpipeline\n";
    return script;
}

// signing_script's variables: the benchmark Bundle's four resources
// (body_Patient, …) as the Bundle carries them — what the hub stores differs
// by its ids and resolved references, a few bytes — and the resident ID's
// system.
std::vector<std::pair<std::string, std::string>> signing_variables(const Signature& signature) {
    const json bundle = json::parse(signing_body(1, Kiosk{"hc-bench-0", 0, ""}, signature));
    std::vector<std::pair<std::string, std::string>> variables = {
        {"system", "urn:oid:2.16.156.10011.1.3"}};
    for (const auto& entry : bundle["entry"]) {
        variables.emplace_back("body_" + entry["resource"]["resourceType"].get<std::string>(),
                               entry["resource"].dump());
    }
    return variables;
}

// pgbench -N (its own tables, scale 10), then a signing's SQL alone
// (signing_script) on a database with the hub's schema and teams; each with
// as many clients as the hub's pool has connections, then as the hub's runs.
void run_pgbench(test::TempPostgres& server, pid_t postmaster, const Options& options) {
    const char* env = std::getenv("JIAYI_PG_BIN");
    const std::string pgbench =
        std::string(env != nullptr ? env : "/usr/lib/postgresql/15/bin") + "/pgbench";
    server.create_database("pgbench");
    test::TempDir logs;
    std::string host = "127.0.0.1";
    if (options.socket) {  // the folder of socket_url()'s host=
        const std::string url = server.socket_url();
        const auto from = url.find("host=") + 5;
        host = url.substr(from, url.find('&', from) - from);
    }
    const std::string port =
        " -h " + host + " -p " + std::to_string(server.port()) + " -U postgres";
    if (std::system((pgbench + " -i -s 10 -q" + port + " pgbench >/dev/null 2>&1").c_str()) != 0) {
        std::fprintf(stderr, "pgbench -i failed\n");
        return;
    }
    // Each run starts on a vacuumed and analysed database (untimed;
    // pgbench's own vacuum skipped with -n): the cleaning up after one row is
    // not charged to the next.
    const auto run = [&](const std::string& arguments, const std::string& name, int clients,
                         const std::string& database, int seconds) {
        const std::string prefix = name + "-" + std::to_string(clients);
        server.execute("VACUUM ANALYZE", database);
        return pgbench_figures(pgbench + " -n " + arguments + " -c " + std::to_string(clients) +
                                   " -j 2 -T " + std::to_string(seconds) + " --log --log-prefix=" +
                                   (logs / prefix).string() + port + " " + database + " 2>&1",
                               logs.path(), prefix, postmaster);
    };
    const int seconds = static_cast<int>(options.seconds);
    // The hub's pool size first: the most sessions the hub itself keeps busy.
    std::vector<int> counts = {options.connections};
    for (const int clients : options.clients) {
        if (clients != options.connections) {
            counts.push_back(clients);
        }
    }
    for (const int clients : counts) {
        server.execute("TRUNCATE pgbench_history", "pgbench");  // what pgbench's own vacuum does
        if (const auto f = run("-N", "tpcb", clients, "pgbench", seconds)) {
            print_row("pgbench", "-N", clients, *f);
        }
    }

    const std::string url = server.create_database("floor");
    {
        auto database = hub::db::open(url, {.connections = 1}).value();
        import_teams(*database, Instant{std::time(nullptr)});
    }
    std::string variables;
    for (const auto& [name, value] : signing_variables(make_signature(options.signature_bytes))) {
        variables += " -D " + shell_quoted(name + "=" + value);
    }
    for (const int round_trips : {8, 1}) {
        const auto file = logs / ("signing-" + std::to_string(round_trips) + ".sql");
        std::ofstream(file) << signing_script(round_trips);
        const std::string arguments = "-M prepared -f " + file.string() + variables;
        const std::string name = "sql" + std::to_string(round_trips);
        // Untimed, as the hub's runs begin: tables no longer empty, so the
        // plans are those of a database in use.
        (void)run(arguments, name + "-warm", counts.back(), "floor", 2);
        for (const int clients : counts) {
            if (auto f = run(arguments, name, clients, "floor", seconds)) {
                f->statements = f->done * static_cast<std::size_t>(kSigningStatements);
                print_row("pgbench", "sql " + std::to_string(round_trips) + "rt", clients, *f);
            }
        }
    }
}

}  // namespace jiayi::bench::hub_bench
