#include "ui/voice/chime.hpp"

#include <cmath>
#include <numbers>

namespace jiayi::voice {

namespace {

struct Note {
    double hertz;
    double seconds;
};

// One note: a sine with a little of its octave (a rounder, bell-like tone),
// a 6 ms attack and an exponential decay to silence, appended to `out`.
void add_note(Samples& out, Note note, double amplitude) {
    const auto count = static_cast<std::size_t>(note.seconds * kRate);
    const double attack = 0.006 * kRate;
    for (std::size_t i = 0; i < count; ++i) {
        const double t = static_cast<double>(i) / kRate;
        const double rise = std::min(1.0, static_cast<double>(i) / attack);
        const double fall = std::exp(-5.0 * static_cast<double>(i) / static_cast<double>(count));
        const double tail = 1.0 - static_cast<double>(i) / static_cast<double>(count);  // ends at 0
        const double wave = std::sin(2 * std::numbers::pi * note.hertz * t) +
                            0.25 * std::sin(4 * std::numbers::pi * note.hertz * t);
        out.push_back(
            static_cast<std::int16_t>(amplitude * 32767 / 1.25 * rise * fall * tail * wave));
    }
}

}  // namespace

Samples chime_sound(Chime chime) {
    Samples out;
    constexpr double amplitude = 0.4;
    if (chime == Chime::Read) {
        add_note(out, {880.0, 0.09}, amplitude);   // A5
        add_note(out, {1318.5, 0.16}, amplitude);  // E6
    } else {
        add_note(out, {1046.5, 0.11}, amplitude);  // C6
        add_note(out, {1318.5, 0.11}, amplitude);  // E6
        add_note(out, {1568.0, 0.24}, amplitude);  // G6
    }
    return out;
}

}  // namespace jiayi::voice
