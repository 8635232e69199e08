// The hub over HTTP: signings and bookings per second, p50/p99 latency, with
// 16 and 64 keep-alive clients (one httplib::Client per thread), on SQLite
// and on PostgreSQL; then PostgreSQL's own `pgbench -N` on the same cluster,
// in the same run, as the ceiling; then the hub's own SQL for a signing run
// by pgbench with no hub at all (signing_script): the floor under the hub.
//
// The hub runs in a process of its own, forked from this one before any
// thread starts: a real hub::http::Server with the real HubService over
// hub/db, plain HTTP on 127.0.0.1 — what `jiayi-hub serve` composes — so its
// CPU time (and a `perf record -p`) is the hub's alone, apart from the
// clients'. PostgreSQL is the tests' TempPostgres with fsync on; SQLite is a
// file in a temporary folder (WAL, synchronous=FULL).
//
// A signing is the kiosk's Bundle (kiosk/fhir signing_bundle: conditional
// Patient, EpisodeOfCare, Provenance with the signature PNG, Consent), a new
// resident each time. A booking is kiosk/fhir's booking Bundle (Slot busy
// with If-Match, ServiceRequest, Appointment) for a resident signed before
// (untimed), a slot of its own each time.
//
//   build/ci/bench/hub_bench [--seconds 10] [--clients 16,64]
//       [--backends sqlite,postgresql] [--connections 8] [--threads N]
//       [--signature-bytes 16384] [--token-cache-seconds 5] [--perf FILE] [--no-pgbench]
//       [--socket] [--sql-script 8|1]
//
// --socket: the hub and pgbench reach PostgreSQL over its Unix socket rather
// than TCP on 127.0.0.1 (the default): both on one host.
// --connections is the hub's pool (config/hub.toml [database] connections);
// --threads the server's workers (default: the most clients + 8, since
// httplib 0.11 holds a worker per kept-alive connection). --perf records the
// hub process (perf record -g) during PostgreSQL signings at the most clients.
// --token-cache-seconds is [server] token_cache_seconds (0: every request's
// token checked in the database). "stmts/req" counts the statements the hub
// sent per request, BEGIN and COMMIT included (CountingDatabase).
// --backends "" runs pgbench alone; --sql-script prints the pgbench script
// of a signing's SQL (in 8 round trips or 1) and exits.
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "hub/db/database.hpp"
#include "hub/http/server.hpp"
#include "hub/http/stop_signals.hpp"
#include "hub/store/hub_service.hpp"
#include "hub/store/imports.hpp"
#include "hub/store/schema.hpp"
#include "hub/store/tokens.hpp"
#include "kiosk/fhir/booking.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/provenance.hpp"
#include "proc_cpu.hpp"
#include "support/fhir_samples.hpp"
#include "support/people.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

namespace {

using nlohmann::json;
using namespace jiayi;
using namespace jiayi::bench;
using Clock = std::chrono::steady_clock;

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

std::string township(int t) {
    char text[32];
    std::snprintf(text, sizeof text, "500114-%02d", t + 1);
    return text;
}

std::string uuid(std::uint32_t kind, std::uint64_t n) {
    char text[40];
    std::snprintf(text, sizeof text, "%08x-0000-4000-8000-%012llx", kind,
                  static_cast<unsigned long long>(n));
    return text;
}

// Busy and total ticks of the whole machine (/proc/stat's first line).
std::pair<unsigned long long, unsigned long long> machine_ticks() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                       steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    const unsigned long long busy = user + nice + system + irq + softirq + steal;
    return {busy, busy + idle + iowait};
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// ---- statements counted in the hub --------------------------------------------

// Statements the hub sent, counted where it sends them: each query/execute,
// plus BEGIN and COMMIT/ROLLBACK per transaction run (a retried one counts
// again). Shared with the parent through an anonymous shared mapping made
// before the fork.
std::atomic<std::uint64_t>* statements = nullptr;

class CountingTransaction final : public hub::db::Transaction {
  public:
    explicit CountingTransaction(hub::db::Transaction& inner) : inner_(inner) {}
    Result<std::vector<hub::db::Row>, hub::db::Error> query(
        std::string_view sql, std::span<const hub::db::Value> params) override {
        statements->fetch_add(1, std::memory_order_relaxed);
        return inner_.query(sql, params);
    }
    Result<std::int64_t, hub::db::Error> execute(std::string_view sql,
                                                 std::span<const hub::db::Value> params) override {
        statements->fetch_add(1, std::memory_order_relaxed);
        return inner_.execute(sql, params);
    }
    void execute_at_commit(std::string sql, std::vector<hub::db::Value> params) override {
        statements->fetch_add(1, std::memory_order_relaxed);
        inner_.execute_at_commit(std::move(sql), std::move(params));
    }

