#include "ui/screens/kit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "kiosk/domain/date.hpp"

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
    // In a footer of one row, the room between the secondaries and the
    // primary (page buttons may stand there when the content is short of
    // height); 0 wide when there is none.
    float free_x = 0;
    float free_w = 0;
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
    // Each button as wide as its icon and words with room either side; when
    // that makes one row too long, with less room (the icons are wider than
    // the words alone were), before taking a second row.
    std::vector<float> widths;
    float total = 0;
    for (const float padding : {4 * gap, 2 * gap}) {
        widths.clear();
        total = 0;
        for (const auto& a : actions) {
            ImFont* font = a.primary ? c.fonts.title : c.fonts.body;
            const float icon_w = icon_width(c.fonts.icons ? font : nullptr, icon_for(a));
            const float w =
                std::max({text_width(c.t(a.label), font) + padding +
                              (icon_w > 0 ? icon_w + std::round(gap / 2) : 0),
                          a.primary ? 360.0f * th.scale : 220.0f * th.scale, kMinTarget});
            widths.push_back(w);
            total += w;
        }
        total += gap * static_cast<float>(actions.size() - 1);
        if (total <= width) {
            break;
        }
    }
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
            out.rects[i] = {"", x, out.top, widths[i], h, 0, 0, false, icon::kNone};
            x += widths[i] + gap;
        }
        float right = th.width - m;
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (actions[i].primary) {
                out.rects[i] = {
                    "", th.width - m - widths[i], out.top, widths[i], h, 0, 0, true, icon::kNone};
                right = th.width - m - widths[i] - gap;
            }
        }
        out.free_x = x;
        out.free_w = std::max(0.0f, right - x);
        return out;
    }
    // Two or more rows: the others in rows sharing each row's width, the
    // primary in the last of them or alone at the bottom, full width.
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
    // The primary at the right of the last row when it fits there (the row
    // as tall as the primary), else alone across the bottom.
    bool primary_in_row = false;
    if (primary && !rows.empty()) {
        float last = 0;
        for (std::size_t i : rows.back()) {
            last += widths[i] + gap;
        }
        primary_in_row = last + widths[*primary] <= width;
    }
    float bottom = th.height - m;
    if (primary && !primary_in_row) {
        out.rects[*primary] = {"", m, bottom - h, width, h, 0, 0, true, icon::kNone};
        bottom -= h + gap;
    }
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
        std::vector<std::size_t> items = *row;
        const bool with_primary = primary_in_row && row == rows.rbegin();
        if (with_primary) {
            items.push_back(*primary);
        }
        const float row_h = with_primary ? h : sh;
        const float y = bottom - row_h;
        // Each as wide as it needs, and what is left of the row shared out.
        float needed = gap * static_cast<float>(items.size() - 1);
        for (std::size_t i : items) {
            needed += widths[i];
        }
        const float extra = std::max(0.0f, width - needed) / static_cast<float>(items.size());
        float x = m;
        for (std::size_t i : items) {
            const float w = std::min(widths[i] + extra, width);
            out.rects[i] = {"", x, y, w, row_h, 0, 0, actions[i].primary, icon::kNone};
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

namespace {

float pager_label_height(const Ctx& c, const Area& a, int count) {
    // The longer of the two labels, with the most digits a page number can
    // have; broken into lines where the half width is short (large type).
    const std::string n = std::to_string(count);
    const std::string where = c.f("page.of", {n, n});
    const float w = (a.w - c.theme.gap()) / 2;
    float label = 0;
    for (const auto& [key, intent] : {std::pair{"page.previous", flow::IntentKind::PageUp},
                                      std::pair{"page.next", flow::IntentKind::PageDown}}) {
        label = std::max(label, label_height(c.t(key) + "  " + where, w, c.fonts.body, c.theme,
                                             c.fonts.icons ? icon_for(intent) : icon::kNone));
    }
    return label;
}

}  // namespace

float pager_height(const Ctx& c, const Area& a, int count) {
    return std::max(c.theme.secondary_height(), pager_label_height(c, a, count) + c.theme.gap());
}

std::pair<int, int> page_of(Ctx& c, const Area& a, int count, float card_h, int columns) {
    const float gap = c.theme.gap();
    const int rows_all = std::max(1, static_cast<int>((a.h + gap) / (card_h + gap)));
    if (rows_all * columns >= count) {
        return {0, count};
    }
    // Where a row and the pager barely miss (a tall header), the pager
    // takes what is left under the row, down to a target's least height
    // and its words' own; where even that is short (large type on a low
    // screen), the page buttons stand in the footer's row, between Back and
    // the primary action, when they fit there on one line.
    const float full_h = pager_height(c, a, count);
    const float least = std::max(kMinTarget, pager_label_height(c, a, count) + gap / 2);
    float x = a.x;
    float y = 0;
    float w = (a.w - gap) / 2;
    float pager_h = std::clamp(a.h - card_h - gap, least, full_h);
    int rows = std::max(1, static_cast<int>((a.h - pager_h + 0.5f) / (card_h + gap)));
    const FooterLayout footer = layout_footer(c);
    const float in_footer_w = (footer.free_w - gap) / 2;
    const std::string widest_where = c.f("page.of", {std::to_string(count), std::to_string(count)});
    const bool footer_fits =
        in_footer_w >= kMinTarget && !footer.rects.empty() &&
        label_height(c.t("page.previous") + "  " + widest_where, in_footer_w, c.fonts.body, c.theme,
                     c.fonts.icons ? icon::kPrevious : icon::kNone) <= c.fonts.body->FontSize &&
        label_height(c.t("page.next") + "  " + widest_where, in_footer_w, c.fonts.body, c.theme,
                     c.fonts.icons ? icon::kNext : icon::kNone) <= c.fonts.body->FontSize;
    const bool in_footer = card_h + gap + least > a.h && card_h <= a.h && footer_fits;
    if (in_footer) {
        x = footer.free_x;
        y = footer.top;
        w = in_footer_w;
        pager_h = footer.rects.front().h;
        rows = std::max(1, static_cast<int>((a.h + gap) / (card_h + gap)));
    } else {
        y = a.y + a.h - pager_h;
    }
    const int per_page = rows * columns;
    const int pages = (count + per_page - 1) / per_page;
    const int page = std::min(c.view.page, pages - 1);
    const std::string where = c.f("page.of", {std::to_string(page + 1), std::to_string(pages)});
    if (page > 0 && c.button(c.t("page.previous") + "  " + where, x, y, w, pager_h, false,
                             icon_for(flow::IntentKind::PageUp))) {
        c.emit(flow::IntentKind::PageUp);
    }
    // In the footer the page buttons keep beside Back, away from the
    // primary action ("More" is not "Next").
    const float next_x = in_footer && page == 0 ? x : x + w + gap;
    if (page + 1 < pages && c.button(c.t("page.next") + "  " + where, next_x, y, w, pager_h, false,
                                     icon_for(flow::IntentKind::PageDown))) {
        c.emit(flow::IntentKind::PageDown);
    }
    return {page * per_page, std::min(count, (page + 1) * per_page)};
}

float footer_top(const Ctx& c) {
    return layout_footer(c).top;
}

std::optional<Area> footer_free(const Ctx& c) {
    const FooterLayout layout = layout_footer(c);
    if (layout.free_w <= 0 || layout.rects.empty()) {
        return std::nullopt;
    }
    return Area{layout.free_x, layout.top, layout.free_w, layout.rects.front().h};
}

float footer(Ctx& c) {
    const FooterLayout layout = layout_footer(c);
    for (std::size_t i = 0; i < c.view.actions.size(); ++i) {
        const auto& a = c.view.actions[i];
        const ItemRect& r = layout.rects[i];
        if (c.button(c.t(a.label), r.x, r.y, r.w, r.h, a.primary, icon_for(a))) {
            c.emit(a.intent);
        }
    }
    return layout.top;
}

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

float masthead_height(const Theme& th, const FontSet& fonts) {
    return std::round(fonts.body->FontSize + th.gap() * 0.25f);
}

}  // namespace

