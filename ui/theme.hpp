#pragma once
// Sizes and colours, all derived from one scale so that nothing is a bare
// pixel count (STYLE.md). At 1080 pixels on the short side the scale is 1:
// body text a 32 px character, titles 48 px, primary buttons 120 px,
// nothing touchable under 60 px.
// Large text multiplies the type by 1.5 and the targets and spaces by 1.25
// (already twice the 60 px floor at scale 1; by 1.5 they crowded the words
// they hold off a 1080-pixel screen).

#include <algorithm>
#include <cstdint>

namespace jiayi::ui {

struct Colour {
    std::uint8_t r, g, b;
};

struct Theme {
    float scale = 1.0f;       // targets and spaces: short side / 1080, times 1.25 in large text
    float type_scale = 1.0f;  // type: short side / 1080, times 1.5 in large text
    bool portrait = false;
    bool large_text = false;
    float width = 1920;
    float height = 1080;

    // Type sizes are ems — a Chinese character's square — not ImGui's line
    // height (about 1.45 em in Noto Sans CJK): ui/text/fonts.cpp converts.
    float body_px() const { return 32.0f * type_scale; }
    float title_px() const { return 48.0f * type_scale; }
    // Targets keep their floors on small screens: 96 px for the primary
    // action, and never under 60 px for anything touchable.
    float primary_height() const { return std::max(120.0f * scale, 96.0f); }
    float secondary_height() const { return std::max(96.0f * scale, 80.0f); }
    float toggle_height() const { return std::max(72.0f * scale, 64.0f); }
    float margin() const { return 48.0f * scale; }
    float gap() const { return 24.0f * scale; }
    float rounding() const { return 12.0f * scale; }

    // Body text on the background: 17:1; white on the primary blue: 8.6:1.
    Colour background{0xFF, 0xFF, 0xFF};
    Colour text{0x1A, 0x1A, 0x1A};
    Colour muted_panel{0xEE, 0xF2, 0xF7};
    Colour primary{0x0B, 0x4F, 0x9C};
    Colour primary_pressed{0x08, 0x3B, 0x75};
    Colour on_primary{0xFF, 0xFF, 0xFF};
    Colour secondary{0xE3, 0xEA, 0xF3};
    Colour secondary_pressed{0xC9, 0xD6, 0xE6};
    Colour outline{0x3A, 0x4A, 0x5C};
};

// The minimum a touchable item may measure, in pixels, at any scale.
inline constexpr float kMinTarget = 60.0f;

Theme make_theme(int width, int height, bool large_text);

// WCAG relative-luminance contrast ratio of two colours (1 to 21).
double contrast_ratio(Colour a, Colour b);

}  // namespace jiayi::ui
