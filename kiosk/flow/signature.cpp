#include "kiosk/flow/signature.hpp"

#include <algorithm>
#include <cstdio>

#include "kiosk/flow/view_model.hpp"

namespace jiayi::flow {

void clamp_to_pad(std::vector<image::Point>& stroke) {
    if (stroke.size() > kMaxPointsPerStroke) {
        stroke.resize(kMaxPointsPerStroke);
    }
    for (auto& p : stroke) {
        p.x = std::clamp(p.x, 0.0f, kPadWidth);
        p.y = std::clamp(p.y, 0.0f, kPadHeight);
    }
}

std::string strokes_json(const std::vector<std::vector<image::Point>>& strokes) {
    std::string out = "[";
    char buffer[32];
    for (std::size_t s = 0; s < strokes.size(); ++s) {
        out += s == 0 ? "[" : ",[";
        for (std::size_t i = 0; i < strokes[s].size(); ++i) {
            std::snprintf(buffer, sizeof buffer, "%s[%.1f,%.1f]", i == 0 ? "" : ",",
                          static_cast<double>(strokes[s][i].x),
                          static_cast<double>(strokes[s][i].y));
            out += buffer;
        }
        out += "]";
    }
    return out + "]";
}

std::vector<std::uint8_t> strokes_png(const std::vector<std::vector<image::Point>>& strokes) {
    // 900 × 300: the pad's units at 0.9 pixel each, a legible archive copy.
    constexpr float kScale = 0.9f;
    image::Grey canvas(static_cast<int>(kPadWidth * kScale), static_cast<int>(kPadHeight * kScale));
    for (const auto& raw : strokes) {
        const auto stroke = image::smooth(raw);
        for (std::size_t i = 0; i < stroke.size(); ++i) {
            const image::Point a{stroke[i == 0 ? 0 : i - 1].x * kScale,
                                 stroke[i == 0 ? 0 : i - 1].y * kScale};
            const image::Point b{stroke[i].x * kScale, stroke[i].y * kScale};
            canvas.line(a, b, 5.0f);
        }
    }
    return image::encode_png(canvas);
}

}  // namespace jiayi::flow
