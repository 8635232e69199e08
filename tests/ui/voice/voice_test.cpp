// ui/voice: prompts and chimes through SDL's real audio path, to its
// "disk" driver (SDL_AUDIODRIVER=disk writes what the device would play to
// SDL_DISKAUDIOFILE, in real time); the file is read back and searched for
// the exact samples. Synthesis through the real espeak-ng.

#include "ui/voice/voice.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/samples.hpp"
#include "support/temp_dir.hpp"
#include "ui/voice/synth.hpp"

using namespace jiayi;
using namespace std::chrono_literals;
using voice::Samples;

namespace {

constexpr auto kLimit = 20s;  // for a wait that should take about a second

// A deterministic noisy signal, unlike any other in the file it is searched in.
Samples pattern(std::size_t count, std::uint32_t seed) {
    Samples out(count);
    std::uint32_t x = seed;
    for (auto& s : out) {
        x = x * 1664525u + 1013904223u;
        s = static_cast<std::int16_t>(static_cast<int>(x >> 20) - 2048);
        if (s == 0) {
            s = 1;  // never silence
        }
    }
    return out;
}

// A WAV file of any PCM or float layout, written by hand (SDL writes none).
void write_wav(const std::filesystem::path& file, int format, int channels, int rate, int bits,
               const std::string& data) {
    std::string h = "RIFF";
    const auto put = [&h](std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            h.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        }
    };
    put(static_cast<std::uint32_t>(36 + data.size()), 4);
    h += "WAVEfmt ";
    put(16, 4);
    put(static_cast<std::uint32_t>(format), 2);
    put(static_cast<std::uint32_t>(channels), 2);
    put(static_cast<std::uint32_t>(rate), 4);
    put(static_cast<std::uint32_t>(rate * channels * bits / 8), 4);
    put(static_cast<std::uint32_t>(channels * bits / 8), 2);
    put(static_cast<std::uint32_t>(bits), 2);
    h += "data";
    put(static_cast<std::uint32_t>(data.size()), 4);
    std::ofstream(file, std::ios::binary) << h << data;
}

// The audio device as a file: every Voice made while it lives plays there.
struct DiskAudio {
    test::TempDir dir;
    std::filesystem::path file = dir / "out.raw";
    DiskAudio() {
        setenv("SDL_AUDIODRIVER", "disk", 1);
        setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
    }
    ~DiskAudio() { unsetenv("SDL_DISKAUDIOFILE"); }
    // What was played (after the Voice is gone: the device closed, flushed).
    Samples played() const {
        const std::string bytes = test::slurp(file);
        Samples out(bytes.size() / 2);
        std::copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(out.size() * 2),
                  reinterpret_cast<char*>(out.data()));
        return out;
    }
};

double rms(const Samples& s) {
    double sum = 0;
    for (const auto v : s) {
        sum += static_cast<double>(v) * v;
    }
    return s.empty() ? 0 : std::sqrt(sum / static_cast<double>(s.size()));
}

voice::Options recordings(const std::filesystem::path& folder) {
    voice::Options o;
    o.prompts = folder;
    o.synthesize = false;
    o.volume = 100;  // the samples reach the device unchanged
    return o;
}

}  // namespace

TEST_CASE("a recorded prompt reaches the audio device whole, then silence") {
    DiskAudio disk;
    test::TempDir prompts;
    std::filesystem::create_directories(prompts / "zh-CN");
    const Samples a = pattern(voice::kRate * 6 / 10, 1);  // 0.6 s
    REQUIRE(voice::save_wav(prompts / "zh-CN/screen.home.say.wav", a));
    {
        voice::Voice v(recordings(prompts.path()));
        REQUIRE(v.audible());
        const auto ticket = v.say({"screen.home.say", "zh-CN", "", ""});
        CHECK(ticket != 0);
        CHECK(v.wait_for([&](const auto& h) { return h.prompt == ticket && !h.playing; }, kLimit));
    }
    const Samples out = disk.played();
    const std::size_t start = test::find_samples(out, a);
    REQUIRE(start != std::string::npos);
    CHECK(test::matching_samples(out, start, a) == a.size());  // the expected length, every sample
    CHECK(rms(Samples(out.begin() + static_cast<std::ptrdiff_t>(start),
                      out.begin() + static_cast<std::ptrdiff_t>(start + a.size()))) > 1000);
    // Nothing after it (the disk driver writes silence while nothing plays).
    CHECK(std::all_of(out.begin() + static_cast<std::ptrdiff_t>(start + a.size()), out.end(),
                      [](std::int16_t s) { return s == 0; }));
}

