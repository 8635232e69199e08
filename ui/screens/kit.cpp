#include "ui/screens/kit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace jiayi::ui {

namespace {

ImU32 u32(Colour c) {
    return IM_COL32(c.r, c.g, c.b, 255);
}

float text_width(const std::string& s, ImFont* font) {
    return font->CalcTextSizeA(font->FontSize, 1e9f, 0, s.c_str()).x;
}

struct FooterLayout {
    std::vector<ItemRect> rects;  // one per action, in the view's order
    float top = 0;
};

FooterLayout layout_footer(const Ctx& c) {
    const Theme& th = c.theme;
    const float m = th.margin();
    const float gap = th.gap();
    const float width = th.width - 2 * m;
    FooterLayout out;
    const auto& actions = c.view.actions;
    out.top = th.height - m;
    if (actions.empty()) {
        return out;
    }
    std::vector<float> widths;
    float total = 0;
    for (const auto& a : actions) {
        ImFont* font = a.primary ? c.fonts.title : c.fonts.body;
        const float w = std::max({text_width(c.t(a.label), font) + 4 * gap,
                                  a.primary ? 360.0f * th.scale : 220.0f * th.scale, kMinTarget});
        widths.push_back(w);
        total += w;
    }
    total += gap * static_cast<float>(actions.size() - 1);
    const float h = th.primary_height();
    out.rects.resize(actions.size());
    if (total <= width) {
        // One row: secondaries from the left, the primary at the right.
        out.top = th.height - m - h;
        float x = m;
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (actions[i].primary) {
                continue;
            }
            out.rects[i] = {"", x, out.top, widths[i], h, 0, 0, false};
            x += widths[i] + gap;
        }
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (actions[i].primary) {
                out.rects[i] = {"", th.width - m - widths[i], out.top, widths[i], h, 0, 0, true};
            }
        }
        return out;
    }
    // Two or more rows: the primary alone at the bottom, full width; the
    // others in rows above, sharing each row's width.
    const float sh = th.secondary_height();
    std::vector<std::size_t> others;
    std::optional<std::size_t> primary;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        if (actions[i].primary) {
            primary = i;
        } else {
            others.push_back(i);
        }
    }
    float bottom = th.height - m;
    if (primary) {
        out.rects[*primary] = {"", m, bottom - h, width, h, 0, 0, true};
        bottom -= h + gap;
    }
    // Greedy rows of secondaries.
    std::vector<std::vector<std::size_t>> rows;
    float used = 0;
    for (std::size_t i : others) {
        if (rows.empty() || used + widths[i] > width) {
            rows.emplace_back();
            used = 0;
        }
        rows.back().push_back(i);
        used += widths[i] + gap;
    }
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
        const float y = bottom - sh;
        const float w =
            (width - gap * static_cast<float>(row->size() - 1)) / static_cast<float>(row->size());
        float x = m;
        for (std::size_t i : *row) {
            out.rects[i] = {"", x, y, w, sh, 0, 0, false};
            x += w + gap;
        }
        bottom = y - gap;
    }
    out.top = bottom + gap;
    return out;
}

}  // namespace

std::string Ctx::f(const std::string& key, const std::vector<std::string>& args) const {
    return text::format(t(key), args);
}

bool Ctx::button(const std::string& label, float x, float y, float w, float h, bool primary,
                 ImFont* font) {
    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::PushID(static_cast<int>(x * 7 + y * 13));
    const bool pressed =
        big_button(label, w, h, primary ? ButtonStyle::Primary : ButtonStyle::Secondary,
                   font != nullptr ? font : (primary ? fonts.title : fonts.body), theme, geometry);
    ImGui::PopID();
    return pressed;
}

std::pair<int, int> page_of(Ctx& c, const Area& a, int count, float card_h, int columns) {
    const float gap = c.theme.gap();
    const int rows_all = std::max(1, static_cast<int>((a.h + gap) / (card_h + gap)));
    if (rows_all * columns >= count) {
        return {0, count};
    }
    // Where a row and the pager barely miss (a tall header), the pager
    // takes what is left under the row, down to a target's least height.
    const float pager_h =
        std::max(kMinTarget, std::min(c.theme.secondary_height(), a.h - card_h - gap));
    const int rows = std::max(1, static_cast<int>((a.h - pager_h + 0.5f) / (card_h + gap)));
    const int per_page = rows * columns;
    const int pages = (count + per_page - 1) / per_page;
    const int page = std::min(c.view.page, pages - 1);
    const float y = a.y + a.h - pager_h;
    const float w = (a.w - gap) / 2;
    const std::string where = c.f("page.of", {std::to_string(page + 1), std::to_string(pages)});
    if (page > 0 && c.button(c.t("page.previous") + "  " + where, a.x, y, w, pager_h, false)) {
        c.emit(flow::IntentKind::PageUp);
    }
    if (page + 1 < pages &&
        c.button(c.t("page.next") + "  " + where, a.x + w + gap, y, w, pager_h, false)) {
        c.emit(flow::IntentKind::PageDown);
    }
    return {page * per_page, std::min(count, (page + 1) * per_page)};
}

