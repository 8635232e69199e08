// Benchmark: one signing written durably (contract + outbox + signature, WAL,
// synchronous=FULL) — DESIGN.md's budget is 20 ms. Prints the distribution of
// single signings and the records per second of a run of them.
//
//   signing_bench [--n 2000] [--dir DIR]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/domain/contract.hpp"
#include "kiosk/store/store.hpp"

using namespace jiayi;
using Clock = std::chrono::steady_clock;

namespace {

constexpr domain::Date kToday{2026, 11, 23};
constexpr Instant kNow{1795392000};

store::ResidentRecord made_up_resident(int n) {
    const auto k = static_cast<unsigned>(n);  // n >= 0
    char first17[18];
    std::snprintf(first17, sizeof first17, "500114%04u0615%03u", 1940 + (k / 1000) % 60, k % 1000);
    store::ResidentRecord r;
    r.id = store::new_uuid();
    r.document =
        domain::parse_document(std::string(first17) + domain::mod11_2_check(first17), kToday)
            .value();
    r.name = "测试" + std::to_string(n);
    r.phone = "13800000000";
    r.address = "示例村";
    return r;
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> sorted, double p) {
    const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    int n = 2000;
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "jiayi-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--n") {
            n = std::max(1, std::atoi(argv[i + 1]));
        } else if (flag == "--dir") {
            dir = argv[i + 1];
        }
    }
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    if (!store::KeyRing::generate(dir / "bench.key")) {
        std::fprintf(stderr, "cannot write a key in %s\n", dir.c_str());
        return 1;
    }
    auto opened =
        store::Store::open(dir / "bench.db", store::KeyRing::load(dir / "bench.key").value(), kNow);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 1;
    }
    store::Store& store = *opened.value();

    domain::Catalogue catalogue;
    catalogue.packages.push_back(
        {"basic", "基础包", "Basic", domain::PackageKind::Basic, domain::yuan(36), {}});
    domain::Team team;
    team.id = "team-a";
    team.capacity = 1000000;
    const domain::SigningRules rules;

    std::vector<double> write_ms;
    std::vector<double> whole_ms;
    write_ms.reserve(static_cast<std::size_t>(n));
    whole_ms.reserve(static_cast<std::size_t>(n));
    const store::Bytes png(4096, 0x42);  // a signature image of a realistic size
    const auto run_start = Clock::now();
    for (int i = 0; i < n; ++i) {
        const store::ResidentRecord resident = made_up_resident(i);
        const auto start = Clock::now();
        // The whole signing as the flow will do it: look the resident up, read
        // their contracts, apply the rules, write durably.
        auto known = store.find_resident(resident.document.number);
        domain::ResidentFacts facts;
        facts.resident_id = resident.id;
        facts.document = resident.document;
        facts.contracts = store.contracts_of(resident.id).value();
        domain::SigningChoice choice;
        choice.team_id = team.id;
        choice.package_ids = {"basic"};
        choice.privacy_consent = true;
        choice.signature = true;
        auto change =
            domain::sign_new(facts, choice, team, catalogue, rules, kToday, store::new_uuid());
        if (!known || !change) {
            std::fprintf(stderr, "signing %d refused\n", i);
            return 1;
        }
        store::SigningRecord record;
        record.resident = resident;
        record.change = std::move(change).value();
        record.signature_id = store::new_uuid();
        record.signature = {"[[0,0],[5,5]]", png};
        record.consent_given = true;
        record.kiosk_id = "kiosk-bench";
        const auto write_start = Clock::now();
        if (!store.record_signing(record, kNow)) {
            std::fprintf(stderr, "signing %d not written\n", i);
            return 1;
        }
        const auto end = Clock::now();
        write_ms.push_back(ms(end - write_start));
        whole_ms.push_back(ms(end - start));
    }
    const double total_s = ms(Clock::now() - run_start) / 1000.0;
    std::sort(write_ms.begin(), write_ms.end());
    std::sort(whole_ms.begin(), whole_ms.end());
    std::printf("signings: %d, durable (WAL, synchronous=FULL), in %s\n", n, dir.c_str());
    std::printf("| measure | median ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    for (auto* row : {&write_ms, &whole_ms}) {
        std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n",
                    row == &write_ms ? "write (contract + outbox + signature)"
                                     : "whole signing (lookup + rules + write)",
                    percentile(*row, 0.5), percentile(*row, 0.9), percentile(*row, 0.99),
                    row->back());
    }
    std::printf("run of %d signings: %.2f s, %.0f signings/s (%.0f rows/s incl. outbox)\n", n,
                total_s, n / total_s, n * 7 / total_s);
    std::filesystem::remove_all(dir);
    return percentile(write_ms, 0.99) <= 20.0 ? 0 : 1;
}
