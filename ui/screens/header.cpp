// The top of every screen: the masthead (the center, the date and time),
// the title with "Listen again" and the step bar.

#include "ui/screens/kit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "kiosk/domain/date.hpp"

namespace jiayi::ui {

namespace {

ImU32 u32(Colour c) {
    return IM_COL32(c.r, c.g, c.b, 255);
}

}  // namespace

namespace {

// The step bar's measures: circles a third taller than a line of body
// text, joined by short rules.
struct StepBar {
    float d = 0;     // a circle's diameter
    float join = 0;  // the rule between two circles
    float w = 0;     // the whole bar
};

StepBar step_bar_size(const Ctx& c) {
    StepBar bar;
    const int of = c.view.progress.of;
    if (c.view.progress.step <= 0 || of <= 0) {
        return bar;
    }
    bar.d = std::round(c.fonts.body->FontSize * 1.3f);
    bar.join = std::round(bar.d * 0.5f);
    bar.w = static_cast<float>(of) * bar.d + static_cast<float>(of - 1) * bar.join;
    return bar;
}

// Steps done: filled, with a tick; the current step: filled and ringed, its
// number in white; steps to come: an outline and their number. Shapes and
// numbers, so that it reads without colour.
void draw_step_bar(Ctx& c, const StepBar& bar, float x, float y) {
    const Theme& th = c.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    ImFont* font = c.fonts.body;
    const float r = bar.d / 2;
    const float t = std::max(2.0f, std::round(3 * th.scale));
    const float cy = o.y + y + r;
    for (int i = 1; i <= c.view.progress.of; ++i) {
        const float cx = o.x + x + r + static_cast<float>(i - 1) * (bar.d + bar.join);
        if (i > 1) {
            draw->AddRectFilled(ImVec2(cx - r - bar.join, cy - t / 2), ImVec2(cx - r, cy + t / 2),
                                u32(i <= c.view.progress.step ? th.primary : th.outline));
        }
        const bool done = i < c.view.progress.step;
        const bool current = i == c.view.progress.step;
        if (done || current) {
            draw->AddCircleFilled(ImVec2(cx, cy), r, u32(th.primary), 32);
        } else {
            draw->AddCircleFilled(ImVec2(cx, cy), r, u32(th.background), 32);
            draw->AddCircle(ImVec2(cx, cy), r - t / 2, u32(th.outline), 32, t);
        }
        if (current) {
            draw->AddCircle(ImVec2(cx, cy), r + t * 1.5f, u32(th.text), 32, t);
        }
        const Colour ink = done || current ? th.on_primary : th.text;
        if (done && c.fonts.icons) {
            const float iw = icon_width(font, icon::kCheck);
            draw_icon(draw, font, icon::kCheck, cx - iw / 2, cy, ink);
            continue;
        }
        const std::string n = std::to_string(i);
        const ImVec2 size = font->CalcTextSizeA(font->FontSize, 1e9f, 0, n.c_str());
        draw->AddText(font, font->FontSize,
                      ImVec2(std::round(cx - size.x / 2), std::round(cy - size.y / 2)), u32(ink),
                      n.c_str());
    }
}

std::string masthead_date(const Ctx& c) {
    const Masthead& mh = c.state.masthead;
    const domain::Date day = domain::local_date(mh.now, mh.utc_offset_minutes);
    // 1970-01-01 was a Thursday (weekday 4, Sunday 0).
    const auto weekday = static_cast<int>(((domain::to_days(day) % 7) + 7 + 4) % 7);
    return c.f("masthead.date", {std::to_string(day.year), std::to_string(day.month),
                                 std::to_string(day.day), c.t("weekday." + std::to_string(weekday)),
                                 c.t("month." + std::to_string(day.month))});
}

std::string masthead_time(const Ctx& c) {
    const Masthead& mh = c.state.masthead;
    const std::int64_t local = mh.now.unix_seconds + std::int64_t{mh.utc_offset_minutes} * 60;
    const std::int64_t minutes = ((local / 60) % (24 * 60) + 24 * 60) % (24 * 60);
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    return text;
}

std::string masthead_center(const Ctx& c) {
    const Masthead& mh = c.state.masthead;
    return mh.center_zh.empty() ? std::string() : c.pick(mh.center_zh, mh.center_en);
}

// The width the center's name may take beside its icon, on a row of its own.
float masthead_name_room(const Ctx& c) {
    const Theme& th = c.theme;
    return th.width - 2 * th.margin() -
           (c.fonts.icons ? icon_width(c.fonts.body, icon::kHospital) + std::round(th.gap() / 2)
                          : 0);
}

// The center's name and the date and time on one row when they fit; in
// portrait, where the width is short and the height is not, the date and
// time on a second row rather than without the date.
bool masthead_two_rows(const Ctx& c) {
    const std::string center = masthead_center(c);
    const std::string when = masthead_date(c) + "   " + masthead_time(c);
    return c.theme.portrait && !center.empty() &&
           text_width(center, c.fonts.body) + c.theme.gap() + text_width(when, c.fonts.body) >
               masthead_name_room(c);
}

float masthead_height(const Ctx& c) {
    const float rows = masthead_two_rows(c) ? 2.0f : 1.0f;
    return std::round(rows * c.fonts.body->FontSize + c.theme.gap() * 0.25f);
}

}  // namespace

float masthead_bottom(const Ctx& c) {
    return masthead_height(c) + std::round(c.theme.gap() * 0.5f);
}

float masthead(Ctx& c) {
    const Theme& th = c.theme;
    const float h = masthead_height(c);
    const float m = th.margin();
    ImFont* body = c.fonts.body;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    draw->AddRectFilled(o, ImVec2(o.x + th.width, o.y + h), u32(th.muted_panel));
    const bool two_rows = masthead_two_rows(c);
    const float rows_h = body->FontSize * (two_rows ? 2.0f : 1.0f);
    const float line_y = std::round((h - rows_h) / 2);
    const float when_y = two_rows ? line_y + body->FontSize : line_y;
    // The date and time at the right; the center's name takes what is left
    // (in landscape, the time alone where the name would not fit beside the
    // date), cut only when even that is short.
    const std::string center = masthead_center(c);
    std::string when = masthead_date(c) + "   " + masthead_time(c);
    if (!two_rows && !center.empty() &&
        text_width(center, body) + th.gap() + text_width(when, body) > masthead_name_room(c)) {
        when = masthead_time(c);
    }
    const float when_w = text_width(when, body);
    draw->AddText(body, body->FontSize, ImVec2(o.x + th.width - m - when_w, o.y + when_y),
                  u32(th.text), when.c_str());
    float name_w = 0;
    if (!center.empty()) {
        float x = m;
        if (c.fonts.icons) {
            x += draw_icon(draw, body, icon::kHospital, o.x + x, o.y + line_y + body->FontSize / 2,
                           th.primary);
            x += std::round(th.gap() / 2);
        }
        // Cut at the room left, never over the clock.
        const float room = th.width - m - x - (two_rows ? 0.0f : when_w + th.gap());
        const ImVec4 clip(o.x + x, o.y, o.x + x + room, o.y + h);
        draw->AddText(body, body->FontSize, ImVec2(o.x + x, o.y + line_y), u32(th.text),
                      center.c_str(), nullptr, 0, &clip);
        name_w = std::min(room, text_width(center, body)) + (x - m);
    }
    if (c.geometry != nullptr) {
        if (!center.empty()) {
            c.geometry->texts.push_back({center, o.x + m, o.y + line_y, name_w, body->FontSize});
        }
        c.geometry->texts.push_back(
            {when, o.x + th.width - m - when_w, o.y + when_y, when_w, body->FontSize});
    }
    return h;
}

float listen_again_width(const Ctx& c) {
    // Its words, its icon before them, and a gap each side (big_button).
    const float icon = icon_width(c.fonts.body, icon::kListen);
    return std::max(text_width(c.t("action.listen_again"), c.fonts.body) +
                        (icon > 0 ? icon + std::round(c.theme.gap() / 2) : 0) + 2 * c.theme.gap(),
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
    const StepBar bar = step_bar_size(c);
    const float step_text_w = step.empty() ? 0 : text_width(step, body);
    const float title_w = text_width(c.t(title_key), title);
    const float listen_w = listen_again_width(c);
    const float right = th.width - m - listen_w - gap;
    // The bar and its words side by side, as one block: beside the title
    // when they fit left of "Listen again", else on a row of their own
    // under it (the whole width); the words under the bar when even that
    // row is too narrow (portrait, large text).
    const float side_by_side_w = bar.w + (bar.w > 0 && step_text_w > 0 ? gap : 0) + step_text_w;
    const bool one_line = title_w + side_by_side_w + 2 * gap <= right - m;
    const bool stacked =
        !one_line && bar.w > 0 && step_text_w > 0 && side_by_side_w > th.width - 2 * m;
    const float step_w = stacked ? std::max(bar.w, step_text_w) : side_by_side_w;
    const float words_h = step.empty() ? 0.0f : body->FontSize;
    const float step_h = stacked ? bar.d + gap / 2 + words_h : std::max(bar.d, words_h);
    // "Listen again" (issue 13, "Spoken guidance") at the title row's right
    // end on every screen, as tall as the title's line; the title and the
    // step keep left of it.
    const float top = masthead_bottom(c);
    const float listen_h = std::max(title->FontSize, kMinTarget);
    if (c.button(c.t("action.listen_again"), th.width - m - listen_w, top, listen_w, listen_h,
                 false, icon::kListen)) {
        c.emit(flow::IntentKind::ListenAgain);
    }
    float y = top;
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImVec4(th.text.r / 255.0f, th.text.g / 255.0f, th.text.b / 255.0f, 1.0f));
    // Else the bar alone beside the title, its words on a line under it.
    const bool bar_beside =
        !one_line && bar.w > 0 && !step.empty() && title_w + bar.w + 2 * gap <= right - m;
    const float beside_w = one_line ? step_w : (bar_beside ? bar.w : 0);
    // Broken by the rules of Chinese typesetting (common/line_break.hpp), as
    // every paragraph: ImGui's own wrapping would start a line with "）".
    const float title_lines_h =
        paragraph(c.t(title_key), m, y, right - (beside_w > 0 ? beside_w + gap : 0) - m, title, th,
                  c.geometry, 1.0f, title->FontSize);
    const float title_bottom = y + title_lines_h + ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 o = ImGui::GetWindowPos();
    if (bar_beside) {
        const float bx = right - bar.w;
        const float by = y + std::max(0.0f, (title->FontSize - bar.d) / 2);
        draw_step_bar(c, bar, bx, by);
        ImGui::PushFont(body);
        ImGui::SetCursorPos(ImVec2(m, title_bottom));
        probe_ink(c.geometry, body, body->FontSize, ImGui::GetCursorScreenPos(), step);
        ImGui::TextUnformatted(step.c_str());
        ImGui::PopFont();
        if (c.geometry != nullptr) {
            c.geometry->texts.push_back(
                {step, o.x + m, o.y + title_bottom, step_text_w, body->FontSize});
            c.geometry->texts.push_back({"", o.x + bx, o.y + by, bar.w, bar.d});
        }
        y = std::max(title_bottom + body->FontSize, by + bar.d);
    } else if (step_w > 0) {
        // Beside the title when it fits, else on a line of its own below it.
        const float sx = one_line ? right - step_w : m;
        const float sy =
            one_line ? y + std::max(0.0f, (title->FontSize - step_h) / 2) : title_bottom;
        if (bar.w > 0) {
            draw_step_bar(c, bar, sx, stacked ? sy : sy + (step_h - bar.d) / 2);
        }
        if (!step.empty()) {
            ImGui::PushFont(body);
            ImGui::SetCursorPos(
                stacked ? ImVec2(sx, sy + bar.d + gap / 2)
                        : ImVec2(sx + step_w - step_text_w, sy + (step_h - body->FontSize) / 2));
            probe_ink(c.geometry, body, body->FontSize, ImGui::GetCursorScreenPos(), step);
            ImGui::TextUnformatted(step.c_str());
            ImGui::PopFont();
        }
        if (c.geometry != nullptr) {
            c.geometry->texts.push_back({step, o.x + sx, o.y + sy, step_w, step_h});
        }
        y = std::max(title_bottom, sy + step_h);
    } else {
        y = title_bottom;
    }
    ImGui::PopStyleColor();
    y = std::max(y, top + listen_h);
    // A rule under the header.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rule_y = y + gap / 2;
    const float thick = std::max(1.0f, std::round(2 * th.scale));
    draw->AddRectFilled(ImVec2(m, rule_y), ImVec2(th.width - m, rule_y + thick), u32(th.outline));
    const float content_top = rule_y + gap;
    return {m, content_top, th.width - 2 * m, std::max(0.0f, bottom - gap - content_top)};
}

Area content_area(Ctx& c) {
    return header(c, c.view.title, footer_top(c));
}

}  // namespace jiayi::ui
