// Nurse mode: the menu, today's figures, today's receipts to reprint.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_nurse_menu(Ctx& c) {
    const Area a = header(c, c.view.title, c.theme.height - c.theme.margin());
    const float gap = c.theme.gap();
    const float w = std::min(a.w, 1000.0f * c.theme.scale);
    float y = a.y;
    // The center's indicator first: in landscape across the screen, to
    // leave the buttons their height.
    const float indicator_w = c.theme.portrait ? w : a.w;
    if (const float h = sync_indicator(c, a.x + (a.w - indicator_w) / 2, y, indicator_w); h > 0) {
        y += h + gap;
    }
    // A button's height, or more where its words break into lines `bw` wide.
    auto height_of = [&](const flow::Action& action, float bw, bool in_cell = false) {
        ImFont* font = action.primary && !in_cell ? c.fonts.title : c.fonts.body;
        const float least = action.primary ? c.theme.primary_height() : c.theme.secondary_height();
        return std::max(least, label_height(c.t(action.label), bw, font, c.theme,
                                            c.fonts.icons ? icon_for(action) : icon::kNone) +
                                   c.theme.gap());
    };
    float one_column = 0;
    for (const auto& action : c.view.actions) {
        one_column += height_of(action, w) + gap +
                      (action.intent == flow::IntentKind::NurseSignOut ? 2 * gap : 0);
    }
    if (y + one_column <= a.y + a.h) {
        for (const auto& action : c.view.actions) {
            if (action.intent == flow::IntentKind::NurseSignOut) {
                y += 2 * gap;  // leaving stands apart from the work
            }
            const float h = height_of(action, w);
            if (c.button(c.t(action.label), a.x + (a.w - w) / 2, y, w, h, action.primary,
                         icon_for(action))) {
                c.emit(action.intent);
            }
            y += h + gap;
        }
        return;
    }
    // Not enough height (landscape, large text): the primary across the
    // screen, the rest in two columns (three when two are still too tall),
    // leaving last; with still too little height, the primary takes its
    // place in the columns too.
    const auto cell_w = [&](int columns) {
        return (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    };
    // The rows of cells in `columns`, each as tall as its tallest button
    // needs (the primary across the screen, outside them, when `alone`).
    const auto rows_of = [&](int columns, bool alone) {
        std::vector<float> heights;
        float row = 0;
        int in_row = 0;
        for (const auto& action : c.view.actions) {
            if (action.primary && alone) {
                continue;
            }
            row = std::max(row, height_of(action, cell_w(columns), true));
            if (++in_row == columns) {
                heights.push_back(row);
                row = 0;
                in_row = 0;
            }
        }
        if (in_row > 0) {
            heights.push_back(row);
        }
        return heights;
    };
    const auto columns_height = [&](int columns) {
        float height = 0;
        for (const auto& action : c.view.actions) {
            if (action.primary) {
                height += height_of(action, a.w) + gap;  // the primary across
            }
        }
        for (const float h : rows_of(columns, true)) {
            height += h + gap;
        }
        return height;
    };
    const int columns = y + columns_height(2) <= a.y + a.h || c.theme.portrait ? 2 : 3;
    const bool primary_alone = y + columns_height(columns) <= a.y + a.h;
    const float cell = cell_w(columns);
    const std::vector<float> row_heights = rows_of(columns, primary_alone);
    int column = 0;
    std::size_t row = 0;
    for (const auto& action : c.view.actions) {
        const bool alone = action.primary && primary_alone;
        if (alone && column > 0) {
            y += row_heights[row++] + gap;
            column = 0;
        }
        const float h = alone ? height_of(action, a.w) : row_heights[row];
        const float bw = alone ? a.w : cell;
        // The primary in a cell: its label in the body's size, to fit the cell.
        if (c.button(c.t(action.label), a.x + static_cast<float>(column) * (cell + gap), y, bw, h,
                     action.primary, icon_for(action), alone ? nullptr : c.fonts.body)) {
            c.emit(action.intent);
        }
        if (alone) {
            y += h + gap;
        } else if (++column == columns) {
            column = 0;
            y += h + gap;
            ++row;
        }
    }
}

void draw_summary(Ctx& c) {
    const Area a = content_area(c);
    const auto& s = c.view.summary;
    float y = a.y;
    const std::pair<const char*, int> rows[] = {{"summary.signings", s.signings},
                                                {"summary.renewals", s.renewals},
                                                {"summary.switches", s.switches},
                                                {"summary.declines", s.declines},
                                                {"summary.pending", s.pending}};
    // The label column as wide as the widest label, within reason.
    float label_w = 0;
    for (const auto& [key, n] : rows) {
        label_w = std::max(
            label_w,
            c.fonts.body->CalcTextSizeA(c.fonts.body->FontSize, 1e9f, 0, c.t(key).c_str()).x);
    }
    const float gap = c.theme.gap();
    // On a wide screen the center's state stands beside the counts, so that
    // large type leaves it room above the buttons.
    const bool beside = !c.theme.portrait;
    const float counts_w = beside ? (a.w - 2 * gap) / 2 : a.w;
    label_w = std::min(label_w + 2 * gap, counts_w * 0.75f);
    for (const auto& [key, n] : rows) {
        y += field(c, c.t(key), std::to_string(n), a.x, y, counts_w, label_w);
    }
    if (beside) {
        sync_indicator(c, a.x + counts_w + 2 * gap, a.y, a.w - counts_w - 2 * gap);
    } else {
        sync_indicator(c, a.x, y + gap, a.w);
    }
    footer(c);
}

