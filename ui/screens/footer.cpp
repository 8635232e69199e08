// The footer's buttons (the view's actions, laid out in one row or more)
// and the page buttons of a screen of cards.

#include "ui/screens/kit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jiayi::ui {

namespace {

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

namespace {

// The page buttons' labels in buttons `w` wide, with the most digits a page
// number can have: the taller's height, and whether both stay on one line.
struct PagerLabels {
    float height = 0;
    bool one_line = true;
};

PagerLabels pager_labels(const Ctx& c, float w, int count) {
    const std::string n = std::to_string(count);
    const std::string where = c.f("page.of", {n, n});
    PagerLabels out;
    for (const auto& [key, intent] : {std::pair{"page.previous", flow::IntentKind::PageUp},
                                      std::pair{"page.next", flow::IntentKind::PageDown}}) {
        const LabelLayout label = layout_label(c.t(key) + "  " + where, w, c.fonts.body, c.theme,
                                               c.fonts.icons ? icon_for(intent) : icon::kNone);
        out.height = std::max(out.height, label.text_h);
        out.one_line = out.one_line && label.lines.size() == 1 && !label.icon_above;
    }
    return out;
}

}  // namespace

float pager_height(const Ctx& c, const Area& a, int count) {
    return std::max(c.theme.secondary_height(),
                    pager_labels(c, (a.w - c.theme.gap()) / 2, count).height + c.theme.gap());
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
    const float least =
        std::max(kMinTarget, pager_labels(c, (a.w - gap) / 2, count).height + gap / 2);
    float x = a.x;
    float y = 0;
    float w = (a.w - gap) / 2;
    float pager_h = std::clamp(a.h - card_h - gap, least, full_h);
    int rows = std::max(1, static_cast<int>((a.h - pager_h + 0.5f) / (card_h + gap)));
    const FooterLayout footer = layout_footer(c);
    const float in_footer_w = (footer.free_w - gap) / 2;
    const bool footer_fits = in_footer_w >= kMinTarget && !footer.rects.empty() &&
                             pager_labels(c, in_footer_w, count).one_line;
    // Also where the footer has no primary action to mistake "More" for and
    // the footer's row gives the cards another row.
    const bool no_primary = std::none_of(footer.rects.begin(), footer.rects.end(),
                                         [](const ItemRect& r) { return r.primary; });
    const int rows_with_footer = static_cast<int>((a.h + gap) / (card_h + gap));
    const bool in_footer = footer_fits && card_h <= a.h &&
                           (card_h + gap + least > a.h || (no_primary && rows_with_footer > rows));
    if (in_footer) {
        x = footer.free_x;
        y = footer.top;
        w = in_footer_w;
        pager_h = footer.rects.front().h;
        rows = std::max(1, rows_with_footer);
    } else {
        y = a.y + a.h - pager_h;
    }
    const int per_page = rows * columns;
    const int pages = (count + per_page - 1) / per_page;
    const int page = std::min(c.view.page, pages - 1);
    const std::string where = c.f("page.of", {std::to_string(page + 1), std::to_string(pages)});
    // Each button in its own place on every page (a second tap where "More"
    // was must not go back); in the footer "More" keeps beside Back, away
    // from the primary action ("More" is not "Next").
    const float previous_x = in_footer ? x + w + gap : x;
    const float next_x = in_footer ? x : x + w + gap;
    if (page > 0 && c.button(c.t("page.previous") + "  " + where, previous_x, y, w, pager_h, false,
                             icon_for(flow::IntentKind::PageUp))) {
        c.emit(flow::IntentKind::PageUp);
    }
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

}  // namespace jiayi::ui