TEST_CASE("a new screen's prompt cuts the one playing") {
    DiskAudio disk;
    test::TempDir prompts;
    std::filesystem::create_directories(prompts / "en");
    const Samples a = pattern(voice::kRate * 2, 2);       // 2 s
    const Samples b = pattern(voice::kRate * 5 / 10, 3);  // 0.5 s
    REQUIRE(voice::save_wav(prompts / "en/first.wav", a));
    REQUIRE(voice::save_wav(prompts / "en/second.wav", b));
    std::size_t played_before_cut = 0;
    {
        voice::Voice v(recordings(prompts.path()));
        REQUIRE(v.audible());
        const auto first = v.say({"first", "en", "", ""});
        // A third of a second in, the screen changes.
        REQUIRE(v.wait_for(
            [&](const auto& h) { return h.prompt == first && h.played >= voice::kRate / 3; },
            kLimit));
        const auto second = v.say({"second", "en", "", ""});
        REQUIRE(
            v.wait_for([&](const auto& h) { return h.prompt == second && !h.playing; }, kLimit));
        played_before_cut = voice::kRate / 3;
    }
    const Samples out = disk.played();
    const std::size_t a0 = test::find_samples(out, a);
    const std::size_t b0 = test::find_samples(out, b);
    REQUIRE(a0 != std::string::npos);
    REQUIRE(b0 != std::string::npos);
    const std::size_t of_a = test::matching_samples(out, a0, a);
    CHECK(of_a >= played_before_cut);
    CHECK(of_a < a.size());     // cut: the first did not play to its end
    CHECK(b0 - a0 < a.size());  // the second began before the first would have ended
    CHECK(b0 >= a0 + of_a);     // and after the part of the first that played
    CHECK(test::matching_samples(out, b0, b) == b.size());
    // Between them silence only; the first never resumes.
    CHECK(std::all_of(out.begin() + static_cast<std::ptrdiff_t>(a0 + of_a),
                      out.begin() + static_cast<std::ptrdiff_t>(b0),
                      [](std::int16_t s) { return s == 0; }));
    CHECK(std::all_of(out.begin() + static_cast<std::ptrdiff_t>(b0 + b.size()), out.end(),
                      [](std::int16_t s) { return s == 0; }));
}

TEST_CASE("the read chime and the printed chime reach the device, at the volume") {
    DiskAudio disk;
    const Samples read = voice::chime_sound(voice::Chime::Read);
    const Samples printed = voice::chime_sound(voice::Chime::Printed);
    CHECK(read.size() > voice::kRate / 10);  // short, but heard
    CHECK(read.size() < voice::kRate / 2);
    CHECK(printed.size() > read.size());
    CHECK(rms(read) > 1000);
    {
        voice::Options o;
        o.volume = 100;
        voice::Voice v(o);
        REQUIRE(v.audible());
        const auto first = v.chime(voice::Chime::Read);
        REQUIRE(v.wait_for([&](const auto& h) { return h.chime == first && !h.playing; }, kLimit));
        const auto second = v.chime(voice::Chime::Printed);
        REQUIRE(v.wait_for([&](const auto& h) { return h.chime == second && !h.playing; }, kLimit));
    }
    const Samples out = disk.played();
    const std::size_t r = test::find_samples(out, read);
    REQUIRE(r != std::string::npos);
    CHECK(test::matching_samples(out, r, read) == read.size());
    const std::size_t p = test::find_samples(out, printed, r + read.size());
    REQUIRE(p != std::string::npos);
    CHECK(test::matching_samples(out, p, printed) == printed.size());
}

