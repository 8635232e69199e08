#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string_view>

#include "common/line_break.hpp"

namespace jiayi::ui {

namespace {

ImVec4 colour_vec(Colour c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f);
}

}  // namespace

void fill_round_rect(ImDrawList* draw, float x0, float y0, float x1, float y1, Colour colour,
                     float radius) {
    // Whole pixels: pieces that meet on a fraction leave a hairline between them.
    x0 = std::round(x0);
    y0 = std::round(y0);
    x1 = std::round(x1);
    y1 = std::round(y1);
    const ImU32 col = ImGui::GetColorU32(colour_vec(colour));
    const float r = std::round(std::min({radius, (x1 - x0) / 2, (y1 - y0) / 2}));
    if (r < 1) {
        draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), col);
        return;
    }
    // Plain rectangles for the middle and the sides (the renderer's fast
    // path); each corner is an r×r square rounded at its outer corner only,
    // so pieces overlap by one pixel at most and a dimmed fill stays even.
    // The middle and sides reach one pixel into the corner cells, under the
    // anti-aliased inner edges of the corner pieces.
    draw->AddRectFilled(ImVec2(x0 + r - 1, y0), ImVec2(x1 - r + 1, y1), col);
    draw->AddRectFilled(ImVec2(x0, y0 + r - 1), ImVec2(x0 + r, y1 - r + 1), col);
    draw->AddRectFilled(ImVec2(x1 - r, y0 + r - 1), ImVec2(x1, y1 - r + 1), col);
    draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + r, y0 + r), col, r,
                        ImDrawFlags_RoundCornersTopLeft);
    draw->AddRectFilled(ImVec2(x1 - r, y0), ImVec2(x1, y0 + r), col, r,
                        ImDrawFlags_RoundCornersTopRight);
    draw->AddRectFilled(ImVec2(x1 - r, y1 - r), ImVec2(x1, y1), col, r,
                        ImDrawFlags_RoundCornersBottomRight);
    draw->AddRectFilled(ImVec2(x0, y1 - r), ImVec2(x0 + r, y1), col, r,
                        ImDrawFlags_RoundCornersBottomLeft);
}

// An outline on whole pixels with a whole-pixel width, so that it is even.
void outline(ImDrawList* draw, ImVec2 at, float w, float h, Colour colour, float radius,
             float width) {
    const float t = std::max(1.0f, std::round(width));
    const ImVec2 a(std::round(at.x) + t / 2, std::round(at.y) + t / 2);
    const ImVec2 b(std::round(at.x + w) - t / 2, std::round(at.y + h) - t / 2);
    draw->AddRect(a, b, ImGui::GetColorU32(colour_vec(colour)), radius, 0, t);
}

float icon_width(ImFont* font, Icon icon) {
    if (font == nullptr || icon <= icon::kDrawn) {
        return 0;
    }
    const ImFontGlyph* glyph = font->FindGlyphNoFallback(static_cast<ImWchar>(icon));
    return glyph == nullptr ? 0 : glyph->AdvanceX;
}

float draw_icon(ImDrawList* draw, ImFont* font, Icon icon, float x, float centre_y, Colour colour,
                float scale) {
    const float w = icon_width(font, icon) * scale;
    if (w <= 0) {
        return 0;
    }
    // Centred on its ink, not its line: the icon font's baseline is not the
    // text's, and an icon sits wholly above it.
    const ImFontGlyph* glyph = font->FindGlyphNoFallback(static_cast<ImWchar>(icon));
    const float y = std::round(centre_y - scale * (glyph->Y0 + glyph->Y1) / 2);
    const std::string text = icon_text(icon);
    draw->AddText(font, font->FontSize * scale, ImVec2(std::round(x), y),
                  ImGui::GetColorU32(colour_vec(colour)), text.c_str());
    return w;
}

