#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace jiayi::ui {

Theme make_theme(int width, int height, bool large_text) {
    Theme theme;
    theme.width = static_cast<float>(width);
    theme.height = static_cast<float>(height);
    theme.portrait = height > width;
    const float short_side = static_cast<float>(std::min(width, height));
    // Never below 0.75 (a 800-pixel screen), so targets stay over 60 px.
    const float base = std::max(0.75f, short_side / 1080.0f);
    theme.scale = base * (large_text ? 1.25f : 1.0f);
    theme.type_scale = base * (large_text ? 1.5f : 1.0f);
    theme.large_text = large_text;
    return theme;
}

namespace {

double luminance(Colour c) {
    auto channel = [](std::uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

}  // namespace

double contrast_ratio(Colour a, Colour b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace jiayi::ui
