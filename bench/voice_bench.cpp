// The voice's latencies (issue 13, "Spoken guidance"): card read → chime
// audible ≤ 100 ms; screen change → prompt starts ≤ 150 ms. The kiosk app
// with a real Voice: a card is handed to the app as the frame loop does
// (KioskApp::deliver), the view drawn; the time runs from the card (or the
// tap) to the moment SDL's audio thread takes the chime's or the prompt's
// first samples, plus one device buffer (512 samples, 23 ms) for "audible".
// Without SDL_AUDIODRIVER set, SDL's disk driver writes to /dev/null (it
// keeps a real device's cadence: a callback per buffer).
//
//   voice_bench [--rounds 20] [--lang en|zh-CN]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "kiosk/config/config.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/store/crypto.hpp"
#include "kiosk/store/store.hpp"
#include "ui/app/kiosk_app.hpp"
#include "ui/voice/synth.hpp"
#include "ui/voice/voice.hpp"

using namespace jiayi;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) {
            return argv[i + 1];
        }
    }
    return fallback;
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

struct Figures {
    std::vector<double> values;
    void print(const char* what) {
        if (values.empty()) {
            std::printf("%-44s no samples\n", what);
            return;
        }
        std::sort(values.begin(), values.end());
        std::printf("%-44s median %6.1f ms, max %6.1f ms (%zu)\n", what, values[values.size() / 2],
                    values.back(), values.size());
    }
};

}  // namespace

int main(int argc, char** argv) {
    const int rounds = std::stoi(arg(argc, argv, "--rounds", "20"));
    const auto language = text::language_from_code(arg(argc, argv, "--lang", "en"));
    if (!language) {
        std::fprintf(stderr, "--lang: zh-CN or en\n");
        return 2;
    }
    if (std::getenv("SDL_AUDIODRIVER") == nullptr) {
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
    }
    char pattern[] = "/tmp/jiayi-bench-XXXXXX";
    const std::filesystem::path dir = ::mkdtemp(pattern);
    auto loaded =
        config::load_config(std::filesystem::path(JIAYI_SOURCE_DIR) / "config/kiosk.toml");
    if (!loaded) {
        std::fprintf(stderr, "config: %s\n", loaded.error().front().to_string().c_str());
        return 1;
    }
    config::KioskConfig config = std::move(loaded).value();
    config.paths.database = dir / "kiosk.db";
    config.paths.key_file = dir / "kiosk.key";
    config.screen.language = *language;
    config.voice.volume = 100;
    config.voice.quiet_from_minute = config.voice.quiet_to_minute = 0;
    (void)store::KeyRing::generate(config.paths.key_file);
    Instant now{std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()};
    auto store = store::Store::open(config.paths.database,
                                    store::KeyRing::load(config.paths.key_file).value(), now)
                     .value();
    (void)store->cache_teams(demo::teams(), now);
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    auto platform = ui::Platform::create({true, false, 1920, 1080});
    if (!catalog || !platform) {
        std::fprintf(stderr, "start failed\n");
        return 1;
    }
    const double device_buffer = 512.0 * 1000 / voice::kRate;
    std::printf("voice_bench: %s, SDL audio driver %s, device buffer %.1f ms\n",
                std::string(text::code(*language)).c_str(), std::getenv("SDL_AUDIODRIVER"),
                device_buffer);

    Figures chime, prompt_cold, prompt_cached, prompt_memory;
    // Twice: first with an empty synthesis cache (each sentence synthesized
    // on the worker when its screen first shows), then a new start on the
    // cache the first filled (as a kiosk's second start).
    for (int start = 0; start < 2; ++start) {
        voice::Options options;
        options.cache = dir / "voice-cache";
        options.volume = 100;
        voice::Voice voice(options);
        if (!voice.audible()) {
            std::fprintf(stderr, "no audio device\n");
            return 1;
        }
        ui::KioskApp app(config, *store, *platform.value(), *catalog, [&] { return now; });
        app.set_voice(&voice);
        if (auto ready = app.prepare(); !ready) {
            std::fprintf(stderr, "fonts: %s\n", ready.error().c_str());
            return 1;
        }
        app.draw();
        (void)voice.wait_for([](const auto& h) { return h.prompt != 0; }, 5s);
        const auto card = demo::cards(domain::local_date(now, config.kiosk.utc_offset_minutes))[0];
        std::vector<std::string> seen;  // sentences already said once in this start
        if (auto home = flow::speech_for(app.flow().view(), *catalog)) {
            seen.push_back(home->key);  // said as the app started
        }
        for (int round = 0; round < rounds; ++round) {
            // A card on the home screen: the chime, then the status screen's sentence.
            auto before = voice.heard();
            const auto t0 = Clock::now();
            app.deliver(flow::CardEvent{card.card}, now);
            app.draw();
            const auto status = flow::speech_for(app.flow().view(), *catalog);
            if (voice.wait_for([&](const auto& h) { return h.chime > before.chime; }, 5s)) {
                chime.values.push_back(ms(voice.heard().chime_at - t0) + device_buffer);
            }
            const auto record = [&](const std::optional<flow::Speech>& speech,
                                    Clock::time_point from, std::uint64_t after) {
                if (!speech ||
                    !voice.wait_for([&](const auto& h) { return h.prompt > after; }, 5s)) {
                    return;
                }
                const double took = ms(voice.heard().prompt_at - from);
                const bool first = std::find(seen.begin(), seen.end(), speech->key) == seen.end();
                if (first) {
                    seen.push_back(speech->key);
                }
                (first ? (start == 0 ? prompt_cold : prompt_cached) : prompt_memory)
                    .values.push_back(took);
            };
            record(status, t0, before.prompt);
            // Back home: the home screen's sentence.
            before = voice.heard();
            const auto t1 = Clock::now();
            app.flow().handle({flow::IntentKind::Finish, {}, 0, {}}, now);
            app.draw();
            record(flow::speech_for(app.flow().view(), *catalog), t1, before.prompt);
            now.unix_seconds += 1;
        }
    }
    // espeak-ng alone, every screen's sentence once, no cache: what a
    // prompt not yet in the cache adds to its start (on the worker).
    Figures synthesis;
    for (int s = 0; s <= static_cast<int>(flow::kLastScreen); ++s) {
        flow::View view;
        view.screen = static_cast<flow::Screen>(s);
        view.language = *language;
        view.title = std::string("title.") + flow::screen_name(view.screen);
        const auto speech = flow::speech_for(view, *catalog);
        if (!speech) {
            continue;
        }
        const auto u = ui::Guidance::utterance(*speech);
        if (u.text.empty()) {
            continue;  // Mandarin without pinyin: not synthesized
        }
        const auto t0 = Clock::now();
        if (voice::Synth({}).speak(u.synth_voice, u.text)) {
            synthesis.values.push_back(ms(Clock::now() - t0));
        }
    }
    synthesis.print("espeak-ng, one screen's sentence");
    chime.print("card read -> chime audible");
    prompt_cold.print("screen change -> prompt (synthesized now)");
    prompt_cached.print("screen change -> prompt (disk cache)");
    prompt_memory.print("screen change -> prompt (in memory)");
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return 0;
}