float footer_top(const Ctx& c) {
    return layout_footer(c).top;
}

float footer(Ctx& c) {
    const FooterLayout layout = layout_footer(c);
    for (std::size_t i = 0; i < c.view.actions.size(); ++i) {
        const auto& a = c.view.actions[i];
        const ItemRect& r = layout.rects[i];
        if (c.button(c.t(a.label), r.x, r.y, r.w, r.h, a.primary)) {
            c.emit(a.intent);
        }
    }
    return layout.top;
}

float listen_again_width(const Ctx& c) {
    return std::max(text_width(c.t("action.listen_again"), c.fonts.body) + 2 * c.theme.gap(),
                    kMinTarget);
}

Area header(Ctx& c, const std::string& title_key, float bottom) {
    const Theme& th = c.theme;
    const float m = th.margin();
    const float gap = th.gap();
    ImFont* title = c.fonts.title;
    ImFont* body = c.fonts.body;
    std::string step;
    if (c.view.progress.step > 0) {
        step = c.f("progress.step",
                   {std::to_string(c.view.progress.step), std::to_string(c.view.progress.of)});
    }
    if (c.view.nurse) {
        step = (step.empty() ? "" : step + "  ·  ") + c.t("nurse.badge");
    }
    const float step_w = step.empty() ? 0 : text_width(step, body);
    const float title_w = text_width(c.t(title_key), title);
    // "Listen again" (issue 13, "Spoken guidance") at the title row's right
    // end on every screen, as tall as the title's line (the header keeps its
    // height); the title and the step keep left of it.
    const float listen_w = listen_again_width(c);
    const float listen_h = std::max(title->FontSize, kMinTarget);
    const float right = th.width - m - listen_w - gap;
    if (c.button(c.t("action.listen_again"), th.width - m - listen_w, m, listen_w, listen_h,
                 false)) {
        c.emit(flow::IntentKind::ListenAgain);
    }
    float y = m;
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImVec4(th.text.r / 255.0f, th.text.g / 255.0f, th.text.b / 255.0f, 1.0f));
    const bool one_line = title_w + step_w + 2 * gap <= right - m;
    ImGui::PushFont(title);
    ImGui::SetCursorPos(ImVec2(m, y));
    ImGui::PushTextWrapPos(right - (one_line ? step_w + gap : 0));
    ImGui::TextWrapped("%s", c.t(title_key).c_str());
    ImGui::PopTextWrapPos();
    const float title_bottom = ImGui::GetCursorPosY();
    ImGui::PopFont();
    if (!step.empty()) {
        ImGui::PushFont(body);
        if (one_line) {
            ImGui::SetCursorPos(ImVec2(right - step_w, y + (title->FontSize - body->FontSize) / 2));
        } else {
            ImGui::SetCursorPos(ImVec2(m, title_bottom));
        }
        ImGui::TextUnformatted(step.c_str());
        y = std::max(title_bottom, ImGui::GetCursorPosY());
        ImGui::PopFont();
    } else {
        y = title_bottom;
    }
    ImGui::PopStyleColor();
    y = std::max(y, m + listen_h);
    // A rule under the header.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rule_y = y + gap / 2;
    const float thick = std::max(1.0f, std::round(2 * th.scale));
    draw->AddRectFilled(ImVec2(m, rule_y), ImVec2(th.width - m, rule_y + thick), u32(th.outline));
    const float top = rule_y + gap;
    return {m, top, th.width - 2 * m, std::max(0.0f, bottom - gap - top)};
}

Area content_area(Ctx& c) {
    return header(c, c.view.title, footer_top(c));
}

float paragraph(const std::string& text, float x, float y, float w, ImFont* font,
                const Theme& theme, Geometry* geometry, float scale) {
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
        line_y += ImGui::GetTextLineHeightWithSpacing();
    }
    const float height = line_y - y;
    if (geometry != nullptr) {
        const ImVec2 origin = ImGui::GetWindowPos();
        geometry->texts.push_back({text, origin.x + x, origin.y + y, widest, height});
    }
    ImGui::PopStyleColor();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    return height;
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
