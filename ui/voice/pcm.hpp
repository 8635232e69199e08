#pragma once
// Sound as the voice keeps it: mono, signed 16-bit samples at kRate (22 050
// Hz, espeak-ng's own rate, so synthesized speech needs no conversion).
// Recorded prompts are converted to it when loaded; the synthesis cache
// stores it as WAV files.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace jiayi::voice {

inline constexpr int kRate = 22050;

using Samples = std::vector<std::int16_t>;

// A WAV file as mono 16-bit samples at kRate. Whatever SDL_LoadWAV reads is
// accepted — PCM of 8, 16, 24 or 32 bits, 32-bit float, IMA and Microsoft
// ADPCM, A-law and µ-law; mono or stereo (mixed down), at any rate
// (resampled by SDL_AudioCVT). The error names the file and
// SDL's reason.
Result<Samples, std::string> load_wav(const std::filesystem::path& file);

// Writes `samples` as a 16-bit mono PCM WAV at kRate; through a temporary
// file renamed into place, so a reader never sees half of one.
Result<void, std::string> save_wav(const std::filesystem::path& file, const Samples& samples);

}  // namespace jiayi::voice
