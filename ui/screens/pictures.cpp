#include "ui/screens/pictures.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace jiayi::ui {

namespace {

ImU32 u32(Colour c) {
    return ImGui::GetColorU32(ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f));
}

// A fixed pattern of modules, like a QR code's (not a readable code: a
// picture must never be scanned by the kiosk's own camera).
constexpr unsigned char kModules[7] = {0b1011010, 0b0110111, 0b1101001, 0b0011100,
                                       0b1110110, 0b0101011, 0b1001101};

void finder(ImDrawList* draw, float x, float y, float m, ImU32 ink, ImU32 paper) {
    draw->AddRectFilled(ImVec2(x, y), ImVec2(x + 7 * m, y + 7 * m), ink);
    draw->AddRectFilled(ImVec2(x + m, y + m), ImVec2(x + 6 * m, y + 6 * m), paper);
    draw->AddRectFilled(ImVec2(x + 2 * m, y + 2 * m), ImVec2(x + 5 * m, y + 5 * m), ink);
}

}  // namespace

void card_on_reader(float x, float y, float w, float h, const Theme& theme) {
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float pw = std::min(w, card_on_reader_width(h));
    const float left = o.x + x + (w - pw) / 2;
    const float top = o.y + y;
    const float t = std::max(2.0f, std::round(4 * theme.scale));
    // The card: white, a heavy outline, a chip and lines of print.
    const float cw = pw * 0.62f;
    const float ch = cw * 0.63f;
    const float cx = left + (pw - cw) / 2;
    const float cy = top;
    fill_round_rect(draw, cx, cy, cx + cw, cy + ch, theme.background, theme.rounding());
    outline(draw, ImVec2(cx, cy), cw, ch, theme.primary, theme.rounding(), t);
    const ImU32 ink = u32(theme.outline);
    draw->AddRectFilled(ImVec2(cx + cw * 0.1f, cy + ch * 0.3f),
                        ImVec2(cx + cw * 0.3f, cy + ch * 0.62f), u32(theme.primary),
                        theme.rounding() / 2);
    for (int i = 0; i < 3; ++i) {
        const float ly = cy + ch * (0.32f + 0.14f * static_cast<float>(i));
        draw->AddLine(ImVec2(cx + cw * 0.4f, ly), ImVec2(cx + cw * 0.88f, ly), ink, t);
    }
    // The arrow: down, onto the pad.
    const float ay0 = cy + ch + h * 0.04f;
    const float ay1 = top + h * 0.76f;
    const float ax = left + pw / 2;
    const float shaft = std::max(t * 2, pw * 0.06f);
    const float head = pw * 0.14f;
    draw->AddRectFilled(ImVec2(ax - shaft / 2, ay0), ImVec2(ax + shaft / 2, ay1 - head * 0.8f),
                        u32(theme.text));
    draw->AddTriangleFilled(ImVec2(ax - head, ay1 - head), ImVec2(ax + head, ay1 - head),
                            ImVec2(ax, ay1), u32(theme.text));
    // The reader: a dark slab seen from the front, a lit target on its top.
    const float ry = top + h * 0.8f;
    fill_round_rect(draw, left, ry, left + pw, top + h, theme.outline, theme.rounding());
    draw->AddRectFilled(ImVec2(left + pw * 0.25f, ry + (top + h - ry) * 0.3f),
                        ImVec2(left + pw * 0.75f, ry + (top + h - ry) * 0.5f),
                        u32(theme.muted_panel), (top + h - ry) * 0.1f);
}

void phone_with_code(float x, float y, float w, float h, const Theme& theme) {
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float pw = std::min(w, phone_with_code_width(h));
    const float ph = pw / 0.62f;
    const float left = std::round(o.x + x + (w - pw) / 2);
    const float top = std::round(o.y + y + (h - ph) / 2);
    // The phone: a dark body, a white screen.
    fill_round_rect(draw, left, top, left + pw, top + ph, theme.text, pw * 0.12f);
    const float bezel = pw * 0.07f;
    const float sx = left + bezel;
    const float sy = top + bezel * 2.2f;
    const float sw = pw - 2 * bezel;
    const float sh = ph - bezel * 4.4f;
    draw->AddRectFilled(ImVec2(sx, sy), ImVec2(sx + sw, sy + sh), u32(theme.background));
    // The code: 21 modules across, three finder squares and a pattern.
    const float m = std::floor(sw * 0.86f / 21);
    if (m < 1) {
        return;
    }
    const float qx = std::round(sx + (sw - 21 * m) / 2);
    const float qy = std::round(sy + (sh - 21 * m) / 2);
    const ImU32 ink = u32(theme.text);
    const ImU32 paper = u32(theme.background);
    finder(draw, qx, qy, m, ink, paper);
    finder(draw, qx + 14 * m, qy, m, ink, paper);
    finder(draw, qx, qy + 14 * m, m, ink, paper);
    // Row by row, a run of dark modules as one rectangle: fewer pieces for
    // the software renderer.
    const auto dark = [](int r, int col) {
        const bool in_finder = (r < 8 && col < 8) || (r < 8 && col > 12) || (r > 12 && col < 8);
        return !in_finder && ((kModules[(r * 3 + col) % 7] >> ((col + r) % 7)) & 1) != 0;
    };
    for (int r = 0; r < 21; ++r) {
        for (int col = 0; col < 21;) {
            if (!dark(r, col)) {
                ++col;
                continue;
            }
            const int from = col;
            while (col < 21 && dark(r, col)) {
                ++col;
            }
            const float y0 = qy + static_cast<float>(r) * m;
            draw->AddRectFilled(ImVec2(qx + static_cast<float>(from) * m, y0),
                                ImVec2(qx + static_cast<float>(col) * m, y0 + m), ink);
        }
    }
}

}  // namespace jiayi::ui
