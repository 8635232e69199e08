#include "ui/voice/pcm.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>

namespace jiayi::voice {

namespace {

struct WavFree {
    void operator()(Uint8* buffer) const { SDL_FreeWAV(buffer); }
};

void put_le(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
}

}  // namespace

Result<Samples, std::string> load_wav(const std::filesystem::path& file) {
    SDL_AudioSpec spec{};
    Uint8* raw = nullptr;
    Uint32 length = 0;
    if (SDL_LoadWAV(file.c_str(), &spec, &raw, &length) == nullptr) {
        return fail(file.string() + ": " + SDL_GetError());
    }
    const std::unique_ptr<Uint8, WavFree> buffer(raw);
    // One SDL_AudioCVT over the whole file (SDL 2.26's SDL_AudioStream
    // keeps back the resampler's last few hundred frames even when flushed).
    SDL_AudioCVT cvt;
    const int needed =
        SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1, kRate);
    if (needed < 0) {
        return fail(file.string() + ": " + SDL_GetError());
    }
    std::vector<Uint8> work(static_cast<std::size_t>(length) *
                            static_cast<std::size_t>(std::max(1, cvt.len_mult)));
    std::memcpy(work.data(), buffer.get(), length);
    int converted = static_cast<int>(length);
    if (needed == 1) {
        cvt.buf = work.data();
        cvt.len = static_cast<int>(length);
        if (SDL_ConvertAudio(&cvt) != 0) {
            return fail(file.string() + ": " + SDL_GetError());
        }
        converted = cvt.len_cvt;
    }
    Samples out(static_cast<std::size_t>(converted) / 2);
    std::memcpy(out.data(), work.data(), out.size() * 2);
    return out;
}

Result<void, std::string> save_wav(const std::filesystem::path& file, const Samples& samples) {
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    std::string header = "RIFF";
    put_le(header, 36 + data_bytes, 4);
    header += "WAVEfmt ";
    put_le(header, 16, 4);         // the fmt chunk's size
    put_le(header, 1, 2);          // PCM
    put_le(header, 1, 2);          // mono
    put_le(header, kRate, 4);      // samples per second
    put_le(header, kRate * 2, 4);  // bytes per second
    put_le(header, 2, 2);          // bytes per frame
    put_le(header, 16, 2);         // bits per sample
    header += "data";
    put_le(header, data_bytes, 4);
    std::filesystem::path temporary = file;
    temporary += ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        // Little-endian on every machine the kiosk runs on (x86-64, arm64).
        out.write(reinterpret_cast<const char*>(samples.data()),
                  static_cast<std::streamsize>(data_bytes));
        if (!out.flush()) {
            return fail(temporary.string() + ": cannot be written");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error) {
        return fail(file.string() + ": " + error.message());
    }
    return {};
}

}  // namespace jiayi::voice