  private:
    hub::db::Transaction& inner_;
};

class CountingDatabase final : public hub::db::Database {
  public:
    explicit CountingDatabase(hub::db::Database& inner) : inner_(inner) {}
    hub::db::Engine engine() const override { return inner_.engine(); }
    Result<hub::db::Finish, hub::db::Error> transact(
        hub::db::Mode mode,
        const std::function<Result<hub::db::Finish, hub::db::Error>(hub::db::Transaction&)>& work)
        override {
        return inner_.transact(mode, [&](hub::db::Transaction& tx) {
            statements->fetch_add(2, std::memory_order_relaxed);  // BEGIN, COMMIT or ROLLBACK
            CountingTransaction counted(tx);
            return work(counted);
        });
    }
    Result<void, hub::db::Error> execute_script(std::string_view sql) override {
        return inner_.execute_script(sql);
    }

  private:
    hub::db::Database& inner_;
};

// ---- the hub's process -------------------------------------------------------

struct HubProcess {
    pid_t pid = -1;
    int port = 0;
};

// Forks the hub: the database opened in the child, the server bound on
// 127.0.0.1:0, its port written back through a pipe; stopped by SIGTERM.
HubProcess start_hub(const std::string& url, const Options& options, int threads) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        std::perror("pipe");
        std::exit(1);
    }
    const pid_t pid = fork();
    if (pid == 0) {
        close(pipe_fds[0]);
        hub::http::StopSignals signals;  // before any thread starts
        auto opened = hub::db::open(url, {.connections = options.connections});
        if (!opened) {
            std::fprintf(stderr, "hub: %s\n", opened.error().message.c_str());
            _exit(1);
        }
        CountingDatabase database(*opened.value());
        hub::store::HubService service(database, {}, [] { return Instant{std::time(nullptr)}; });
        hub::store::TokenCache tokens(database, std::chrono::seconds(options.token_cache_seconds));
        auto authenticate = [&tokens](std::string_view token) -> std::optional<hub::fhir::Caller> {
            auto found = tokens.authenticate(token);
            return found ? found.value() : std::nullopt;
        };
        hub::http::ServerOptions server_options;
        server_options.address = "127.0.0.1";
        server_options.port = 0;
        server_options.plain_http_on_loopback = true;
        server_options.threads = threads;
        server_options.keep_alive_seconds = 60;
        server_options.keep_alive_requests = 1'000'000;
        server_options.access_log = [](const hub::http::AccessLogLine&) {};
        hub::http::Server server(service, authenticate, server_options);
        auto bound = server.bind();
        if (!bound) {
            std::fprintf(stderr, "hub: %s\n", bound.error().c_str());
            _exit(1);
        }
        const int port = bound.value();
        if (write(pipe_fds[1], &port, sizeof port) != sizeof port) {
            _exit(1);
        }
        close(pipe_fds[1]);
        (void)signals.serve(server);
        _exit(0);  // not the parent's destructors (its TempPostgres)
    }
    close(pipe_fds[1]);
    HubProcess hub{pid, 0};
    if (read(pipe_fds[0], &hub.port, sizeof hub.port) != sizeof hub.port) {
        std::fprintf(stderr, "hub_bench: the hub did not start\n");
        std::exit(1);
    }
    close(pipe_fds[0]);
    return hub;
}