void draw_reprint(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    if (c.view.reprints.empty()) {
        paragraph(c.t("reprint.none"), a.x, a.y, a.w, c.fonts.body, c.theme, c.geometry);
        footer(c);
        return;
    }
    const int columns = c.theme.portrait ? 1 : 2;
    const float w = (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    std::vector<CardSpec> cards;
    for (const auto& r : c.view.reprints) {
        cards.push_back({{{r.time + "  " + c.t(r.kind), c.fonts.body}}, icon::kReceipt});
    }
    const CardsFit fit = fit_cards(cards, w, c.theme, c.fonts.body, c.theme.secondary_height());
    const float h = fit.h;
    const int rows = std::max(1, static_cast<int>((a.h + gap) / (h + gap)));
    const int shown = std::min(static_cast<int>(c.view.reprints.size()), rows * columns);
    for (int i = 0; i < shown; ++i) {
        const auto& r = c.view.reprints[static_cast<std::size_t>(i)];
        ImGui::SetCursorPos(ImVec2(a.x + static_cast<float>(i % columns) * (w + gap),
                                   a.y + static_cast<float>(i / columns) * (h + gap)));
        if (card_button(r.id, cards[static_cast<std::size_t>(i)].lines, w, h, false, c.theme,
                        c.geometry, icon::kReceipt, c.fonts.body, fit.icon_column)) {
            c.emit(flow::IntentKind::Reprint, r.id);
        }
    }
    footer(c);
}

}  // namespace jiayi::ui

namespace jiayi::ui {

// The records the center refused: what, when, and why in one sentence; the
// center keeps its own copy of the refusal, the kiosk never drops the record.
void draw_refused(Ctx& c) {
    const Area all = content_area(c);
    const float gap = c.theme.gap();
    Area a = all;
    if (const float h = sync_indicator(c, a.x, a.y, a.w); h > 0) {
        a.y += h + gap;
        a.h -= h + gap;
    }
    if (c.view.refused.empty()) {
        paragraph(c.t("refused.none"), a.x, a.y, a.w, c.fonts.body, c.theme, c.geometry);
        footer(c);
        return;
    }
    // Each row: the record and its date, then the reason; the nurse's
    // "dealt with" beside it (below it in portrait).
    const std::string settle = c.t("action.settle_refusal");
    const float button_h = c.theme.secondary_height();
    const float button_w =
        c.theme.portrait
            ? a.w - gap
            : std::min(
                  a.w * 0.3f,
                  c.fonts.body->CalcTextSizeA(c.fonts.body->FontSize, 1e9f, 0, settle.c_str()).x +
                      icon_width(c.fonts.icons ? c.fonts.body : nullptr, icon::kSettled) + 3 * gap);
    const float text_w = c.theme.portrait ? a.w - gap : a.w - gap - button_w - gap;
    const float row_h =
        4 * c.fonts.body->FontSize * 1.3f + gap + (c.theme.portrait ? button_h + gap / 2 : 0.0f);
    const auto [first, last] = page_of(c, a, static_cast<int>(c.view.refused.size()), row_h, 1);
    float y = a.y;
    for (int i = first; i < last; ++i) {
        const auto& r = c.view.refused[static_cast<std::size_t>(i)];
        PanelBehind behind;
        float h = paragraph(c.t(r.kind) + "  " + r.date, a.x + gap / 2, y + gap / 4, text_w,
                            c.fonts.body, c.theme, c.geometry);
        h += paragraph(c.t(r.reason), a.x + gap / 2, y + gap / 4 + h, text_w, c.fonts.body, c.theme,
                       c.geometry);
        const float button_x = c.theme.portrait ? a.x + gap / 2 : a.x + a.w - gap / 2 - button_w;
        const float button_y = c.theme.portrait ? y + gap / 4 + h + gap / 2 : y + gap / 4;
        float bottom = y + gap / 4 + h;
        if (r.settles) {
            if (c.button(settle, button_x, button_y, button_w, button_h, false,
                         icon_for(flow::IntentKind::SettleRefusal))) {
                c.emit(flow::IntentKind::SettleRefusal, r.record_id);
            }
            bottom = std::max(bottom, button_y + button_h);
        }
        behind.close(a.x, y, a.w, bottom + gap / 2, c.theme.muted_panel, c.theme);
        y = std::max(y + row_h, bottom + gap);
    }
    footer(c);
}

// A signing sent at once: a calm line while the center answers.
void draw_confirming(Ctx& c) {
    const Area a = content_area(c);
    paragraph(c.t("confirming.body"), a.x, a.y + c.theme.gap(), a.w, c.fonts.title, c.theme,
              c.geometry);
}

}  // namespace jiayi::ui
