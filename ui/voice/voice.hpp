#pragma once
// The kiosk's voice (issue 13, "Spoken guidance"): one prompt at a time, and
// chimes over it.
//
// Sources of a prompt, in order: the health center's recording
// "<prompts>/<language>/<key>.wav" (any WAV SDL reads, see pcm.hpp), else
// espeak-ng reading the utterance's text in its voice (synth.hpp, cached on
// disk), else nothing.
//
// Threads: say(), stop(), chime(), set_volume() and prepare() may be called
// from any thread and never wait for more than a buffer swap (the frame loop
// calls them). A worker thread finds or synthesizes the prompt's samples;
// SDL's audio thread plays them (its callback mixes the prompt and a chime).
// A new say() cuts the prompt playing at once, and a prompt whose samples
// come after a newer say() is dropped. The destructor stops the worker and
// closes the device; a prompt half-played is cut.
//
// Without an audio device (SDL finds none, or it will not open) the voice is
// silent: one line to Options::report says why, every call does nothing,
// the kiosk runs on.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ui/voice/chime.hpp"
#include "ui/voice/pcm.hpp"

namespace jiayi::voice {

struct Utterance {
    std::string key;          // the catalog key: names the recording "<key>.wav"
    std::string language;     // the recordings' folder: "zh-CN", "en"
    std::string synth_voice;  // espeak-ng's voice: "cmn-latn-pinyin", "en"
    std::string text;         // what espeak-ng reads (Mandarin: tone-numbered pinyin);
                              // empty: a recording or nothing
};

struct Options {
    std::filesystem::path prompts;  // recordings: <prompts>/<language>/<key>.wav; empty: none
    std::filesystem::path cache;    // synthesized prompts (synth.hpp); empty: not kept
    bool synthesize = true;         // false: recordings only
    int volume = 80;                // 0 (silent) … 100
    // SDL's device buffer in samples: the delay between a chime asked for
    // and heard is up to this much (512: 23 ms).
    int buffer_samples = 512;
    // Where a sentence for staff goes (no device, a prompt with no sound, a
    // synthesis that failed); any thread; never a resident's data — only
    // catalog keys and causes. Empty: nowhere.
    std::function<void(const std::string&)> report;
};

class Voice {
  public:
    using Clock = std::chrono::steady_clock;

    explicit Voice(Options options);
    ~Voice();
    Voice(const Voice&) = delete;
    Voice& operator=(const Voice&) = delete;

    // Whether an audio device is open (false: every call does nothing).
    bool audible() const { return device_ != 0; }

    // Cuts the prompt playing and plays `utterance` once its samples are
    // ready (at once from memory or a recording; a synthesis first takes
    // tens of milliseconds on the worker). Returns its ticket (0: silent).
    std::uint64_t say(Utterance utterance);
    // Cuts the prompt playing (a chime plays on).
    void stop();
    // Plays `chime` over the prompt, cutting a chime still playing.
    std::uint64_t chime(Chime chime);
    // 0 (silent) … 100; applies to what is playing too.
    void set_volume(int percent);
    // Renders these on the worker while it has nothing else to do, playing
    // none (the synthesis cache is filled at the first start).
    void prepare(std::vector<Utterance> utterances);

    // What reached the device (tests and benchmarks): the last prompt and
    // chime whose first samples SDL took, and when.
    struct Heard {
        std::uint64_t prompt = 0;
        Clock::time_point prompt_at{};
        std::uint64_t chime = 0;
        Clock::time_point chime_at{};
        std::size_t played = 0;  // samples of the last prompt given so far
        bool playing = false;    // a prompt or a chime still has samples to give
    };
    Heard heard() const;
    // Waits until `done(heard())` holds or `timeout` passes; returns whether it held.
    template <class Done>
    bool wait_for(Done done, std::chrono::milliseconds timeout) const {
        std::unique_lock lock(heard_mutex_);
        return heard_changed_.wait_for(lock, timeout, [&] { return done(heard_); });
    }
    // The worker's queue is empty (prepare() done) — for tests and benches.
    bool wait_prepared(std::chrono::milliseconds timeout);
    // The ticket of the last prompt handed to the device (0: none): a
    // say() whose ticket is newer, once wait_prepared(), had no sound.
    std::uint64_t handed() const;

  private:
    struct Playing {
        std::shared_ptr<const Samples> samples;
        std::size_t at = 0;
        std::uint64_t ticket = 0;
    };
    struct Request {
        std::uint64_t ticket = 0;  // 0: prepare only
        Utterance utterance;
    };

    static void on_audio(void* self, std::uint8_t* stream, int bytes);
    void mix(std::int16_t* out, int count);
    void work();
    std::shared_ptr<const Samples> find(const Utterance& utterance);
    void warm(const Utterance& utterance);
    std::filesystem::path recording(const Utterance& utterance) const;
    void install(Playing playing, bool chime);

    Options options_;
    std::uint32_t device_ = 0;  // SDL_AudioDeviceID
    bool sdl_audio_ = false;    // the subsystem was started here

    // Touched by the audio callback: under SDL_LockAudioDevice.
    Playing prompt_;
    Playing chime_;
    int volume_ = 80;

    mutable std::mutex heard_mutex_;
    mutable std::condition_variable heard_changed_;
    Heard heard_;

    mutable std::mutex work_mutex_;
    std::condition_variable work_changed_;
    std::optional<Request> next_prompt_;  // the newest say() waiting for its samples
    std::deque<Utterance> to_prepare_;
    bool busy_ = false;
    bool stopping_ = false;
    std::uint64_t tickets_ = 0;  // under work_mutex_
    std::uint64_t latest_ = 0;   // the newest say() or stop(); under work_mutex_
    std::uint64_t handed_ = 0;   // the last prompt installed; under work_mutex_
    std::list<std::pair<std::string, std::shared_ptr<const Samples>>> recent_;  // worker only
    std::vector<std::string> unvoiced_;  // keys logged as having no sound; worker only
    std::thread worker_;
    const std::shared_ptr<const Samples> chime_read_;
    const std::shared_ptr<const Samples> chime_printed_;
};

}  // namespace jiayi::voice