void stop_hub(const HubProcess& hub) {
    kill(hub.pid, SIGTERM);
    int status = 0;
    waitpid(hub.pid, &status, 0);
}

// ---- the requests ----------------------------------------------------------------

struct Kiosk {
    std::string id;
    int township = 0;
    std::string token;
};

struct Signed {
    std::string patient;  // the hub's Patient id
};

domain::Date today() {
    return domain::local_date(Instant{std::time(nullptr)}, 8 * 60);
}

std::string resident_number(std::uint64_t n) {
    const domain::Date birth =
        domain::add_days(domain::Date{1940, 1, 1}, static_cast<std::int64_t>(n / 999));
    std::string digits = domain::to_iso(birth);
    digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
    char sequence[24];
    std::snprintf(sequence, sizeof sequence, "%03llu",
                  static_cast<unsigned long long>(n % 999 + 1));
    return test::make_id("500114", digits, sequence);
}

std::string signing_body(std::uint64_t n, const Kiosk& kiosk,
                         const std::vector<std::uint8_t>& png) {
    namespace samples = test::fhir_samples;
    const domain::Date day = today();
    fhir::SigningSubmission s;
    s.resident = {uuid(0x6f1c1b0e, n), test::document_of(resident_number(n), day), "测试甲",
                  "13800000001", "测试省测试市某路 1 号"};
    s.episode.contract =
        samples::contract(uuid(0x0a7e5c2a, n), s.resident, domain::ContractType::New);
    s.episode.contract.team_id =
        "team-" + std::to_string(kiosk.township) + "-" + std::to_string(n % kTeamsPerTownship);
    s.episode.contract.start = day;
    s.episode.contract.end = domain::add_days(day, 364);
    s.signature = samples::signature(uuid(0x0a7e5c2b, n));
    s.signature->png = png;
    s.signature->kiosk_id = kiosk.id;
    s.privacy_consent = fhir::PrivacyConsent{uuid(0x0a7e5c2c, n), day, "privacy-2025-1"};
    return fhir::signing_bundle(s).dump();
}

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
const std::vector<std::uint8_t> kStandIn = {'J', 'I', 'A', 'Y', 'I', '-', 'B', 'E',
                                            'N', 'C', 'H', '-', 'P', 'N', 'G'};

std::string signing_body(std::uint64_t n, const Kiosk& kiosk, const Signature& signature) {
    std::string body = signing_body(n, kiosk, kStandIn);
    const std::string stand_in = fhir::to_base64(kStandIn);
    const auto at = body.find(stand_in);
    body.replace(at, stand_in.size(), signature.base64);
    return body;
}

bool same_as_built(const Kiosk& kiosk, const Signature& signature) {
    return signing_body(7, kiosk, signature) == signing_body(7, kiosk, signature.png);
}

std::string booking_body(std::uint64_t n, const std::string& patient, json slot) {
    const std::string slot_id = slot["id"];
    slot["status"] = "busy";
    fhir::BundleEntry slot_entry = fhir::put(slot);
    slot_entry.if_match = "W/\"1\"";
    const Instant start = parse_iso8601(slot["start"].get<std::string>()).value();
    const Instant end = parse_iso8601(slot["end"].get<std::string>()).value();
    const Instant now{std::time(nullptr)};
    const fhir::Referral referral{uuid(0x0b00c001, n), "team-0-0", "hosp-bench-1", now};
    const fhir::Booking booking{uuid(0x0b00c002, n),
                                slot_id,
                                "dept-bench",
                                referral.id,
                                start,
                                end,
                                now,
                                fhir::AppointmentStatus::Booked};
    const std::string reference = "Patient/" + patient;
    return fhir::transaction({std::move(slot_entry),
                              fhir::put(fhir::to_service_request(referral, reference)),
                              fhir::put(fhir::to_appointment(booking, reference))})
        .dump();
}

// ---- a timed phase -----------------------------------------------------------------

struct Figures {
    std::size_t done = 0;
    std::size_t refused = 0;
    double seconds = 0;
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
    double hub_cpu_ms = 0, pg_cpu_ms = 0, bench_cpu_ms = 0, machine_busy_cores = 0;
    std::uint64_t statements = 0;
};

