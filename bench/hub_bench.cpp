// The hub over HTTP: signings and bookings per second, p50/p99 latency, with
// 16 and 64 keep-alive clients (one httplib::Client per thread), on SQLite
// and on PostgreSQL; then (pgbench_rows.cpp) PostgreSQL's own `pgbench -N`
// on the same cluster, in the same run, as the ceiling, and the hub's own
// SQL for a signing run by pgbench with no hub at all: the floor under the
// hub.
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
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
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
#include "hub_bench.hpp"
#include "kiosk/fhir/booking.hpp"
#include "kiosk/fhir/bundle.hpp"
#include "kiosk/fhir/provenance.hpp"
#include "proc_cpu.hpp"
#include "support/fhir_samples.hpp"
#include "support/people.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::bench::hub_bench {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string uuid(std::uint32_t kind, std::uint64_t n) {
    char text[40];
    std::snprintf(text, sizeof text, "%08x-0000-4000-8000-%012llx", kind,
                  static_cast<unsigned long long>(n));
    return text;
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

// The image each Bundle is built with before the real one's base64 takes
// its place (Signature, hub_bench.hpp).
const std::vector<std::uint8_t> kStandIn = {'J', 'I', 'A', 'Y', 'I', '-', 'B', 'E',
                                            'N', 'C', 'H', '-', 'P', 'N', 'G'};

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

// ---- one backend -------------------------------------------------------------------

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
        const double sent = static_cast<double>(f.statements) / static_cast<double>(f.done);
        if (backend == "postgresql" && f.done > 0 && std::abs(sent - kSigningStatements) > 0.5) {
            std::printf(
                "%-10s (the hub now sends %.1f statements per signing, the script in "
                "pgbench_rows.cpp %d: bring the script up to date)\n",
                "", sent, kSigningStatements);
        }
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

// ---- shared with pgbench_rows.cpp (hub_bench.hpp) ----------------------------------

std::string township(int t) {
    char text[32];
    std::snprintf(text, sizeof text, "500114-%02d", t + 1);
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

void print_row(const std::string& backend, const std::string& work, int clients, const Figures& f) {
    const double n = std::max<double>(1, static_cast<double>(f.done));
    std::printf("%-10s %-8s %7d %8.0f %8.2f %8.2f %8.2f %8.1f %8zu %9.2f %8.2f %8.2f %6.2f %6.1f\n",
                backend.c_str(), work.c_str(), clients, static_cast<double>(f.done) / f.seconds,
                f.p50, f.p90, f.p99, f.max, f.refused, f.hub_cpu_ms / n, f.pg_cpu_ms / n,
                f.bench_cpu_ms / n, f.machine_busy_cores, static_cast<double>(f.statements) / n);
    std::fflush(stdout);
}

std::string signing_body(std::uint64_t n, const Kiosk& kiosk, const Signature& signature) {
    std::string body = signing_body(n, kiosk, kStandIn);
    const std::string stand_in = fhir::to_base64(kStandIn);
    const auto at = body.find(stand_in);
    body.replace(at, stand_in.size(), signature.base64);
    return body;
}

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

}  // namespace jiayi::bench::hub_bench

int main(int argc, char** argv) {
    using namespace jiayi;
    using namespace jiayi::bench;
    using namespace jiayi::bench::hub_bench;
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
