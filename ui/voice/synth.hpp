#pragma once
// Speech synthesized by espeak-ng, cached on disk. Debian's espeak-ng reads
// Mandarin only from tone-numbered pinyin (voice "cmn-latn-pinyin": "ni3
// hao3"); Chinese characters would be read as English letter names, so the
// caller hands pinyin for Mandarin. A rendering is kept in the cache folder
// as "<hash>.wav", the hash of (espeak-ng's version, voice, rate, text): a
// second start, or a second kiosk sharing the folder, reads it instead of
// synthesizing again.
//
// espeak-ng is one library state per process: every Synth shares it under
// one lock, so renderings happen one at a time. Tens of milliseconds per
// sentence: call it from a worker thread, never from the frame loop.

#include <filesystem>
#include <string>

#include "ui/voice/pcm.hpp"

namespace jiayi::voice {

inline constexpr int kSpeechRate = 145;  // words per minute; espeak-ng's normal is 175

class Synth {
  public:
    // `cache`: the folder of renderings (created when missing); empty: none.
    explicit Synth(std::filesystem::path cache) : cache_(std::move(cache)) {}

    // `voice`: an espeak-ng voice name ("cmn-latn-pinyin", "en"). From the
    // cache when it holds the rendering; else rendered and written there
    // (a cache that cannot be written is not an error: the samples come back).
    Result<Samples, std::string> speak(const std::string& voice, const std::string& text);

    // Where `speak` keeps (voice, text): empty without a cache.
    std::filesystem::path cached(const std::string& voice, const std::string& text) const;

  private:
    std::filesystem::path cache_;
};

}  // namespace jiayi::voice