// Each client: its own keep-alive connection, requests back to back. `make`
// builds request i (nullopt: no work left); the latency is the POST alone.
using Make = std::function<std::optional<std::string>(int client, std::uint64_t i)>;
using Took = std::function<void(int client, const json& answer)>;

Figures run_phase(int port, const std::vector<Kiosk>& kiosks, int clients, double seconds,
                  pid_t hub_pid, pid_t postmaster, const Make& make, const Took& took,
                  const std::string& perf_file) {
    std::atomic<bool> stop = false;
    std::atomic<std::uint64_t> next = 0;
    std::atomic<std::size_t> refused = 0;
    std::atomic<int> ready = 0;
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
    std::vector<std::thread> threads;
    std::mutex print;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            const Kiosk& kiosk = kiosks[static_cast<std::size_t>(c) % kiosks.size()];
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_read_timeout(60, 0);
            client.set_tcp_nodelay(true);
            const httplib::Headers headers = {{"Authorization", "Bearer " + kiosk.token}};
            auto& mine = latencies[static_cast<std::size_t>(c)];
            mine.reserve(1 << 16);
            ready.fetch_add(1);
            while (ready.load() < clients) {
                std::this_thread::yield();  // all clients start together
            }
            while (!stop.load(std::memory_order_relaxed)) {
                const std::uint64_t i = next.fetch_add(1);
                auto body = make(c, i);
                if (!body) {
                    break;
                }
                const auto start = Clock::now();
                auto answer = client.Post("/fhir", headers, *body, "application/fhir+json");
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                if (!answer || answer->status != 200) {
                    refused.fetch_add(1);
                    std::lock_guard lock(print);
                    if (refused.load() <= 3) {
                        std::fprintf(stderr, "  refused: %s\n",
                                     answer ? (std::to_string(answer->status) + " " +
                                               answer->body.substr(0, 400))
                                                  .c_str()
                                            : httplib::to_string(answer.error()).c_str());
                    }
                    continue;
                }
                mine.push_back(ms);
                if (took) {
                    took(c, json::parse(answer->body));
                }
            }
        });
    }
    while (ready.load() < clients) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto hub0 = cpu_of(hub_pid);
    const auto pg0 = postgres_cpu(postmaster);
    const auto self0 = cpu_of(getpid());
    const auto machine0 = machine_ticks();
    const auto statements0 = statements->load();
    const auto start = Clock::now();
    pid_t perf = -1;
    if (!perf_file.empty()) {
        perf = fork();
        if (perf == 0) {
            const std::string pid = std::to_string(hub_pid);
            const std::string length = std::to_string(static_cast<int>(seconds) - 1);
            execlp("perf", "perf", "record", "-q", "-g", "-F", "499", "-p", pid.c_str(), "-o",
                   perf_file.c_str(), "--", "sleep", length.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // the measuring window
    stop = true;
    for (auto& thread : threads) {
        thread.join();
    }
    Figures f;
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    f.statements = statements->load() - statements0;
    const auto machine1 = machine_ticks();
    f.hub_cpu_ms = ticks_to_ms(cpu_of(hub_pid) - hub0);
    f.pg_cpu_ms = ticks_to_ms(postgres_cpu(postmaster) - pg0);
    f.bench_cpu_ms = ticks_to_ms(cpu_of(getpid()) - self0);
    f.machine_busy_cores = static_cast<double>(machine1.first - machine0.first) /
                           static_cast<double>(machine1.second - machine0.second) *
                           static_cast<double>(std::thread::hardware_concurrency());
    if (perf > 0) {
        int status = 0;
        waitpid(perf, &status, 0);
    }
    std::vector<double> all;
    for (auto& some : latencies) {
        all.insert(all.end(), some.begin(), some.end());
    }
    std::sort(all.begin(), all.end());
    f.done = all.size();
    f.refused = refused.load();
    if (!all.empty()) {
        f.p50 = all[all.size() / 2];
        f.p90 = all[all.size() * 9 / 10];
        f.p99 = all[all.size() * 99 / 100];
        f.max = all.back();
    }
    return f;
}

void print_header() {
    std::printf("%-10s %-8s %7s %8s %8s %8s %8s %8s %8s %9s %8s %8s %6s %6s\n", "backend", "work",
                "clients", "per s", "p50 ms", "p90 ms", "p99 ms", "max ms", "refused", "hub cpu",
                "pg cpu", "client", "busy", "stmts");
    std::printf("%-10s %-8s %7s %8s %8s %8s %8s %8s %8s %9s %8s %8s %6s %6s\n", "", "", "", "", "",
                "", "", "", "", "ms/req", "ms/req", "ms/req", "cores", "/req");
}

void print_row(const std::string& backend, const std::string& work, int clients, const Figures& f) {
    const double n = std::max<double>(1, static_cast<double>(f.done));
    std::printf("%-10s %-8s %7d %8.0f %8.2f %8.2f %8.2f %8.1f %8zu %9.2f %8.2f %8.2f %6.2f %6.1f\n",
                backend.c_str(), work.c_str(), clients, static_cast<double>(f.done) / f.seconds,
                f.p50, f.p90, f.p99, f.max, f.refused, f.hub_cpu_ms / n, f.pg_cpu_ms / n,
                f.bench_cpu_ms / n, f.machine_busy_cores, static_cast<double>(f.statements) / n);
    std::fflush(stdout);
}

// ---- one backend -------------------------------------------------------------------

// The schema and the teams: kTownships × kTeamsPerTownship teams named
// team-T-K, each in township(T), with room for every signing of a run.
void import_teams(hub::db::Database& database, Instant now) {
    if (auto migrated = hub::store::migrate(database); !migrated) {
        std::fprintf(stderr, "migrate: %s\n", migrated.error().message.c_str());
        std::exit(1);
    }
    std::vector<hub::store::TeamRecord> teams;
    for (int t = 0; t < kTownships; ++t) {
        for (int k = 0; k < kTeamsPerTownship; ++k) {
            teams.push_back({"team-" + std::to_string(t) + "-" + std::to_string(k),
                             "Team " + std::to_string(k), "hc-500114-" + std::to_string(t),
                             township(t), 10'000'000, false});
        }
    }
    if (auto done = hub::store::import_teams(database, hub::store::HubRules{}, teams, now); !done) {
        std::fprintf(stderr, "teams: %s\n", done.error().diagnostics.c_str());
        std::exit(1);
    }
}

Signature make_signature(std::size_t bytes) {
    Signature signature;
    signature.png.resize(bytes);
    for (std::size_t i = 0; i < signature.png.size(); ++i) {
        signature.png[i] =
            static_cast<std::uint8_t>((i * 2654435761u) >> 13);  // incompressible-ish
    }
    signature.base64 = fhir::to_base64(signature.png);
    return signature;
}

void bench_backend(const std::string& backend, const std::string& url, pid_t postmaster,
                   const Options& options) {
    const Instant now{std::time(nullptr)};
    std::vector<Kiosk> kiosks;
    std::vector<json> slots;
    {
        auto database = hub::db::open(url, {.connections = 2}).value();
        import_teams(*database, now);
        std::vector<hub::store::SlotRecord> rows;
        const std::int64_t first = (now.unix_seconds / 86400 + 30) * 86400;
        for (int i = 0; i < options.slots; ++i) {
            const Instant start{first + std::int64_t{i} * 1800};
            rows.push_back({"slot-" + std::to_string(i), "sched-" + std::to_string(i / 500),
                            "Cardiology", to_iso8601(start),
                            to_iso8601(Instant{start.unix_seconds + 1800}), true});
        }
        if (auto done = hub::store::import_slots(*database, hub::store::HubRules{}, rows, now);
            !done) {
            std::fprintf(stderr, "slots: %s\n", done.error().diagnostics.c_str());
            std::exit(1);
        }
        hub::store::Tokens tokens(*database);
        const int most = *std::max_element(options.clients.begin(), options.clients.end());
        for (int c = 0; c < most; ++c) {
            Kiosk kiosk{"hc-bench-" + std::to_string(c), c % kTownships, ""};
            kiosk.token = tokens.issue(kiosk.id, township(kiosk.township), now).value();
            kiosks.push_back(kiosk);
        }
        (void)database->transact(
            hub::db::Mode::read,
            [&](hub::db::Transaction& tx) -> Result<hub::db::Finish, hub::db::Error> {
                auto found = tx.query("SELECT body FROM resources WHERE type = 'Slot' ORDER BY id");
                for (const auto& row : found.value()) {
                    slots.push_back(json::parse(row.text(0)));
                }
                return hub::db::Finish::commit;
            });
    }

    const int most = *std::max_element(options.clients.begin(), options.clients.end());
    const int threads = options.threads > 0 ? options.threads : most + 8;
    const HubProcess hub = start_hub(url, options, threads);

    const Signature signature = make_signature(options.signature_bytes);
    if (!same_as_built(kiosks.front(), signature)) {
        std::fprintf(stderr,
                     "hub_bench: the Bundle with its image put in differs from kiosk/fhir's\n");
        std::exit(1);
    }
    static std::atomic<std::uint64_t> next_resident = 0;
    std::mutex signed_mutex;
    std::vector<std::string> signed_patients;
    const Make signing = [&](int client, std::uint64_t) -> std::optional<std::string> {
        return signing_body(next_resident.fetch_add(1),
                            kiosks[static_cast<std::size_t>(client) % kiosks.size()], signature);
    };
    const Took keep = [&](int, const json& answer) {
        const std::string location = answer["entry"][0]["response"]["location"];
        std::lock_guard lock(signed_mutex);
        signed_patients.push_back(location.substr(8, location.find('/', 8) - 8));
    };

    // Untimed: every client connects, every pooled connection opens and
    // prepares its statements.
    (void)run_phase(hub.port, kiosks, most, 2, hub.pid, postmaster, signing, keep, "");
    for (const int clients : options.clients) {
        const bool perf = !options.perf.empty() && backend == "postgresql" && clients == most;
        const Figures f = run_phase(hub.port, kiosks, clients, options.seconds, hub.pid, postmaster,
                                    signing, keep, perf ? options.perf : "");
        print_row(backend, "signing", clients, f);
    }

    // Untimed: enough signed residents for every slot, two bookings each
    // (config/hub.toml's max_open_bookings).
    while (signed_patients.size() * 2 < slots.size()) {
        (void)run_phase(hub.port, kiosks, most, 2, hub.pid, postmaster, signing, keep, "");
    }
    std::atomic<std::size_t> next_slot = 0;
    const Make booking = [&](int, std::uint64_t i) -> std::optional<std::string> {
        const std::size_t at = next_slot.fetch_add(1);
        std::string patient;
        {
            std::lock_guard lock(signed_mutex);
            if (at >= slots.size() || at / 2 >= signed_patients.size()) {
                return std::nullopt;  // out of slots or signed residents
            }
            patient = signed_patients[at / 2];
        }
        return booking_body(i, patient, slots[at]);
    };
    static std::atomic<std::uint64_t> booking_ids = 0;
    for (const int clients : options.clients) {
        const Make numbered = [&](int c, std::uint64_t) {
            return booking(c, booking_ids.fetch_add(1));
        };
        const Figures f = run_phase(hub.port, kiosks, clients, options.seconds, hub.pid, postmaster,
                                    numbered, nullptr, "");
        print_row(backend, "booking", clients, f);
        if (next_slot.load() >= slots.size()) {
            std::printf("%-10s (bookings ran out of slots: %zu slots, %zu signed)\n", "",
                        slots.size(), signed_patients.size());
        }
    }
    stop_hub(hub);
}

// ---- pgbench on the same cluster ----------------------------------------------------

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

// A signing's SQL without the hub: the statements the hub sends for one
// signing on PostgreSQL, as its statement log shows them (log_statement =
// all; hub/store/writes.cpp and rule_rows.cpp), run by `pgbench -M
// prepared` on the hub's schema. What the database alone costs per signing, without HTTP, JSON or
// the hub's own work: the floor under the hub's figures. `round_trips` 8
// sends them as the hub does (BEGIN with the first statement; the
// signature row, the history rows and COMMIT together); 1 sends all eleven
// in one pipeline: about what a hub sending fewer round trips could reach
// (a server-side function would also save the protocol's messages per
// statement). The four resources' bodies and the identifier system are
// pgbench variables (signing_variables, given with -D), so they go as
// parameters, as the hub sends them; the ids are built in SQL from a random
// number ('p-' || CAST(:n AS text)), a little more work than the hub's
// parameters. Written by hand beside those files: a change to a signing's
// statements there is one here (the hub's rows show 11.0 statements per
// signing, BEGIN and COMMIT counted, as this script has).
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
                f->statements = f->done * 11;
                print_row("pgbench", "sql " + std::to_string(round_trips) + "rt", clients, *f);
            }
        }
    }
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        out.push_back(item);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    void* shared = mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        std::perror("mmap");
        return 1;
    }
    statements = new (shared) std::atomic<std::uint64_t>(0);
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        if (flag == "--seconds") {
            options.seconds = std::atof(value.c_str());
        } else if (flag == "--clients") {
            options.clients.clear();
            for (const auto& c : split(value)) {
                options.clients.push_back(std::atoi(c.c_str()));
            }
        } else if (flag == "--backends") {
            options.backends = split(value);
        } else if (flag == "--token-cache-seconds") {
            options.token_cache_seconds = std::atoi(value.c_str());
        } else if (flag == "--connections") {
            options.connections = std::atoi(value.c_str());
        } else if (flag == "--threads") {
            options.threads = std::atoi(value.c_str());
        } else if (flag == "--signature-bytes") {
            options.signature_bytes = static_cast<std::size_t>(std::atol(value.c_str()));
        } else if (flag == "--slots") {
            options.slots = std::atoi(value.c_str());
        } else if (flag == "--perf") {
            options.perf = value;
        } else if (flag == "--no-pgbench") {
            options.pgbench = false;
            continue;
        } else if (flag == "--sql-script") {
            options.sql_script = std::atoi(value.c_str());
            if (options.sql_script != 8 && options.sql_script != 1) {
                std::fprintf(stderr, "hub_bench: --sql-script takes 8 or 1 (round trips)\n");
                return 2;
            }
        } else if (flag == "--socket") {
            options.socket = true;
            continue;
        } else {
            std::fprintf(stderr, "hub_bench: unknown option %s\n", flag.c_str());
            return 2;
        }
        ++i;
    }
    if (options.sql_script != 0) {
        // The pgbench script of a signing's SQL, to read or run by hand.
        std::fputs(signing_script(options.sql_script).c_str(), stdout);
        for (const auto& [name, text] :
             signing_variables(make_signature(options.signature_bytes))) {
            std::printf("-- -D %s=… (%zu bytes)\n", name.c_str(), text.size());
        }
        return 0;
    }
    test::TempPostgres server({.fsync = true});
    const pid_t postmaster = postmaster_of(server);
    test::TempDir folder;
    std::printf(
        "hub_bench: %u cores, load average %s; hub pool %d connections; %.0f s per run; "
        "signature %zu bytes; PostgreSQL on %s fsync on; SQLite WAL synchronous=FULL\n",
        std::thread::hardware_concurrency(), load_average().c_str(), options.connections,
        options.seconds, options.signature_bytes, options.socket ? "its Unix socket" : "127.0.0.1");
    print_header();
    for (const auto& backend : options.backends) {
        std::string url = "sqlite:" + (folder / "hub.db").string();
        if (backend == "postgresql") {
            url = server.create_database("hub");
            if (options.socket) {
                url = server.socket_url("hub");
            }
        }
        bench_backend(backend, url, backend == "postgresql" ? postmaster : 0, options);
    }
    if (options.pgbench) {
        run_pgbench(server, postmaster, options);
    }
    std::printf("load average at the end: %s\n", load_average().c_str());
}
