// kiosk_bench — the kiosk's budgets (DESIGN.md, "Performance budget"),
// measured headless on the software renderer, the kiosk's worst case:
//
//   cold start   main() → the first interactive frame of home (and since exec)
//   memory       PSS after the first frame, and the most seen over the tour
//   frame time   one frame of a screen at the given size, median and p99
//   card→status  a card event → the status screen's first frame; for a name
//                with a character the atlas lacks, also → the frame with it
//
//   kiosk_bench [--size 1920x1080] [--frames 1000] [--cards 50] [--large]
//
// Idle CPU is measured by bench/idle_cpu.sh on the real program.

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/auth/pin.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/store/store.hpp"
#include "ui/app/kiosk_app.hpp"
#include "ui/app/script_runner.hpp"

using namespace jiayi;
using Clock = std::chrono::steady_clock;

namespace {

const auto kStart = Clock::now();

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Proportional set size from /proc/self/smaps_rollup, in MiB.
double pss_mib() {
    std::ifstream in("/proc/self/smaps_rollup");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Pss:", 0) == 0) {
            return std::stod(line.substr(4)) / 1024.0;
        }
    }
    return -1;
}

// Milliseconds since the process was exec'd (10 ms resolution, from /proc).
double ms_since_exec() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto close = text.rfind(')');
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22; ++i) {
        fields >> field;
    }
    const double start_s = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    std::ifstream up("/proc/uptime");
    double uptime = 0;
    up >> uptime;
    return (uptime - start_s) * 1000;
}

