// The kiosk's voice wired into the kiosk (issue 13, "Spoken guidance"):
// the app with a real Voice on SDL's disk audio driver — each screen's
// sentence reaches the output, the next screen cuts it, "Listen again"
// says it again, a card chimes; and the real program without an audio
// device, which runs on with one line for staff.

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "kiosk/flow/speech.hpp"
#include "support/kiosk_fixture.hpp"
#include "support/samples.hpp"
#include "support/temp_dir.hpp"
#include "ui/app/kiosk_app.hpp"
#include "ui/voice/synth.hpp"
#include "ui/voice/voice.hpp"

using namespace jiayi;
using namespace std::chrono_literals;
using voice::Samples;

namespace {

constexpr auto kLimit = 30s;

Samples read_samples(const std::filesystem::path& file) {
    const std::string bytes = test::slurp(file);
    Samples out(bytes.size() / 2);
    std::copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(out.size() * 2),
              reinterpret_cast<char*>(out.data()));
    return out;
}

// espeak-ng's rendering without its leading silence.
Samples voiced(const Samples& s) {
    return Samples(std::find_if(s.begin(), s.end(), [](std::int16_t v) { return v != 0; }),
                   s.end());
}

}  // namespace

TEST_CASE("the kiosk says each screen, cuts it at the next, says it again, chimes for a card") {
    test::TempDir dir;
    const auto out_file = dir / "out.raw";
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", out_file.c_str(), 1);
    auto catalog = text::Catalog::load(std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings");
    REQUIRE(catalog.ok());
    // English: synthesized from the catalog's sentence (Mandarin would need
    // the catalog's pinyin, which is another branch's work).
    config::KioskConfig config = test::kiosk_config();
    config.screen.language = text::Language::En;
    config.voice.volume = 100;
    config.voice.quiet_from_minute = config.voice.quiet_to_minute = 0;
    voice::Options options;
    options.cache = dir / "cache";
    options.volume = 100;
    std::optional<flow::Speech> home, identify;
    {
        voice::Voice voice(options);
        REQUIRE(voice.audible());
        test::StoreFixture f;
        auto platform = ui::Platform::create({true, false, 1280, 800});
        REQUIRE(platform.ok());
        ui::KioskApp app(config, *f.store, *platform.value(), *catalog,
                         [] { return test::kStoreNow; });
        app.set_voice(&voice);
        REQUIRE(app.start_scripted([] { return test::kStoreNow; }).ok());

        home = flow::speech_for(app.flow().view(), *catalog);
        REQUIRE(home);
        app.draw();
        REQUIRE(voice.wait_for(
            [](const auto& h) { return h.prompt != 0 && h.played >= voice::kRate / 4; }, kLimit));
        const auto first = voice.heard().prompt;

        // The next screen, a quarter of a second into the first sentence.
        app.flow().handle({flow::IntentKind::StartSigning, {}, 0, {}}, test::kStoreNow);
        identify = flow::speech_for(app.flow().view(), *catalog);
        REQUIRE(identify);
        REQUIRE(identify->key != home->key);
        app.draw();
        REQUIRE(
            voice.wait_for([&](const auto& h) { return h.prompt > first && !h.playing; }, kLimit));
        const auto second = voice.heard().prompt;

        // Drawing again says nothing new; "Listen again" does.
        app.draw();
        CHECK_FALSE(voice.heard().playing);
        app.flow().handle({flow::IntentKind::ListenAgain, {}, 0, {}}, test::kStoreNow);
        app.draw();
        REQUIRE(
            voice.wait_for([&](const auto& h) { return h.prompt > second && !h.playing; }, kLimit));

        // A card (an unreadable one: no person) chimes as it reaches the flow.
        app.deliver(flow::CardEvent{{"", "not-a-number", ""}}, test::kStoreNow);
        REQUIRE(voice.wait_for([](const auto& h) { return h.chime != 0 && !h.playing; }, kLimit));
    }
    unsetenv("SDL_DISKAUDIOFILE");
    unsetenv("SDL_AUDIODRIVER");

    const Samples out = read_samples(out_file);
    voice::Synth synth(dir / "cache");  // the voice's renderings, from its cache
    auto home_sound = synth.speak("en", home->text);
    auto identify_sound = synth.speak("en", identify->text);
    REQUIRE(home_sound);
    REQUIRE(identify_sound);
    const Samples a = voiced(*home_sound);
    const Samples b = voiced(*identify_sound);
    const std::size_t a0 = test::find_samples(out, a);
    REQUIRE(a0 != std::string::npos);
    const std::size_t of_a = test::matching_samples(out, a0, a);
    // Its start, until the cut: the quarter second the voice had handed out
    // counts the rendering's leading silence, which voiced() leaves out.
    const std::size_t lead = home_sound->size() - a.size();
    CHECK(of_a + lead >= static_cast<std::size_t>(voice::kRate / 4) - 600);
    CHECK(of_a < a.size());  // cut
    const std::size_t b0 = test::find_samples(out, b, a0 + of_a);
    REQUIRE(b0 != std::string::npos);
    CHECK(b0 - a0 < a.size());  // before the first sentence would have ended
    CHECK(test::matching_samples(out, b0, b) == b.size());
    const std::size_t b1 = test::find_samples(out, b, b0 + b.size());  // "Listen again"
    REQUIRE(b1 != std::string::npos);
    CHECK(test::matching_samples(out, b1, b) == b.size());
    const Samples chime = voice::chime_sound(voice::Chime::Read);
    const std::size_t c0 = test::find_samples(out, chime, b1 + b.size());
    REQUIRE(c0 != std::string::npos);
    CHECK(test::matching_samples(out, c0, chime) == chime.size());
}

TEST_CASE("a kiosk without an audio device runs on, silent, with one line for staff") {
    test::TempDir dir;
    // The disk driver asked for, with a file it cannot open: the device
    // does not open, as on a kiosk whose sound card is missing.
    const std::string command =
        "SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=" + (dir / "no/such/folder/out.raw").string() +
        " " JIAYI_KIOSK_BIN " --headless --config " JIAYI_SOURCE_DIR "/config/kiosk.toml" +
        " --screenshot " + (dir / "shots").string() + " --screen identify 2>" +
        (dir / "stderr").string() + " >/dev/null </dev/null";
    const int raw = std::system(command.c_str());
    REQUIRE(WIFEXITED(raw));
    CHECK(WEXITSTATUS(raw) == 0);
    CHECK(std::filesystem::exists(dir / "shots"));
    const std::string err = test::slurp(dir / "stderr");
    std::size_t lines = 0;
    for (std::size_t at = err.find("the voice is silent"); at != std::string::npos;
         at = err.find("the voice is silent", at + 1)) {
        ++lines;
    }
    CHECK(lines == 1);
}