bool big_button(const std::string& label, float w, float h, ButtonStyle style, ImFont* font,
                const Theme& theme, Geometry* geometry, Icon icon) {
    const bool primary = style == ButtonStyle::Primary;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(label.c_str());
    const bool pressed = ImGui::InvisibleButton("button", ImVec2(w, h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Colour fill = primary ? (held ? theme.primary_pressed : theme.primary)
                                : (held ? theme.secondary_pressed : theme.secondary);
    fill_round_rect(draw, at.x, at.y, at.x + w, at.y + h, fill, theme.rounding());
    if (!primary) {
        outline(draw, at, w, h, theme.outline, theme.rounding(), 2.0f * theme.scale);
    }
    const ImVec2 text = font->CalcTextSizeA(font->FontSize, 1e9f, 0, label.c_str());
    const ImVec2 align = ImGui::GetStyle().ButtonTextAlign;
    const Colour ink = primary ? theme.on_primary : theme.text;
    // The icon and the label as one group, aligned as the label would be;
    // an icon short of room is drawn smaller, down to half its size, else
    // left out.
    const float space = label.empty() ? 0 : std::round(theme.gap() / 2);
    const float full_w = icon_width(font, icon);
    float icon_scale = 1.0f;
    if (full_w > 0 && full_w + space + text.x + theme.gap() > w) {
        icon_scale = (w - theme.gap() - text.x - space) / full_w;
    }
    const float icon_w = icon_scale >= 0.5f ? std::floor(full_w * icon_scale) : 0.0f;
    const float group_w = text.x + (icon_w > 0 ? icon_w + space : 0);
    const float x = std::round(at.x + (w - group_w) * align.x);
    const float y = std::round(at.y + (h - text.y) * align.y);
    if (icon_w > 0) {
        draw_icon(draw, font, icon, x, y + text.y / 2, ink, icon_scale);
    }
    draw->AddText(font, font->FontSize, ImVec2(x + (icon_w > 0 ? icon_w + space : 0), y),
                  ImGui::GetColorU32(colour_vec(ink)), label.c_str());
    if (geometry != nullptr) {
        const Icon shown = icon == icon::kDrawn ? icon : (icon_w > 0 ? icon : icon::kNone);
        geometry->items.push_back({label, at.x, at.y, w, h, group_w, text.y, primary, shown});
    }
    return pressed;
}

bool card_button(const std::string& id, const std::vector<CardLine>& lines, float w, float h,
                 bool chosen, const Theme& theme, Geometry* geometry, Icon icon,
                 ImFont* icon_font) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("card", ImVec2(w, h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_round_rect(draw, at.x, at.y, at.x + w, at.y + h,
                    held ? theme.secondary_pressed : theme.secondary, theme.rounding());
    outline(draw, at, w, h, chosen ? theme.primary : theme.outline, theme.rounding(),
            (chosen ? 6.0f : 2.0f) * theme.scale);
    const float pad = theme.gap();
    // The icon in a column of its own at the left, centred on the card's
    // height; smaller when the lines need the width (down to half), else
    // left out.
    float widest_line = 0;
    for (const CardLine& line : lines) {
        widest_line =
            std::max(widest_line,
                     line.font->CalcTextSizeA(line.font->FontSize, 1e9f, 0, line.text.c_str()).x);
    }
    const float full_w = icon_width(icon_font, icon);
    float icon_scale = 1.0f;
    if (full_w > 0 && full_w + 3 * pad + widest_line > w) {
        icon_scale = (w - 3 * pad - widest_line) / full_w;
    }
    const float icon_w = icon_scale >= 0.5f ? std::floor(full_w * icon_scale) : 0.0f;
    if (icon_w > 0) {
        draw_icon(draw, icon_font, icon, at.x + pad, at.y + h / 2,
                  chosen ? theme.primary : theme.text, icon_scale);
    }
    const float text_x = at.x + pad + (icon_w > 0 ? icon_w + pad : 0);
    float lines_h = 0;
    for (const CardLine& line : lines) {
        lines_h += line.font->FontSize;
    }
    // Centred; a card with little to spare keeps its lines inside it.
    float y = at.y + std::max(0.0f, (h - lines_h) / 2);
    float widest = 0;
    float total = 0;
    for (const CardLine& line : lines) {
        const ImVec2 size =
            line.font->CalcTextSizeA(line.font->FontSize, 1e9f, 0, line.text.c_str());
        draw->AddText(line.font, line.font->FontSize, ImVec2(text_x, y),
                      ImGui::GetColorU32(colour_vec(theme.text)), line.text.c_str());
        y += size.y;
        total += size.y;
        widest = std::max(widest, size.x);
    }
    if (geometry != nullptr) {
        geometry->items.push_back({lines.empty() ? id : lines.front().text, at.x, at.y, w, h,
                                   widest + (text_x - at.x - pad), total, false,
                                   icon_w > 0 ? icon : icon::kNone});
    }
    return pressed;
}

// The rules are common/line_break's (shared with the receipt); ImGui only
// measures. ImGui 1.86 has no kerning, but the rules ask about whole lines
// anyway.
std::vector<Line> wrap_lines(ImFont* font, const std::string& text, float w, float scale) {
    const float size = font->FontSize * scale;
    const auto measure = [font, size](std::string_view s) {
        return font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
    };
    std::vector<Line> lines;
    for (const text::LineSpan& span : text::break_lines(text, w, measure)) {
        lines.push_back({text.data() + span.begin, text.data() + span.end});
    }
    return lines;
}

void centred_text(const std::string& text, float w, ImFont* font, const Theme& theme) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour_vec(theme.text));
    const float x = ImGui::GetCursorPosX();
    for (const Line& line : wrap_lines(font, text, w)) {
        const float line_w = font->CalcTextSizeA(font->FontSize, 1e9f, 0, line.begin, line.end).x;
        ImGui::SetCursorPosX(x + std::max(0.0f, (w - line_w) / 2));
        ImGui::TextUnformatted(line.begin, line.end);
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

}  // namespace jiayi::ui