float masthead_bottom(const Ctx& c) {
    return masthead_height(c.theme, c.fonts) + std::round(c.theme.gap() * 0.5f);
}

float masthead(Ctx& c) {
    const Theme& th = c.theme;
    const float h = masthead_height(th, c.fonts);
    const float m = th.margin();
    ImFont* body = c.fonts.body;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    draw->AddRectFilled(o, ImVec2(o.x + th.width, o.y + h), u32(th.muted_panel));
    const float line_y = std::round((h - body->FontSize) / 2);
    // The date and time at the right; the center's name takes what is left
    // (the time alone where the name would not fit beside the date: a
    // narrow screen in large text), cut only when even that is short.
    const Masthead& mh = c.state.masthead;
    std::string center;
    if (!mh.center_zh.empty()) {
        center = c.pick(mh.center_zh, mh.center_en);
    }
    const float name_room =
        th.width - 2 * m - th.gap() -
        (c.fonts.icons ? icon_width(body, icon::kHospital) + std::round(th.gap() / 2) : 0);
    std::string when = masthead_date(c) + "   " + masthead_time(c);
    if (!center.empty() && text_width(center, body) + text_width(when, body) > name_room) {
        when = masthead_time(c);
    }
    const float when_w = text_width(when, body);
    draw->AddText(body, body->FontSize, ImVec2(o.x + th.width - m - when_w, o.y + line_y),
                  u32(th.text), when.c_str());
    float name_w = 0;
    if (!center.empty()) {
        float x = m;
        if (c.fonts.icons) {
            x += draw_icon(draw, body, icon::kHospital, o.x + x, o.y + h / 2, th.primary);
            x += std::round(th.gap() / 2);
        }
        // Cut at the room left, never over the clock.
        const float room = th.width - m - when_w - th.gap() - x;
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
            {when, o.x + th.width - m - when_w, o.y + line_y, when_w, body->FontSize});
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
