// Benchmark: the receipt printer's work per receipt — laying a receipt out as
// ESC/POS bytes (text only; with a rare-character line drawn as raster; with
// the QR drawn by us for a printer without GS ( k), our renderer of those
// bytes (the screen's paper preview), and a whole print with status asked
// before and after against the simulated printer over TCP on loopback.
//
//   printer_bench [--n 200]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "drivers/printer/link.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/render.hpp"
#include "drivers/printer/simulator.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/printing/receipt_layout.hpp"

using namespace jiayi;
using namespace jiayi::drivers::printer;
using jiayi::printing::layout_receipt;
using Clock = std::chrono::steady_clock;

namespace {

constexpr domain::Date kToday{2026, 11, 23};

receipt::Receipt made_up_receipt(const std::string& masked_name) {
    domain::Catalogue catalogue;
    catalogue.packages.push_back(
        {"basic", "基础服务包", "Basic package", domain::PackageKind::Basic, domain::yuan(36), {}});
    catalogue.packages.push_back({"tcm",
                                  "中医药服务包",
                                  "Traditional Chinese medicine",
                                  domain::PackageKind::Personalised,
                                  domain::yuan(80),
                                  {}});
    domain::Team team;
    team.id = "team-a";
    team.name = "家医一团队";
    char first17[] = "50011419800615013";
    domain::ResidentFacts facts;
    facts.resident_id = "resident-1";
    facts.document =
        domain::parse_document(std::string(first17) + domain::mod11_2_check(first17), kToday)
            .value();
    facts.populations = domain::classify(facts.document.birth_date, kToday, {}, {}, {});
    domain::SigningChoice choice;
    choice.team_id = "team-a";
    choice.package_ids = {"basic", "tcm"};
    choice.privacy_consent = true;
    choice.signature = true;
    auto change = domain::sign_new(facts, choice, team, catalogue, domain::SigningRules{}, kToday,
                                   "c0ffee00-0000-4000-8000-000000000001");
    receipt::ContractFacts shown{masked_name,        "5001**********0138", "家医一团队",
                                 "测试医生甲",       "02360000001",        "self",
                                 "2026-11-23 09:30", "kiosk-bench"};
    return receipt::contract_receipt("receipt-1", change.value().contract, catalogue, shown);
}

struct Figures {
    double median;
    double p99;
};

Figures measure(int n, const std::function<void()>& once) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        once();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

void report(const char* what, Figures f) {
    std::printf("  %-58s %7.2f %7.2f\n", what, f.median, f.p99);
}

}  // namespace

int main(int argc, char** argv) {
    int n = 200;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--n") {
            n = std::max(10, std::atoi(argv[i + 1]));
        }
    }
    auto face = image::Typeface::open();
    auto catalog = text::Catalog::load(std::string(JIAYI_SOURCE_DIR) + "/assets/strings");
    auto profiles = load_profiles(std::string(JIAYI_SOURCE_DIR) + "/assets/printers.toml");
    if (!face || !catalog || !profiles) {
        std::fprintf(stderr, "printer_bench: cannot load the font, catalogs or profiles\n");
        return 1;
    }
    const Profile& g80 = *find_profile(*profiles, "gprinter-80");
    const Profile& basic58 = *find_profile(*profiles, "generic-58-basic");
    const receipt::Receipt plain = made_up_receipt("王*试");
    const receipt::Receipt rare = made_up_receipt("𠮷*试");
    const auto zh = text::Language::ZhCN;

    std::printf("printer_bench: %d runs each; ms median, p99\n", n);
    Bytes bytes;
    report("layout, gprinter-80, text and GS ( k QR",
           measure(n, [&] { bytes = layout_receipt(plain, *catalog, zh, g80, **face); }));
    std::printf("    (%zu bytes)\n", bytes.size());
    report("layout, a rare name character as a raster line",
           measure(n, [&] { (void)layout_receipt(rare, *catalog, zh, g80, **face); }));
    Bytes drawn_qr;
    report("layout, generic-58-basic: the QR drawn by us as raster",
           measure(n, [&] { drawn_qr = layout_receipt(plain, *catalog, zh, basic58, **face); }));
    std::printf("    (%zu bytes)\n", drawn_qr.size());
    report("render the bytes (the screen's paper preview)", measure(n, [&] {
               Renderer r(g80.dots, g80.font, *face);
               r.feed(bytes);
               (void)stack(r.finish());
           }));

    auto sim = PrinterSimulator::create(PrinterSimulator::Port::Tcp, g80.dots, g80.font, *face);
    if (!sim) {
        std::fprintf(stderr, "printer_bench: %s\n", sim.error().c_str());
        return 1;
    }
    auto link = open_link((*sim)->address(), std::chrono::seconds(2));
    if (!link) {
        std::fprintf(stderr, "printer_bench: %s\n", link.error().message.c_str());
        return 1;
    }
    Printer printer(std::move(link).value(), g80);
    int printed = 0;
    report("status asked", measure(n, [&] { (void)printer.status(); }));
    report("print: status, bytes, GS r (end reached), status (TCP)", measure(n / 4, [&] {
               printed += printer.print(bytes).outcome == Outcome::Printed ? 1 : 0;
           }));
    std::printf("    (%d of %d confirmed printed)\n", printed, n / 4);
    return 0;
}
