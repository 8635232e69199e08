#include "ui/voice/voice.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>

#include "ui/voice/synth.hpp"

namespace jiayi::voice {

namespace {

constexpr std::size_t kRecent = 8;  // prompts kept in memory (about 130 KB each)

std::string identity(const Utterance& u) {
    return u.language + '/' + u.key + '\n' + u.synth_voice + '\n' + u.text;
}

}  // namespace

Voice::Voice(Options options)
    : options_(std::move(options)),
      volume_(std::clamp(options_.volume, 0, 100)),
      chime_read_(std::make_shared<const Samples>(chime_sound(Chime::Read))),
      chime_printed_(std::make_shared<const Samples>(chime_sound(Chime::Printed))) {
    const auto silent = [this](const std::string& why) {
        if (options_.report) {
            options_.report("the voice is silent: " + why + "; the kiosk runs on without sound");
        }
    };
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        silent(std::string("no audio (SDL: ") + SDL_GetError() + ")");
        return;
    }
    sdl_audio_ = true;
    SDL_AudioSpec want{};
    want.freq = kRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = static_cast<Uint16>(std::clamp(options_.buffer_samples, 64, 8192));
    want.callback = &Voice::on_audio;
    want.userdata = this;
    SDL_AudioSpec have{};
    // No changes allowed: SDL converts to the device's format itself.
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device_ == 0) {
        silent(std::string("no audio device (SDL: ") + SDL_GetError() + ")");
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        sdl_audio_ = false;
        return;
    }
    worker_ = std::thread([this] { work(); });
    SDL_PauseAudioDevice(device_, 0);
}

Voice::~Voice() {
    if (worker_.joinable()) {
        {
            std::lock_guard lock(work_mutex_);
            stopping_ = true;
        }
        work_changed_.notify_all();
        worker_.join();
    }
    if (device_ != 0) {
        SDL_CloseAudioDevice(device_);  // waits for the callback to return
    }
    if (sdl_audio_) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
}

std::uint64_t Voice::say(Utterance utterance) {
    if (device_ == 0) {
        return 0;
    }
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(work_mutex_);
        ticket = ++tickets_;
        latest_ = ticket;
        next_prompt_ = Request{ticket, std::move(utterance)};
        install({}, false);  // the screen changed: the old prompt stops now
    }
    work_changed_.notify_all();
    return ticket;
}

void Voice::stop() {
    if (device_ == 0) {
        return;
    }
    {
        std::lock_guard lock(work_mutex_);
        latest_ = ++tickets_;
        next_prompt_.reset();
        install({}, false);
    }
}

std::uint64_t Voice::chime(Chime chime) {
    if (device_ == 0) {
        return 0;
    }
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(work_mutex_);
        ticket = ++tickets_;
    }
    install({chime == Chime::Read ? chime_read_ : chime_printed_, 0, ticket}, true);
    return ticket;
}

void Voice::set_volume(int percent) {
    if (device_ == 0) {
        return;
    }
    SDL_LockAudioDevice(device_);
    volume_ = std::clamp(percent, 0, 100);
    SDL_UnlockAudioDevice(device_);
}

void Voice::prepare(std::vector<Utterance> utterances) {
    if (device_ == 0) {
        return;
    }
    {
        std::lock_guard lock(work_mutex_);
        for (auto& u : utterances) {
            to_prepare_.push_back(std::move(u));
        }
    }
    work_changed_.notify_all();
}

bool Voice::wait_prepared(std::chrono::milliseconds timeout) {
    std::unique_lock lock(work_mutex_);
    return work_changed_.wait_for(
        lock, timeout, [this] { return to_prepare_.empty() && !next_prompt_ && !busy_; });
}

std::uint64_t Voice::handed() const {
    std::lock_guard lock(work_mutex_);
    return handed_;
}

Voice::Heard Voice::heard() const {
    std::lock_guard lock(heard_mutex_);
    return heard_;
}

void Voice::install(Playing playing, bool chime) {
    SDL_LockAudioDevice(device_);
    (chime ? chime_ : prompt_) = std::move(playing);
    SDL_UnlockAudioDevice(device_);
}

void Voice::on_audio(void* self, std::uint8_t* stream, int bytes) {
    static_cast<Voice*>(self)->mix(reinterpret_cast<std::int16_t*>(stream), bytes / 2);
}

