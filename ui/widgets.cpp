#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace jiayi::ui {

namespace {

ImVec4 colour_vec(Colour c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f);
}

}  // namespace

void fill_round_rect(ImDrawList* draw, float x0, float y0, float x1, float y1, Colour colour,
                     float radius) {
    const ImU32 col = ImGui::GetColorU32(colour_vec(colour));
    const float r = std::min({radius, (x1 - x0) / 2, (y1 - y0) / 2});
    if (r < 1) {
        draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), col);
        return;
    }
    // Plain rectangles for the middle and the sides (the renderer's fast
    // path), small rounded squares for the corners. The corners are drawn
    // whole rather than as quarter fans: a fan's straight edges would get
    // ImGui's anti-aliased fringe and show as seams.
    draw->AddRectFilled(ImVec2(x0 + r, y0), ImVec2(x1 - r, y1), col);
    draw->AddRectFilled(ImVec2(x0, y0 + r), ImVec2(x0 + r, y1 - r), col);
    draw->AddRectFilled(ImVec2(x1 - r, y0 + r), ImVec2(x1, y1 - r), col);
    const float d = 2 * r;
    draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + d, y0 + d), col, r);
    draw->AddRectFilled(ImVec2(x1 - d, y0), ImVec2(x1, y0 + d), col, r);
    draw->AddRectFilled(ImVec2(x1 - d, y1 - d), ImVec2(x1, y1), col, r);
    draw->AddRectFilled(ImVec2(x0, y1 - d), ImVec2(x0 + d, y1), col, r);
}

bool big_button(const std::string& label, float w, float h, ButtonStyle style, ImFont* font,
                const Theme& theme, Geometry* geometry) {
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
        draw->AddRect(at, ImVec2(at.x + w, at.y + h), ImGui::GetColorU32(colour_vec(theme.outline)),
                      theme.rounding(), 0, 2.0f * theme.scale);
    }
    const ImVec2 text = font->CalcTextSizeA(font->FontSize, 1e9f, 0, label.c_str());
    const ImVec2 align = ImGui::GetStyle().ButtonTextAlign;
    draw->AddText(font, font->FontSize,
                  ImVec2(std::round(at.x + (w - text.x) * align.x),
                         std::round(at.y + (h - text.y) * align.y)),
                  ImGui::GetColorU32(colour_vec(primary ? theme.on_primary : theme.text)),
                  label.c_str());
    if (geometry != nullptr) {
        geometry->items.push_back({label, at.x, at.y, w, h, text.x, text.y, primary});
    }
    return pressed;
}

bool card_button(const std::string& id, const std::vector<CardLine>& lines, float w, float h,
                 bool chosen, const Theme& theme, Geometry* geometry) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("card", ImVec2(w, h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_round_rect(draw, at.x, at.y, at.x + w, at.y + h,
                    held ? theme.secondary_pressed : theme.secondary, theme.rounding());
    const float border = (chosen ? 6.0f : 2.0f) * theme.scale;
    const Colour edge = chosen ? theme.primary : theme.outline;
    draw->AddRect(ImVec2(at.x + border / 2, at.y + border / 2),
                  ImVec2(at.x + w - border / 2, at.y + h - border / 2),
                  ImGui::GetColorU32(colour_vec(edge)), theme.rounding(), 0, border);
    const float pad = theme.gap();
    float y = at.y + pad * 0.75f;
    float widest = 0;
    float total = 0;
    for (const CardLine& line : lines) {
        const ImVec2 size =
            line.font->CalcTextSizeA(line.font->FontSize, 1e9f, 0, line.text.c_str());
        draw->AddText(line.font, line.font->FontSize, ImVec2(at.x + pad, y),
                      ImGui::GetColorU32(colour_vec(theme.text)), line.text.c_str());
        y += size.y;
        total += size.y;
        widest = std::max(widest, size.x);
    }
    if (geometry != nullptr) {
        geometry->items.push_back(
            {lines.empty() ? id : lines.front().text, at.x, at.y, w, h, widest, total, false});
    }
    return pressed;
}

namespace {

bool closing_mark(const char* p, const char* end) {
    static constexpr const char* kMarks[] = {"，", "。", "、", "；", "：", "？", "！",
                                             "）", "》", "」", "』", "”",  "…",  ",",
                                             ".",  ";",  ":",  "?",  "!",  ")"};
    for (const char* m : kMarks) {
        const std::size_t n = std::strlen(m);
        if (static_cast<std::size_t>(end - p) >= n && std::memcmp(p, m, n) == 0) {
            return true;
        }
    }
    return false;
}

// The start of the UTF-8 character before `p` (never before `begin`).
const char* previous_char(const char* begin, const char* p) {
    do {
        --p;
    } while (p > begin && (static_cast<unsigned char>(*p) & 0xC0) == 0x80);
    return p;
}

}  // namespace

std::vector<Line> wrap_lines(ImFont* font, const std::string& text, float w) {
    std::vector<Line> lines;
    const char* line = text.c_str();
    const char* end = line + text.size();
    while (line < end) {
        const char* newline =
            static_cast<const char*>(std::memchr(line, '\n', static_cast<std::size_t>(end - line)));
        const char* stop = newline != nullptr ? newline : end;
        const char* wrap = font->CalcWordWrapPositionA(1.0f, line, stop, w);
        if (wrap == line) {
            wrap = line + 1;  // a glyph wider than the box: take it anyway
            while (wrap < stop && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) {
                ++wrap;
            }
        }
        if (wrap < stop && closing_mark(wrap, stop)) {
            const char* back = previous_char(line, wrap);
            if (back > line) {
                wrap = back;
            }
        }
        const char* shown_end = wrap;
        while (shown_end > line && shown_end[-1] == ' ') {
            --shown_end;
        }
        lines.push_back({line, shown_end});
        line = wrap;
        while (line < end && *line == ' ') {
            ++line;
        }
        if (line == stop && newline != nullptr) {
            ++line;  // past the newline
        }
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