struct Stats {
    double median, p90, p99, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[std::min(v.size() - 1,
                          static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {at(0.5), at(0.9), at(0.99), v.back()};
}

void print(const char* what, const Stats& s) {
    std::printf("%-44s median %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f ms\n", what, s.median, s.p90,
                s.p99, s.max);
}

std::string arg(int argc, char** argv, const char* name, const char* fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == name) {
            return argv[i + 1];
        }
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string size = arg(argc, argv, "--size", "1920x1080");
    const int frames = std::stoi(arg(argc, argv, "--frames", "1000"));
    const int cards = std::stoi(arg(argc, argv, "--cards", "50"));
    int width = 1920;
    int height = 1080;
    std::sscanf(size.c_str(), "%dx%d", &width, &height);

    // A scratch store with the demo's teams, as the headless kiosk uses.
    char pattern[] = "/tmp/jiayi-bench-XXXXXX";
    const std::filesystem::path dir = ::mkdtemp(pattern);
    auto loaded =
        config::load_config(std::filesystem::path(JIAYI_SOURCE_DIR) / "config/kiosk.toml");
    if (!loaded) {
        std::fprintf(stderr, "config: %s\n", loaded.error().front().to_string().c_str());
        return 1;
    }
    config::KioskConfig config = std::move(loaded).value();
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--large") {
            config.screen.large_text = true;  // type 1.5 times: the atlas's largest
        }
    }
    config.paths.database = dir / "kiosk.db";
    config.paths.key_file = dir / "kiosk.key";
    (void)store::KeyRing::generate(config.paths.key_file);
    Instant now{std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()};
    auto store = store::Store::open(config.paths.database,
                                    store::KeyRing::load(config.paths.key_file).value(), now)
                     .value();
    (void)store->cache_teams(demo::teams(), now);

    // Cold start: what the kiosk does from main() to its first frame.
    const auto t0 = Clock::now();
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    auto platform = ui::Platform::create({true, false, width, height});
    if (!catalog || !platform) {
        std::fprintf(stderr, "start: %s\n",
                     catalog ? platform.error().c_str() : catalog.error().c_str());
        return 1;
    }
    ui::KioskApp app(config, *store, *platform.value(), *catalog, [&] { return now; });
    if (auto ready = app.prepare(); !ready) {
        std::fprintf(stderr, "fonts: %s\n", ready.error().c_str());
        return 1;
    }
    app.draw();
    const double cold = ms_since(t0);
    const double since_main = ms_since(kStart);
    const double since_exec = ms_since_exec();
    const double pss_first = pss_mib();
    std::printf("kiosk_bench %dx%d, software renderer, SDL dummy video driver\n", width, height);
    std::printf(
        "cold start: %.1f ms to the first frame (store ready); %.1f ms from main(); "
        "%.0f ms from exec\n",
        cold, since_main, since_exec);
    std::printf("PSS after the first frame: %.1f MiB\n", pss_first);

    // Frame time on three screens.
    const auto adult = demo::cards(domain::local_date(now, config.kiosk.utc_offset_minutes))[0];
    auto time_frames = [&](const char* what) {
        std::vector<double> t;
        for (int i = 0; i < frames; ++i) {
            const auto f0 = Clock::now();
            app.frame();
            t.push_back(ms_since(f0));
        }
        print(what, stats(t));
    };
    time_frames("frame: home");
    app.flow().card(adult.card, now);
    (void)app.settle_fonts();
    app.draw();
    time_frames("frame: status");
    app.flow().handle({flow::IntentKind::Sign, "", 0, {}}, now);
    app.draw();
    time_frames("frame: teams");
    app.flow().handle({flow::IntentKind::Finish, "", 0, {}}, now);
    app.draw();

    // Card → status: the event, the flow (store lookups), the first frame.
    std::vector<double> latency;
    for (int i = 0; i < cards; ++i) {
        const auto c0 = Clock::now();
        // Through the queue a driver thread posts to, drained as run() does.
        std::thread([&] { app.events().post(flow::CardEvent{adult.card}); }).join();
        for (const auto& event : app.events().drain()) {
            flow::deliver(app.flow(), event, now);
        }
        (void)app.settle_fonts();
        app.draw();
        latency.push_back(ms_since(c0));
        app.flow().handle({flow::IntentKind::Finish, "", 0, {}}, now);
        app.draw();
    }
    print("card -> status frame (known glyphs)", stats(latency));

    // A character the atlas lacks: the status frame comes at once with a
    // fallback glyph; the atlas is rebuilt on a worker and swapped in.
    const char* rare[] = {"㵘", "㸃", "䲆", "䴉", "㼆", "䜣", "㐨", "䓖", "䕫", "䞍"};
    std::vector<double> first;
    std::vector<double> swapped;
    for (int i = 0; i < std::min(cards, 10); ++i) {
        flow::CardData card = adult.card;
        card.name = std::string(rare[i]) + "测" + rare[(i + 5) % 10];
        const auto c0 = Clock::now();
        app.flow().card(card, now);
        (void)app.settle_fonts();  // starts the glyph build on the worker
        app.draw();
        first.push_back(ms_since(c0));
        while (app.fonts_pending()) {
            if (auto settled = app.settle_fonts(); !settled) {
                std::fprintf(stderr, "glyphs: %s\n", settled.error().c_str());
                return 1;
            }
            app.frame();
        }
        swapped.push_back(ms_since(c0));
        unsigned int code = 0;
        ImTextCharFromUtf8(&code, rare[i], nullptr);
        if (ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(code)) ==
            nullptr) {
            std::fprintf(stderr, "the rare glyph never arrived\n");
            return 1;
        }
        app.flow().handle({flow::IntentKind::Finish, "", 0, {}}, now);
        app.draw();
    }
    print("card -> status frame (new rare glyph)", stats(first));
    print("card -> frame with the rare glyph", stats(swapped));

    // The most memory over the tour of every screen.
    std::ifstream tour(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/scripts/tour.script");
    std::stringstream text;
    text << tour.rdbuf();
    auto steps = flow::parse_script(text.str());
    double pss_max = pss_first;
    ui::ScriptRunner runner(app);
    if (steps && runner.start()) {
        for (const auto& step : *steps) {
            if (!runner.step(step)) {
                break;
            }
            app.draw();
            pss_max = std::max(pss_max, pss_mib());
        }
    }
    std::printf("PSS, most seen over the tour (every screen): %.1f MiB\n", pss_max);
    std::filesystem::remove_all(dir);
    return 0;
}
