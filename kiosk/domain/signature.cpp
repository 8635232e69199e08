#include "kiosk/domain/signature.hpp"

#include <algorithm>
#include <cmath>

namespace jiayi::domain {

InkExtent measure_ink(const std::vector<InkStroke>& strokes) {
    InkExtent extent;
    bool any = false;
    float left = 0, right = 0, top = 0, bottom = 0;
    for (const InkStroke& stroke : strokes) {
        for (std::size_t i = 0; i < stroke.size(); ++i) {
            const InkPoint p = stroke[i];
            if (!any) {
                left = right = p.x;
                top = bottom = p.y;
                any = true;
            }
            left = std::min(left, p.x);
            right = std::max(right, p.x);
            top = std::min(top, p.y);
            bottom = std::max(bottom, p.y);
            if (i > 0) {
                extent.ink += std::hypot(p.x - stroke[i - 1].x, p.y - stroke[i - 1].y);
            }
        }
    }
    extent.width = right - left;
    extent.height = bottom - top;
    return extent;
}

Result<void, Refusal> check_signature(const std::vector<InkStroke>& strokes,
                                      const SignatureRules& rules) {
    if (std::all_of(strokes.begin(), strokes.end(), [](const InkStroke& s) { return s.empty(); })) {
        return fail(Refusal::SignatureRequired);
    }
    const InkExtent extent = measure_ink(strokes);
    if (extent.ink < static_cast<float>(rules.min_ink) ||
        extent.width < static_cast<float>(rules.min_width) ||
        extent.height < static_cast<float>(rules.min_height)) {
        return fail(Refusal::SignatureTooSmall);
    }
    return Ok{};
}

}  // namespace jiayi::domain
