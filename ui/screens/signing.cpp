// Fees, consent and the informed notice, the signature pad, the receipt's
// preview and feedback.

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "kiosk/flow/flow.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "ui/screens/screens.hpp"

namespace jiayi::ui {

namespace {

ImU32 u32(Colour c) {
    return IM_COL32(c.r, c.g, c.b, 255);
}

// A face for a rating: 1 frowns, 3 is level, 5 smiles; the number and a word
// are in the button's label too.
void face(float cx, float cy, float r, int rating, const Theme& theme) {
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 ink = u32(theme.text);
    const float t = 3 * theme.scale;
    draw->AddCircle(ImVec2(o.x + cx, o.y + cy), r, ink, 48, t);
    draw->AddCircleFilled(ImVec2(o.x + cx - r * 0.35f, o.y + cy - r * 0.25f), r * 0.1f, ink);
    draw->AddCircleFilled(ImVec2(o.x + cx + r * 0.35f, o.y + cy - r * 0.25f), r * 0.1f, ink);
    const float bend = static_cast<float>(rating - 3) * r * 0.12f;  // + smile, − frown
    const ImVec2 a(o.x + cx - r * 0.45f, o.y + cy + r * 0.35f);
    const ImVec2 b(o.x + cx + r * 0.45f, o.y + cy + r * 0.35f);
    const ImVec2 mid(o.x + cx, o.y + cy + r * 0.35f + 2 * bend);
    draw->AddBezierQuadratic(a, mid, b, ink, t, 16);
}

}  // namespace

void draw_fees(Ctx& c) {
    const float top = footer_top(c);
    const Area a = header(c, c.view.title, top);
    const float gap = c.theme.gap();
    const auto& fees = c.view.fees;
    float y = a.y;
    // The intro line goes first when space is short (small screens, large text).
    const float rows_need =
        c.fonts.body->FontSize * 1.5f * static_cast<float>(fees.rows.size() * 2 + 1);
    if (rows_need + c.fonts.body->FontSize * 2 + 2 * gap < a.h) {
        y += paragraph(c.t("fees.intro"), a.x, y, a.w, c.fonts.body, c.theme, c.geometry) + gap;
    }
    // In landscape the totals stand beside the table; in portrait below it.
    const bool side = !c.theme.portrait;
    const float table_w = side ? a.w * 0.62f : a.w;
    const float col1 = table_w * 0.42f;
    const float col2 = table_w * 0.33f;
    const float row_h = c.fonts.body->FontSize * 1.3f;
    const float table_y = y;
    // A cell wraps inside its column; a row is as tall as its tallest cell.
    auto cell = [&](const std::string& s, float x, float w, bool right) {
        ImFont* font = c.fonts.body;
        const float tw = font->CalcTextSizeA(font->FontSize, 1e9f, 0, s.c_str()).x;
        if (right && tw <= w) {
            x += w - tw;
        }
        return paragraph(s, x, y, std::min(w, std::max(tw, 1.0f)), font, c.theme, c.geometry);
    };
    const float pad = gap;
    const float c1 = col1 - gap;
    const float c2 = col2 - gap;
    const float amount_w = table_w - col1 - col2 - 2 * pad;
    // The panel is drawn first, so the table is measured before it is drawn.
    float table_h = row_h;
    for (const auto& r : fees.rows) {
        ImFont* font = c.fonts.body;
        table_h += std::max(
            {row_h,
             font->CalcTextSizeA(font->FontSize, 1e9f, c1, c.pick(r.name_zh, r.name_en).c_str()).y,
             font->CalcTextSizeA(font->FontSize, 1e9f, c2, c.t(r.payer).c_str()).y});
    }
    panel(a.x, y, table_w, table_h + gap, c.theme.muted_panel, c.theme);
    y += gap / 2;
    const float head =
        std::max({cell(c.t("fees.package"), a.x + pad, c1, false),
                  cell(c.t("fees.payer"), a.x + pad + col1, c2, false),
                  cell(c.t("fees.amount"), a.x + pad + col1 + col2, amount_w, true)});
    y += std::max(row_h, head);
    for (const auto& r : fees.rows) {
        const float h = std::max(
            {cell(c.pick(r.name_zh, r.name_en), a.x + pad, c1, false),
             cell(c.t(r.payer), a.x + pad + col1, c2, false),
             cell(c.f("fees.money", {r.amount}), a.x + pad + col1 + col2, amount_w, true)});
        y += std::max(row_h, h);
    }
    y += gap;
    float tx = a.x;
    float tw = a.w;
    if (side) {
        tx = a.x + table_w + 2 * gap;
        tw = a.w - table_w - 2 * gap;
        y = table_y;
    }
    y += paragraph(c.f("fees.total", {fees.total}), tx, y, tw, c.fonts.body, c.theme, c.geometry) +
         gap / 2;
    paragraph(c.f("fees.you_pay", {fees.resident_pays}), tx, y, tw, c.fonts.title, c.theme,
              c.geometry);
    footer(c);
}

void draw_text_screen(Ctx& c) {
    const float top = footer_top(c);
    const Area a = header(c, c.view.title, top);
    const float gap = c.theme.gap();
    const bool notice = c.view.screen == flow::Screen::Notice;
    float y = a.y;
    panel(a.x, y, a.w, a.h, c.theme.muted_panel, c.theme);
    y += gap;
    y += paragraph(c.t(notice ? "notice.body" : "consent.body"), a.x + gap, y, a.w - 2 * gap,
                   c.fonts.body, c.theme, c.geometry) +
         gap;
    paragraph(c.t(notice ? "notice.later" : "consent.rights"), a.x + gap, y, a.w - 2 * gap,
              c.fonts.body, c.theme, c.geometry);
    footer(c);
}

void draw_signature(Ctx& c) {
    const float top = footer_top(c);
    const Area a = header(c, c.view.title, top);
    const float gap = c.theme.gap();
    float y = a.y;
    y += paragraph(c.f("signature.prompt", {c.t(c.view.signature.signer)}), a.x, y, a.w,
                   c.fonts.body, c.theme, c.geometry) +
         gap;
    // The pad keeps the flow's 3:1 shape, as large as the space allows.
    float pw = a.w;
    float ph = pw / 3;
    if (ph > a.y + a.h - y) {
        ph = std::max(kMinTarget, a.y + a.h - y);
        pw = ph * 3;
    }
    const float px = a.x + (a.w - pw) / 2;
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(o.x + px, o.y + y), ImVec2(o.x + px + pw, o.y + y + ph),
                        IM_COL32(255, 255, 255, 255), c.theme.rounding());
    draw->AddRect(ImVec2(o.x + px, o.y + y), ImVec2(o.x + px + pw, o.y + y + ph),
                  u32(c.theme.outline), c.theme.rounding(), 0, 3 * c.theme.scale);
    // The line to sign on, and a word where the pad is empty.
    draw->AddLine(ImVec2(o.x + px + pw * 0.05f, o.y + y + ph * 0.8f),
                  ImVec2(o.x + px + pw * 0.95f, o.y + y + ph * 0.8f), u32(c.theme.outline),
                  2 * c.theme.scale);
    const float unit = pw / flow::kPadWidth;
    if (c.view.signature.strokes.empty() && !c.state.drawing) {
        ImGui::SetCursorPos(ImVec2(px, y + ph * 0.35f));
        centred_text(c.t("signature.here"), pw, c.fonts.body, c.theme);
    }
    ImGui::SetCursorPos(ImVec2(px, y));
    ImGui::InvisibleButton("pad", ImVec2(pw, ph));
    if (c.geometry != nullptr) {
        c.geometry->items.push_back({"pad", o.x + px, o.y + y, pw, ph, 0, 0, false});
    }
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const image::Point p{std::clamp((m.x - o.x - px) / unit, 0.0f, flow::kPadWidth),
                             std::clamp((m.y - o.y - y) / unit, 0.0f, flow::kPadHeight)};
        auto& stroke = c.state.stroke;
        if (stroke.empty() || std::hypot(stroke.back().x - p.x, stroke.back().y - p.y) >= 1.5f) {
            stroke.push_back(p);
        }
        c.state.drawing = true;
    } else if (c.state.drawing) {
        c.intent = {flow::IntentKind::Stroke, "", 0, std::move(c.state.stroke)};
        c.state.stroke.clear();
        c.state.drawing = false;
    }
    auto polyline = [&](const std::vector<image::Point>& stroke) {
        std::vector<ImVec2> points;
        points.reserve(stroke.size());
        for (const auto& p : stroke) {
            points.emplace_back(o.x + px + p.x * unit, o.y + y + p.y * unit);
        }
        if (points.size() == 1) {
            draw->AddCircleFilled(points[0], 3 * c.theme.scale, u32(c.theme.text));
        } else {
            draw->AddPolyline(points.data(), static_cast<int>(points.size()), u32(c.theme.text), 0,
                              5 * c.theme.scale);
        }
    };
    for (const auto& stroke : c.view.signature.strokes) {
        polyline(stroke);
    }
    if (!c.state.stroke.empty()) {
        polyline(c.state.stroke);
    }
    footer(c);
}