// SDL's audio thread, under the device's lock: the prompt and the chime,
// added, at the volume.
void Voice::mix(std::int16_t* out, int count) {
    std::memset(out, 0, static_cast<std::size_t>(count) * 2);
    bool prompt_began = false;
    bool chime_began = false;
    const auto add = [&](Playing& p, bool& began) {
        if (!p.samples || p.at >= p.samples->size()) {
            return;
        }
        began = p.at == 0;
        const std::size_t n = std::min(static_cast<std::size_t>(count), p.samples->size() - p.at);
        for (std::size_t i = 0; i < n; ++i) {
            const int sum = out[i] + (*p.samples)[p.at + i] * volume_ / 100;
            out[i] = static_cast<std::int16_t>(std::clamp(sum, -32768, 32767));
        }
        p.at += n;
    };
    add(prompt_, prompt_began);
    add(chime_, chime_began);
    const bool playing = (prompt_.samples && prompt_.at < prompt_.samples->size()) ||
                         (chime_.samples && chime_.at < chime_.samples->size());
    const auto now = Clock::now();
    {
        std::lock_guard lock(heard_mutex_);
        if (prompt_began) {
            heard_.prompt = prompt_.ticket;
            heard_.prompt_at = now;
        }
        if (chime_began) {
            heard_.chime = chime_.ticket;
            heard_.chime_at = now;
        }
        if (!prompt_began && !chime_began && playing == heard_.playing && !playing) {
            return;  // silence goes on: nobody to wake
        }
        heard_.played = prompt_.samples ? prompt_.at : 0;
        heard_.playing = playing;
    }
    heard_changed_.notify_all();
}

void Voice::work() {
    std::unique_lock lock(work_mutex_);
    for (;;) {
        work_changed_.wait(lock,
                           [this] { return stopping_ || next_prompt_ || !to_prepare_.empty(); });
        if (stopping_) {
            return;
        }
        Request request;
        if (next_prompt_) {
            request = std::move(*next_prompt_);
            next_prompt_.reset();
        } else {
            request.utterance = std::move(to_prepare_.front());
            to_prepare_.pop_front();
        }
        busy_ = true;
        lock.unlock();
        std::shared_ptr<const Samples> samples;
        if (request.ticket != 0) {
            samples = find(request.utterance);
        } else {
            warm(request.utterance);
        }
        lock.lock();
        busy_ = false;
        // Played only if no newer say() or stop() came meanwhile.
        if (request.ticket != 0 && request.ticket == latest_ && samples) {
            install({std::move(samples), 0, request.ticket}, false);
            handed_ = request.ticket;
        }
        work_changed_.notify_all();
    }
}

std::filesystem::path Voice::recording(const Utterance& u) const {
    return options_.prompts.empty() ? std::filesystem::path()
                                    : options_.prompts / u.language / (u.key + ".wav");
}

// The worker, for prepare(): a synthesis into the disk cache, unless a
// recording or the cache has it already (nothing is loaded).
void Voice::warm(const Utterance& u) {
    std::error_code ignored;
    const auto recorded = recording(u);
    if (!recorded.empty() && std::filesystem::exists(recorded, ignored)) {
        return;
    }
    if (!options_.synthesize || u.text.empty() || u.synth_voice.empty() || options_.cache.empty()) {
        return;
    }
    Synth synth(options_.cache);
    if (std::filesystem::exists(synth.cached(u.synth_voice, u.text), ignored)) {
        return;
    }
    (void)synth.speak(u.synth_voice, u.text);
}

// The worker: the utterance's samples from memory, a recording or espeak-ng.
std::shared_ptr<const Samples> Voice::find(const Utterance& u) {
    const std::string id = identity(u);
    const auto hit = std::find_if(recent_.begin(), recent_.end(),
                                  [&](const auto& entry) { return entry.first == id; });
    if (hit != recent_.end()) {
        recent_.splice(recent_.begin(), recent_, hit);
        return hit->second;
    }
    std::optional<Samples> found;
    const auto report_once = [&](const std::string& why) {
        if (std::find(unvoiced_.begin(), unvoiced_.end(), id) != unvoiced_.end()) {
            return;
        }
        unvoiced_.push_back(id);
        if (options_.report) {
            options_.report("the prompt " + u.language + "/" + u.key + " is not spoken: " + why);
        }
    };
    std::error_code ignored;
    const std::filesystem::path recorded = recording(u);
    if (!recorded.empty() && std::filesystem::exists(recorded, ignored)) {
        if (auto loaded = load_wav(recorded); loaded && !loaded->empty()) {
            found = std::move(loaded).value();
        } else {
            report_once(loaded ? recorded.string() + " holds no sound" : loaded.error());
        }
    }
    const bool synthesizable = options_.synthesize && !u.text.empty() && !u.synth_voice.empty();
    if (!found && synthesizable) {
        if (auto spoken = Synth(options_.cache).speak(u.synth_voice, u.text); spoken) {
            found = std::move(spoken).value();
        } else {
            report_once(spoken.error());
        }
    }
    if (!found) {
        if (!synthesizable) {
            report_once("no recording, and nothing to synthesize");
        }
        return nullptr;
    }
    auto samples = std::make_shared<const Samples>(std::move(*found));
    recent_.emplace_front(id, samples);
    if (recent_.size() > kRecent) {
        recent_.pop_back();
    }
    return samples;
}

}  // namespace jiayi::voice
