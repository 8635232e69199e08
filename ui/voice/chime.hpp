#pragma once
// The kiosk's two chimes, made from sine tones in code (no sound files):
// Read — two rising notes, when a card is read or a code scanned (about
// 0.25 s); Printed — three rising notes of a major chord, when the receipt
// comes out (about 0.45 s). Soft attacks and decays, no clicks, quieter
// than speech so a prompt under them stays clear.

#include "ui/voice/pcm.hpp"

namespace jiayi::voice {

enum class Chime { Read, Printed };

Samples chime_sound(Chime chime);

}  // namespace jiayi::voice