void draw_receipt(Ctx& c) {
    const float top = footer_top(c);
    const Area a = header(c, c.view.title, top);
    const float gap = c.theme.gap();
    if (!c.view.receipt) {
        footer(c);
        return;
    }
    const auto lines = receipt::render_text(*c.view.receipt, c.catalog, c.view.language);
    // The paper: white with an outline, two columns in landscape.
    const int columns = c.theme.portrait ? 1 : 2;
    const float paper_w = std::min(a.w, (c.theme.portrait ? 900.0f : 1500.0f) * c.theme.scale);
    const float px = a.x + (a.w - paper_w) / 2;
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRect(ImVec2(o.x + px, o.y + a.y), ImVec2(o.x + px + paper_w, o.y + a.y + a.h),
                  u32(c.theme.outline), 0, 0, 2 * c.theme.scale);
    const float col_w =
        (paper_w - gap * static_cast<float>(columns + 1)) / static_cast<float>(columns);
    const std::size_t per_column =
        (lines.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    float y = a.y + gap;
    int column = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0 && i % per_column == 0) {
            ++column;
            y = a.y + gap;
        }
        const auto& style = c.view.receipt->lines[i].style;
        ImFont* font = style == receipt::Style::Title ? c.fonts.title : c.fonts.body;
        const float x = px + gap + static_cast<float>(column) * (col_w + gap);
        if (lines[i].empty()) {
            draw->AddRectFilled(ImVec2(o.x + x, o.y + y + gap / 2),
                                ImVec2(o.x + x + col_w, o.y + y + gap / 2 + 1),
                                u32(c.theme.outline));
            y += gap;
            continue;
        }
        const float remaining = a.y + a.h - y;
        if (remaining < font->FontSize) {
            continue;  // the printed copy has it all; the preview shows what fits
        }
        y += paragraph(lines[i], x, y, col_w, font, c.theme, c.geometry);
    }
    footer(c);
}

