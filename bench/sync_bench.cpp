// kiosk/sync: a week offline, then the push (issue 11, "Benchmarks": sync of
// 10 000 queued records to a local hub, goal ≤ 20 s).
//
// The kiosk's store (a real SQLite file, synchronous=FULL while pushing) is
// filled with made-up residents' records through the store's own functions:
// signings, renewals of some of them, opt-outs with the informed notice, and
// feedback — as many records as --records, in that mix (50 % signings, 20 %
// renewals, 15 % opt-outs, 15 % feedback). Then a real `jiayi-hub serve`
// (tests/support/hub_process.hpp: init, token, serve on 127.0.0.1) takes the
// push: kiosk/sync's push_outbox over libcurl, plain HTTP on loopback, the
// hub on SQLite (WAL, synchronous=FULL) or on a PostgreSQL the bench starts
// (tests/support/postgres.hpp, fsync on). The figure is the push alone;
// filling the store is not timed. The machine's load average is printed
// before and after: the machine is shared.
//
//   build/ci/bench/sync_bench [--records 10000] [--backends sqlite,postgresql]
//       [--per-bundle 200] [--in-flight 2]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hub/db/database.hpp"
#include "hub/store/imports.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/push.hpp"
#include "proc_cpu.hpp"
#include "support/hub_process.hpp"
#include "support/people.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace jiayi;

constexpr domain::Date kSigned{2026, 1, 10};    // the first signings
constexpr domain::Date kRenewed{2026, 12, 20};  // in the first contracts' renewal window
constexpr Instant kSignedAt{1768003200};        // 2026-01-10T00:00:00Z
constexpr Instant kRenewedAt{1797724800};       // 2026-12-20T00:00:00Z
const std::string kKiosk = "hc-500114-01";
const std::string kTownship = "500114001";

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

domain::Catalogue catalogue() {
    domain::Catalogue c;
    c.packages.push_back(
        {"basic", "基础包", "Basic", domain::PackageKind::Basic, domain::yuan(36), {}});
    return c;
}

domain::Team team() {
    domain::Team t;
    t.id = "team-a";
    t.name = "测试团队";
    t.center_id = "hc-500114";
    t.leader = "测试医生";
    t.leader_phone = "02300000000";
    return t;
}

store::ResidentRecord resident(int n) {
    store::ResidentRecord r;
    r.id = store::new_uuid();
    char birth[16];
    std::snprintf(birth, sizeof birth, "19%02d0101", 50 + n / 1000);
    char sequence[8];
    std::snprintf(sequence, sizeof sequence, "%03d", n % 1000);
    r.document = test::document_of(test::make_id("500114", birth, sequence), kSigned);
    r.name = "测试" + std::to_string(n);
    return r;
}

domain::ResidentFacts facts(const store::ResidentRecord& r, std::vector<domain::Contract> had,
                            bool consent) {
    domain::ResidentFacts f;
    f.resident_id = r.id;
    f.document = r.document;
    f.has_privacy_consent = consent;
    f.contracts = std::move(had);
    return f;
}

domain::SigningChoice choice() {
    domain::SigningChoice c;
    c.team_id = "team-a";
    c.package_ids = {"basic"};
    c.privacy_consent = true;
    c.signature = true;
    return c;
}

store::SigningRecord signing_record(store::ResidentRecord r, domain::ContractChange change,
                                    bool consent_given) {
    store::SigningRecord record;
    record.resident = std::move(r);
    record.change = std::move(change);
    record.signature_id = store::new_uuid();
    // A signature PNG of a realistic size (the pad's strokes drawn: ~6 kB).
    record.signature = {"[[0,0],[10,12]]", store::Bytes(6000, 0x42)};
    record.signature.png[0] = 0x89;
    record.consent_given = consent_given;
    record.kiosk_id = kKiosk;
    return record;
}

void must(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "sync_bench: %s failed\n", what);
        std::exit(1);
    }
}