TEST_CASE("half volume halves the samples, and zero is silence") {
    DiskAudio disk;
    const Samples read = voice::chime_sound(voice::Chime::Read);
    {
        voice::Options o;
        o.volume = 50;
        voice::Voice v(o);
        REQUIRE(v.audible());
        const auto half = v.chime(voice::Chime::Read);
        REQUIRE(v.wait_for([&](const auto& h) { return h.chime == half && !h.playing; }, kLimit));
        v.set_volume(0);
        const auto none = v.chime(voice::Chime::Printed);
        REQUIRE(v.wait_for([&](const auto& h) { return h.chime == none && !h.playing; }, kLimit));
    }
    Samples halved = read;
    for (auto& s : halved) {
        s = static_cast<std::int16_t>(s * 50 / 100);
    }
    const Samples out = disk.played();
    const std::size_t at = test::find_samples(out, halved);
    REQUIRE(at != std::string::npos);
    CHECK(test::matching_samples(out, at, halved) == halved.size());
    CHECK(std::all_of(out.begin() + static_cast<std::ptrdiff_t>(at + halved.size()), out.end(),
                      [](std::int16_t s) { return s == 0; }));
}

TEST_CASE("espeak-ng reads tone-numbered pinyin and English, and keeps them in its cache") {
    test::TempDir cache;
    voice::Synth synth(cache.path());
    const std::string pinyin = "qing3 ba3 shen1 fen4 zheng4 fang4 zai4 du2 ka3 qi4 shang4";
    const auto t0 = std::chrono::steady_clock::now();
    auto mandarin = synth.speak("cmn-latn-pinyin", pinyin);
    const auto synthesized = std::chrono::steady_clock::now() - t0;
    REQUIRE_MESSAGE(mandarin, (mandarin ? "" : mandarin.error()));
    // Eleven syllables at a calm pace: one to six seconds, and not silence.
    CHECK(mandarin->size() > static_cast<std::size_t>(voice::kRate));
    CHECK(mandarin->size() < static_cast<std::size_t>(voice::kRate * 6));
    CHECK(rms(*mandarin) > 500);
    CHECK(std::filesystem::exists(synth.cached("cmn-latn-pinyin", pinyin)));
    // The second time from the cache: the same samples.
    const auto t1 = std::chrono::steady_clock::now();
    auto again = voice::Synth(cache.path()).speak("cmn-latn-pinyin", pinyin);
    const auto from_cache = std::chrono::steady_clock::now() - t1;
    REQUIRE(again);
    CHECK(*again == *mandarin);
    MESSAGE("synthesized in " << std::chrono::duration<double, std::milli>(synthesized).count()
                              << " ms, from the cache in "
                              << std::chrono::duration<double, std::milli>(from_cache).count()
                              << " ms");
    auto english = synth.speak("en", "Please place your ID card on the reader.");
    REQUIRE(english);
    CHECK(english->size() > static_cast<std::size_t>(voice::kRate));
    CHECK(rms(*english) > 500);
    CHECK(*english != *mandarin);
    CHECK_FALSE(synth.speak("no-such-voice", "hello"));
}

TEST_CASE("a synthesized prompt reaches the device as espeak-ng rendered it") {
    DiskAudio disk;
    test::TempDir cache;
    const std::string text = "Please place your ID card on the reader.";
    {
        voice::Options o;
        o.cache = cache.path();
        o.volume = 100;
        voice::Voice v(o);
        REQUIRE(v.audible());
        const auto ticket = v.say({"screen.identify.say", "en", "en", text});
        REQUIRE(
            v.wait_for([&](const auto& h) { return h.prompt == ticket && !h.playing; }, kLimit));
    }
    auto expected = voice::Synth(cache.path()).speak("en", text);  // from the cache
    REQUIRE(expected);
    const Samples out = disk.played();
    // espeak-ng starts with a few silent samples: search from its first sound.
    const auto first_sound =
        std::find_if(expected->begin(), expected->end(), [](std::int16_t s) { return s != 0; });
    const Samples voiced(first_sound, expected->end());
    const std::size_t at = test::find_samples(out, voiced);
    REQUIRE(at != std::string::npos);
    CHECK(test::matching_samples(out, at, voiced) == voiced.size());
}