void draw_feedback(Ctx& c) {
    const float top = footer_top(c);
    const Area a = header(c, c.view.title, top);
    const float gap = c.theme.gap();
    float y = a.y;
    if (c.view.asking_knows) {
        // The second question: two big answers.
        y +=
            paragraph(c.t("feedback.knows"), a.x, y, a.w, c.fonts.title, c.theme, c.geometry) + gap;
        const bool side = !c.theme.portrait;
        const float bw = side ? (a.w - gap) / 2 : a.w;
        const float bh = std::max(c.theme.primary_height(), c.theme.secondary_height());
        for (int v : {1, 0}) {
            const float bx = side ? a.x + static_cast<float>(1 - v) * (bw + gap) : a.x;
            const float by = side ? y : y + static_cast<float>(1 - v) * (bh + gap);
            if (c.button(c.t(v == 1 ? "feedback.yes" : "feedback.no"), bx, by, bw, bh, false,
                         c.fonts.title)) {
                c.emit(flow::IntentKind::KnowsDoctor, "", v);
            }
        }
        footer(c);
        return;
    }
    y += paragraph(c.t("feedback.rate"), a.x, y, a.w, c.fonts.title, c.theme, c.geometry) + gap;
    // Five faces in a row where their words fit, else in rows of three.
    float widest = 0;
    for (int r = 1; r <= 5; ++r) {
        const std::string& label = c.t("feedback.face" + std::to_string(r));
        widest = std::max(
            widest, c.fonts.body->CalcTextSizeA(c.fonts.body->FontSize, 1e9f, 0, label.c_str()).x);
    }
    const float need = widest + 3 * gap;
    const int columns = need * 5 + 4 * gap <= a.w ? 5 : (need * 3 + 2 * gap <= a.w ? 3 : 2);
    const int rows = (5 + columns - 1) / columns;
    const float bw = (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float room =
        (a.y + a.h - y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    const float bh =
        std::clamp(room, c.theme.secondary_height(), c.theme.secondary_height() * 2.2f);
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.5f, 0.92f));
    for (int r = 1; r <= 5; ++r) {
        const int i = r - 1;
        const float bx = a.x + static_cast<float>(i % columns) * (bw + gap);
        const float by = y + static_cast<float>(i / columns) * (bh + gap);
        const bool chosen = c.view.rating == r;
        const std::string label =
            (chosen ? c.t("choice.mark") + " " : "") + c.t("feedback.face" + std::to_string(r));
        if (c.button(label, bx, by, bw, bh, false)) {
            c.emit(flow::IntentKind::Rate, "", r);
        }
        // The face above the words, in what the label leaves.
        const float radius = std::min(bw * 0.25f, (bh - c.fonts.body->FontSize - 2 * gap) * 0.45f);
        if (radius > 8) {
            face(bx + bw / 2, by + gap / 2 + radius, radius, r, c.theme);
        }
    }
    ImGui::PopStyleVar();
    footer(c);
}

}  // namespace jiayi::ui