struct Filled {
    int records = 0;
    std::int64_t entries = 0;
};

// The week offline: every record written, none sent.
Filled fill(store::Store& kiosk, int records) {
    const int signings = records / 2;
    const int renewals = records / 5;
    const int opt_outs = records * 15 / 100;
    const int feedback = records - signings - renewals - opt_outs;
    std::vector<std::pair<store::ResidentRecord, domain::Contract>> signed_up;
    for (int n = 0; n < signings; ++n) {
        store::ResidentRecord r = resident(n);
        auto change = domain::sign_new(facts(r, {}, false), choice(), team(), catalogue(),
                                       domain::SigningRules{}, kSigned, store::new_uuid());
        must(change.ok(), "sign_new");
        const domain::Contract contract = change->contract;
        must(kiosk.record_signing(signing_record(r, std::move(change).value(), true), kSignedAt)
                 .ok(),
             "record_signing");
        r.privacy_consent = true;
        signed_up.emplace_back(r, contract);
    }
    for (int n = 0; n < renewals; ++n) {
        const auto& [r, contract] = signed_up[static_cast<std::size_t>(n)];
        auto change = domain::renew(facts(r, {contract}, true), choice(), team(), catalogue(),
                                    domain::SigningRules{}, kRenewed, store::new_uuid());
        must(change.ok(), "renew");
        must(kiosk.record_signing(signing_record(r, std::move(change).value(), false), kRenewedAt)
                 .ok(),
             "record_signing (renewal)");
    }
    for (int n = 0; n < opt_outs; ++n) {
        store::OptOutRecord record;
        record.resident = resident(20000 + n);
        record.opt_out.id = store::new_uuid();
        record.opt_out.resident_id = record.resident.id;
        record.opt_out.date = kSigned;
        record.opt_out.notice_version = "2026-2";
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0]]", store::Bytes(6000, 0x42)};
        record.kiosk_id = kKiosk;
        must(kiosk.record_opt_out(record, kSignedAt).ok(), "record_opt_out");
    }
    for (int n = 0; n < feedback; ++n) {
        const auto& contract = signed_up[static_cast<std::size_t>(n) % signed_up.size()].second;
        must(kiosk
                 .record_feedback(store::new_uuid(), contract.id, domain::Feedback{4, true},
                                  kRenewedAt)
                 .ok(),
             "record_feedback");
    }
    Filled filled;
    filled.records = signings + renewals + opt_outs + feedback;
    filled.entries = kiosk.status()->outbox_pending;
    std::printf(
        "  queued: %d signings, %d renewals, %d opt-outs, %d feedback = %d records, "
        "%lld outbox entries\n",
        signings, renewals, opt_outs, feedback, filled.records,
        static_cast<long long>(filled.entries));
    return filled;
}

