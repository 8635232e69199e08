#pragma once
// The handwritten signature (rules.md, "Evidence kept: handwritten
// signature"): whether what the pad caught can stand as one. A tap or a dot
// is not a signature; a name written across the box is. Pure: the strokes in
// pad units (the pad is 1000 wide and a third of that tall) and the rules.

#include <vector>

#include "common/result.hpp"
#include "kiosk/domain/refusal.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::domain {

struct InkPoint {
    float x = 0;
    float y = 0;
};
using InkStroke = std::vector<InkPoint>;

// What the strokes measure: the length of ink drawn and the box around it.
struct InkExtent {
    float ink = 0;  // sum of the segments' lengths
    float width = 0;
    float height = 0;
};
InkExtent measure_ink(const std::vector<InkStroke>& strokes);

// SignatureRequired when nothing was drawn; SignatureTooSmall when too little
// ink, or ink in too small a box, to be a name (a tap, a dot, a short flick).
Result<void, Refusal> check_signature(const std::vector<InkStroke>& strokes,
                                      const SignatureRules& rules);

}  // namespace jiayi::domain
