#include "ui/screens/kit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace jiayi::ui {

std::string Ctx::f(const std::string& key, const std::vector<std::string>& args) const {
    return text::format(t(key), args);
}

bool Ctx::button(const std::string& label, float x, float y, float w, float h, bool primary,
                 Icon icon, ImFont* font) {
    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::PushID(static_cast<int>(x * 7 + y * 13));
    const bool pressed =
        big_button(label, w, h, primary ? ButtonStyle::Primary : ButtonStyle::Secondary,
                   font != nullptr ? font : (primary ? fonts.title : fonts.body), theme, geometry,
                   fonts.icons || icon == icon::kDrawn ? icon : icon::kNone);
    ImGui::PopID();
    return pressed;
}

float paragraph(const std::string& text, float x, float y, float w, ImFont* font,
                const Theme& theme, Geometry* geometry, float scale, float step) {
    ImGui::PushFont(font);
    ImGui::SetWindowFontScale(scale);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(theme.text.r / 255.0f, theme.text.g / 255.0f,
                                                theme.text.b / 255.0f, 1.0f));
    float widest = 0;
    float line_y = y;
    const float size = font->FontSize * scale;
    for (const Line& line : wrap_lines(font, text, w, scale)) {
        ImGui::SetCursorPos(ImVec2(x, line_y));
        ImGui::TextUnformatted(line.begin, line.end);
        widest = std::max(widest, font->CalcTextSizeA(size, 1e9f, 0, line.begin, line.end).x);
        line_y += step > 0 ? step : ImGui::GetTextLineHeightWithSpacing();
    }
    const float height = line_y - y;
    if (geometry != nullptr) {
        const ImVec2 origin = ImGui::GetWindowPos();
        geometry->texts.push_back({text, origin.x + x, origin.y + y, widest, height});
        probe_ink(geometry, font, size, ImVec2(origin.x + x, origin.y + y), text);
    }
    ImGui::PopStyleColor();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    return height;
}

float paragraph_height(const std::string& text, float w, ImFont* font, float scale) {
    const auto lines = static_cast<float>(wrap_lines(font, text, w, scale).size());
    return lines * (font->FontSize * scale + ImGui::GetStyle().ItemSpacing.y);
}

void panel(float x, float y, float w, float h, Colour colour, const Theme& theme) {
    const ImVec2 origin = ImGui::GetWindowPos();
    fill_round_rect(ImGui::GetWindowDrawList(), origin.x + x, origin.y + y, origin.x + x + w,
                    origin.y + y + h, colour, theme.rounding());
}

PanelBehind::PanelBehind() {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
}

void PanelBehind::close(float x, float y, float w, float bottom, Colour colour,
                        const Theme& theme) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSetCurrent(0);
    panel(x, y, w, bottom - y, colour, theme);
    draw->ChannelsMerge();
    open_ = false;
}

PanelBehind::~PanelBehind() {
    if (open_) {
        ImGui::GetWindowDrawList()->ChannelsMerge();
    }
}

float field(Ctx& c, const std::string& label, const std::string& value, float x, float y, float w,
            float label_w) {
    ImFont* body = c.fonts.body;
    if (label_w <= 0) {
        label_w = std::min(w * 0.38f, 420.0f * c.theme.scale);
    }
    const float lh = paragraph(label, x, y, label_w - c.theme.gap(), body, c.theme, c.geometry);
    const float vh = paragraph(value, x + label_w, y, w - label_w, body, c.theme, c.geometry);
    return std::max(lh, vh) + c.theme.gap() / 2;
}

float field_rows(Ctx& c, const Fields& rows, float x, float y, float w, float room,
                 bool fit_labels) {
    const float gap = c.theme.gap();
    ImFont* body = c.fonts.body;
    // field()'s layout: the label column, the value beside it, each wrapped.
    const auto label_w = [&](std::size_t from, std::size_t to, float column_w) {
        if (!fit_labels) {
            return std::min(column_w * 0.38f, 420.0f * c.theme.scale);
        }
        float widest = 0;
        for (std::size_t i = from; i < to; ++i) {
            widest = std::max(widest, text_width(rows[i].first, body));
        }
        return std::min(widest + 2 * gap, column_w * 0.45f);
    };
    const auto height = [&](std::size_t from, std::size_t to, float column_w) {
        const float lw = label_w(from, to, column_w);
        float h = 0;
        for (std::size_t i = from; i < to; ++i) {
            h += std::max(paragraph_height(rows[i].first, lw - gap, body),
                          paragraph_height(rows[i].second, column_w - lw, body)) +
                 gap / 2;
        }
        return h;
    };
    const bool two = !c.theme.portrait && rows.size() > 1 && height(0, rows.size(), w) > room;
    const std::size_t per_column = two ? (rows.size() + 1) / 2 : rows.size();
    const float column_w = two ? (w - gap) / 2 : w;
    float bottom = y;
    for (std::size_t from = 0; from < rows.size(); from += per_column) {
        const std::size_t to = std::min(rows.size(), from + per_column);
        const float lw = label_w(from, to, column_w);
        const float cx = x + (from == 0 ? 0.0f : column_w + gap);
        float at = y;
        for (std::size_t i = from; i < to; ++i) {
            at += field(c, rows[i].first, rows[i].second, cx, at, column_w, lw);
        }
        bottom = std::max(bottom, at);
    }
    return bottom - y;
}

float sync_indicator(Ctx& c, float x, float y, float w) {
    const flow::SyncView& s = c.view.sync;
    if (!s.known) {
        return 0;
    }
    const float gap = c.theme.gap();
    const std::string waiting = std::to_string(s.queued);
    std::string text;
    if (s.online) {
        text = c.f("sync.online", {waiting});
    } else if (s.queued > 0 && !s.since.empty()) {
        text = c.f("sync.offline_since", {waiting, s.since});
    } else {
        text = c.t("sync.offline");
    }
    if (!s.online) {
        if (!s.failure.empty()) {
            text += " " + c.t(s.failure);
        }
        text += " " + (s.last_success.empty() ? c.t("sync.never")
                                              : c.f("sync.last_success", {s.last_success}));
    }
    if (s.refused > 0) {
        text += " " + c.f("sync.refused", {std::to_string(s.refused)});
    }
    PanelBehind behind;
    const float h =
        paragraph(text, x + gap / 2, y + gap / 2, w - gap, c.fonts.body, c.theme, c.geometry);
    behind.close(x, y, w, y + h + gap, c.theme.muted_panel, c.theme);
    return h + gap;
}

}  // namespace jiayi::ui