void run(const std::string& backend, int records, int per_bundle, int in_flight) {
    std::printf("%s hub\n", backend.c_str());
    std::unique_ptr<test::TempPostgres> postgres;
    test::HubProcessOptions options;
    options.kiosk = kKiosk;
    options.township = kTownship;
    options.start = false;
    if (backend == "postgresql") {
        test::PostgresSettings settings;
        settings.fsync = true;
        postgres = std::make_unique<test::TempPostgres>(settings);
        options.database = postgres->create_database("sync_bench");
    }
    test::HubProcess hub(options);
    {
        auto database = hub::db::open(hub.database_url(), {.connections = 2});
        must(database.ok(), "open the hub's database");
        const std::vector<hub::store::TeamRecord> teams = {
            {"team-a", "Team A", "hc-500114", kTownship, 100000, false}};
        auto imported =
            hub::store::import_teams(*database.value(), hub::store::HubRules{}, teams, kSignedAt);
        must(imported.ok(), "import teams");
    }
    hub.start();

    test::TempDir dir;
    must(store::KeyRing::generate(dir / "kiosk.key").ok(), "key");
    const auto keys = store::KeyRing::load(dir / "kiosk.key");
    Filled filled;
    {
        // Filling is not timed: written without fsync, then reopened durable.
        auto scratch = store::Store::open(dir / "kiosk.db", keys.value(), kSignedAt, true,
                                          store::Durability::Scratch);
        must(scratch.ok(), "open the kiosk's store");
        filled = fill(*scratch.value(), records);
    }
    auto kiosk = store::Store::open(dir / "kiosk.db", keys.value(), kRenewedAt);
    must(kiosk.ok(), "reopen the kiosk's store");
    {
        std::ofstream token(dir / "hub-token");
        token << hub.token() << "\n";
    }
    sync::HubEndpoint endpoint;
    endpoint.base_url = hub.base_url() + "/fhir";
    endpoint.credential_file = dir / "hub-token";
    sync::HubClient client(endpoint);
    sync::PushOptions push;
    push.submissions_per_bundle = per_bundle;
    push.bundles_in_flight = in_flight;

    const std::string load_before = load_average();
    const pid_t postmaster = postgres ? bench::postmaster_of(*postgres) : -1;
    const auto kiosk_cpu = bench::cpu_of(getpid());
    const auto hub_cpu = bench::cpu_of(hub.pid());
    const auto pg_cpu = bench::postgres_cpu(postmaster);
    const auto started = std::chrono::steady_clock::now();
    const sync::PushReport report =
        sync::push_outbox(*kiosk.value(), client, push, [] { return kRenewedAt; });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // Where the time went: each side's CPU over the push (two cores give
    // 2 s of CPU per second; what is not CPU is waiting — round trips, fsync).
    const double kiosk_s = bench::ticks_to_ms(bench::cpu_of(getpid()) - kiosk_cpu) / 1000;
    const double hub_s = bench::ticks_to_ms(bench::cpu_of(hub.pid()) - hub_cpu) / 1000;
    const double pg_s = bench::ticks_to_ms(bench::postgres_cpu(postmaster) - pg_cpu) / 1000;
    if (report.failure) {
        std::printf("  FAILED: %s\n", report.failure->message.c_str());
        std::exit(1);
    }
    std::printf(
        "  pushed: %d entries acknowledged, %d refused, in %d Bundles of <= %d records, "
        "<= %d in flight\n",
        report.acknowledged, report.refused, report.bundles, per_bundle, in_flight);
    std::printf("  time:   %.2f s  (%.0f records/s; goal <= 20 s)  %s\n", seconds,
                filled.records / seconds, seconds <= 20.0 ? "MET" : "MISSED");
    std::printf("  cpu:    kiosk %.1f s, hub %.1f s, PostgreSQL %.1f s (of %.1f s wall)\n", kiosk_s,
                hub_s, pg_s, seconds);
    std::printf("  load average (1, 5, 15 min): before %s, after %s\n", load_before.c_str(),
                load_average().c_str());
    must(report.acknowledged == filled.entries, "every entry acknowledged");
    hub.stop();
}

}  // namespace

int main(int argc, char** argv) {
    int records = 10000;
    int per_bundle = sync::PushOptions{}.submissions_per_bundle;
    int in_flight = sync::PushOptions{}.bundles_in_flight;
    std::vector<std::string> backends = {"sqlite", "postgresql"};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--records") {
            records = std::stoi(value);
        } else if (flag == "--per-bundle") {
            per_bundle = std::stoi(value);
        } else if (flag == "--in-flight") {
            in_flight = std::stoi(value);
        } else if (flag == "--backends") {
            backends.clear();
            std::stringstream list(value);
            for (std::string b; std::getline(list, b, ',');) {
                backends.push_back(b);
            }
        } else {
            std::fprintf(stderr, "sync_bench: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    for (const auto& backend : backends) {
        run(backend, records, per_bundle, in_flight);
    }
    return 0;
}