TEST_CASE("a recording in any WAV format SDL reads is converted to the voice's") {
    test::TempDir dir;
    // 0.5 s each: 8-bit 8 kHz mono, 16-bit 44.1 kHz stereo, float 48 kHz mono.
    std::string u8(4000, '\x80');
    for (std::size_t i = 0; i < u8.size(); ++i) {
        u8[i] = static_cast<char>(128 + 100 * std::sin(static_cast<double>(i) * 0.3));
    }
    write_wav(dir / "u8.wav", 1, 1, 8000, 8, u8);
    std::string s16(44100 / 2 * 4, '\0');
    for (std::size_t i = 0; i < s16.size() / 4; ++i) {
        const auto v = static_cast<std::int16_t>(10000 * std::sin(static_cast<double>(i) * 0.05));
        std::memcpy(&s16[i * 4], &v, 2);
        std::memcpy(&s16[i * 4 + 2], &v, 2);
    }
    write_wav(dir / "s16.wav", 1, 2, 44100, 16, s16);
    std::string f32(48000 / 2 * 4, '\0');
    for (std::size_t i = 0; i < f32.size() / 4; ++i) {
        const float v = 0.3f * static_cast<float>(std::sin(static_cast<double>(i) * 0.05));
        std::memcpy(&f32[i * 4], &v, 4);
    }
    write_wav(dir / "f32.wav", 3, 1, 48000, 32, f32);
    for (const char* name : {"u8.wav", "s16.wav", "f32.wav"}) {
        CAPTURE(name);
        auto samples = voice::load_wav(dir / name);
        REQUIRE(samples);
        CHECK(std::abs(static_cast<double>(samples->size()) - voice::kRate / 2.0) <
              voice::kRate * 0.01);
        CHECK(rms(*samples) > 1000);
    }
    std::ofstream(dir / "broken.wav") << "RIFF, but not really";
    auto broken = voice::load_wav(dir / "broken.wav");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().find("broken.wav") != std::string::npos);
}

TEST_CASE("without an audio device the voice is silent, says so once, and does nothing") {
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    std::vector<std::string> lines;
    {
        voice::Options o;
        o.report = [&](const std::string& line) { lines.push_back(line); };
        voice::Voice v(o);
        CHECK_FALSE(v.audible());
        CHECK(v.say({"screen.home.say", "zh-CN", "cmn-latn-pinyin", "ni3 hao3"}) == 0);
        CHECK(v.chime(voice::Chime::Read) == 0);
        v.set_volume(50);
        v.stop();
    }
    unsetenv("SDL_AUDIODRIVER");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("silent") != std::string::npos);
}

TEST_CASE("a prompt with no recording and no text says which key, once, and plays nothing") {
    DiskAudio disk;
    test::TempDir prompts;
    std::vector<std::string> lines;
    std::mutex lines_mutex;
    {
        voice::Options o = recordings(prompts.path());
        o.report = [&](const std::string& line) {
            std::lock_guard lock(lines_mutex);
            lines.push_back(line);
        };
        voice::Voice v(o);
        REQUIRE(v.audible());
        (void)v.say({"screen.nowhere.say", "zh-CN", "", ""});
        REQUIRE(v.wait_prepared(kLimit));
        (void)v.say({"screen.nowhere.say", "zh-CN", "", ""});
        REQUIRE(v.wait_prepared(kLimit));
        CHECK_FALSE(v.heard().playing);
    }
    std::lock_guard lock(lines_mutex);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("zh-CN/screen.nowhere.say") != std::string::npos);
}
