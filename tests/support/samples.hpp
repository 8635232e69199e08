#pragma once
// Finding a sound in what an audio device played (the voice tests decode
// SDL's disk-driver output and look for the exact samples in it).

#include <algorithm>
#include <cstddef>
#include <string>

#include "ui/voice/voice.hpp"

namespace jiayi::test {

// Where `needle`'s first samples start in `hay`, from `from`; npos when they do not.
inline std::size_t find_samples(const voice::Samples& hay, const voice::Samples& needle,
                                std::size_t from = 0) {
    const std::size_t n = std::min<std::size_t>(needle.size(), 256);
    const auto at = std::search(hay.begin() + static_cast<std::ptrdiff_t>(from), hay.end(),
                                needle.begin(), needle.begin() + static_cast<std::ptrdiff_t>(n));
    return at == hay.end() ? std::string::npos : static_cast<std::size_t>(at - hay.begin());
}

// How many samples of `hay` from `at` equal `expected`'s, from its start.
inline std::size_t matching_samples(const voice::Samples& hay, std::size_t at,
                                    const voice::Samples& expected) {
    std::size_t k = 0;
    while (k < expected.size() && at + k < hay.size() && hay[at + k] == expected[k]) {
        ++k;
    }
    return k;
}

}  // namespace jiayi::test
