#include "ui/voice/synth.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <cstdio>
#include <mutex>

namespace jiayi::voice {

namespace {

std::mutex& library_lock() {
    static std::mutex lock;
    return lock;
}

// espeak-ng hands its samples here, chunk by chunk, during espeak_Synth
// (synchronous mode); user_data is the buffer being filled.
int on_samples(short* wav, int count, espeak_EVENT* events) {
    if (wav != nullptr && count > 0 && events != nullptr && events->user_data != nullptr) {
        auto* out = static_cast<Samples*>(events->user_data);
        out->insert(out->end(), wav, wav + count);
    }
    return 0;  // go on
}

std::string status_text(espeak_ng_STATUS status) {
    char buffer[256] = {};
    espeak_ng_GetStatusCodeMessage(status, buffer, sizeof buffer);
    return buffer;
}

// Once per process, under library_lock(); the library stays up until exit.
Result<void, std::string> start_library() {
    static bool started = false;
    static std::string failure;
    if (started) {
        return failure.empty() ? Result<void, std::string>{} : fail(failure);
    }
    started = true;
    espeak_ng_InitializePath(nullptr);
    espeak_ng_ERROR_CONTEXT context = nullptr;
    espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    espeak_ng_ClearErrorContext(&context);
    if (status == ENS_OK) {
        status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
    }
    if (status != ENS_OK) {
        failure = "espeak-ng: " + status_text(status);
        return fail(failure);
    }
    if (espeak_ng_GetSampleRate() != kRate) {
        failure =
            "espeak-ng: an unexpected sample rate " + std::to_string(espeak_ng_GetSampleRate());
        return fail(failure);
    }
    espeak_SetSynthCallback(on_samples);
    return {};
}

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace

std::filesystem::path Synth::cached(const std::string& voice, const std::string& text) const {
    if (cache_.empty()) {
        return {};
    }
    std::string identity = "espeak-ng ";
    identity += espeak_Info(nullptr);
    identity += '\0' + voice + '\0' + std::to_string(kSpeechRate) + '\0' + text;
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.wav",
                  static_cast<unsigned long long>(fnv1a(identity)));
    return cache_ / name;
}

Result<Samples, std::string> Synth::speak(const std::string& voice, const std::string& text) {
    const std::filesystem::path file = cached(voice, text);
    std::error_code ignored;
    if (!file.empty() && std::filesystem::exists(file, ignored)) {
        if (auto kept = load_wav(file); kept && !kept->empty()) {
            return kept;
        }
    }
    Samples out;
    {
        const std::lock_guard lock(library_lock());
        if (auto started = start_library(); !started) {
            return fail(started.error());
        }
        if (espeak_ng_SetVoiceByName(voice.c_str()) != ENS_OK) {
            return fail("espeak-ng: no voice \"" + voice + "\"");
        }
        espeak_SetParameter(espeakRATE, kSpeechRate, 0);
        const espeak_ERROR said = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8, nullptr, &out);
        if (said != EE_OK || espeak_Synchronize() != EE_OK) {
            return fail("espeak-ng: synthesis failed");
        }
    }
    if (out.empty()) {
        return fail("espeak-ng: no sound for the text");
    }
    if (!file.empty()) {
        std::filesystem::create_directories(cache_, ignored);
        (void)save_wav(file, out);  // a read-only cache: synthesized again next time
    }
    return out;
}

}  // namespace jiayi::voice
