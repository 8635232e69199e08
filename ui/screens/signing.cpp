// Fees, consent and the informed notice, the signature pad, the receipt's
// preview and feedback.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "kiosk/flow/view_model.hpp"
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
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    const auto& fees = c.view.fees;
    ImFont* font = c.fonts.body;
    ImFont* big = c.fonts.title;
    const std::string total = c.f("fees.total", {fees.total});
    const std::string you_pay = c.f("fees.you_pay", {fees.resident_pays});
    // A row is a line as paragraph() draws it.
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    // The table at a scale `s`: columns as wide as their contents, the
    // service names and the payers breaking into lines by words if the
    // table would be too wide (the amounts stay whole).
    // Compact (large type on a low screen): the total as the table's last
    // row and what the resident pays in the footer's row, between its
    // buttons.
    const std::optional<Area> footer_room = footer_free(c);
    const float pay_w_full = big->CalcTextSizeA(big->FontSize, 1e9f, 0, you_pay.c_str()).x;
    const bool can_compact =
        footer_room && pay_w_full + 2 * gap <= footer_room->w && big->FontSize <= footer_room->h;
    struct Layout {
        float scale, name_w, payer_w, amount_w, table_w, height;
        bool side;
        bool compact;
    };
    auto width = [&](const std::string& s, float scale) {
        return font->CalcTextSizeA(font->FontSize * scale, 1e9f, 0, s.c_str()).x;
    };
    // As cell() below breaks it: half a pixel over the column.
    auto lines = [&](const std::string& s, float w, float scale) {
        return static_cast<float>(wrap_lines(font, s, w + 0.5f, scale).size());
    };
    auto layout = [&](float scale, bool compact) {
        Layout l{scale,
                 width(c.t("fees.package"), scale),
                 width(c.t("fees.payer"), scale),
                 width(c.t("fees.amount"), scale),
                 0,
                 0,
                 false,
                 compact};
        if (compact) {
            l.name_w = std::max(l.name_w, width(c.t("fees.total_row"), scale));
            l.amount_w = std::max(l.amount_w, width(c.f("fees.money", {fees.total}), scale));
        }
        for (const auto& r : fees.rows) {
            l.name_w = std::max(l.name_w, width(c.pick(r.name_zh, r.name_en), scale));
            l.payer_w = std::max(l.payer_w, width(c.t(r.payer), scale));
            l.amount_w = std::max(l.amount_w, width(c.f("fees.money", {r.amount}), scale));
        }
        const float natural = l.name_w + l.payer_w + l.amount_w + 6 * gap;
        const float totals_w =
            std::max(width(total, scale),
                     big->CalcTextSizeA(big->FontSize * scale, 1e9f, 0, you_pay.c_str()).x);
        l.side = !compact && !c.theme.portrait && natural + 2 * gap + totals_w <= a.w;
        l.table_w = l.side ? natural : std::min(a.w, std::max(natural, a.w * 0.6f));
        // The amounts whole; the names and the payers share what is left,
        // each in proportion to its longest, breaking into lines by words
        // where the table is narrower than they (portrait, large text).
        const float words = l.table_w - l.amount_w - 6 * gap;
        if (l.name_w + l.payer_w > words + 1.0f) {
            const float name_share = l.name_w / (l.name_w + l.payer_w);
            l.name_w = std::floor(words * name_share);
            l.payer_w = words - l.name_w;
        } else {
            l.name_w = words - l.payer_w;
        }
        const float row = c.theme.large_text ? std::round(font->FontSize * scale * kLeading)
                                             : font->FontSize * scale + spacing;
        const auto row_of = [&](const std::string& name, const std::string& payer) {
            return std::max(lines(name, l.name_w, scale), lines(payer, l.payer_w, scale)) * row;
        };
        float h = gap + row_of(c.t("fees.package"), c.t("fees.payer"));
        for (const auto& r : fees.rows) {
            h += row_of(c.pick(r.name_zh, r.name_en), c.t(r.payer));
        }
        if (compact) {
            h += row_of(c.t("fees.total_row"), "");  // the total's row, under a rule
        } else if (!l.side) {
            // What the resident pays under it, the total at its right or on
            // a line of its own.
            h += gap + big->FontSize * scale + spacing;
            const float pay_w =
                big->CalcTextSizeA(big->FontSize * scale, 1e9f, 0, you_pay.c_str()).x;
            if (pay_w + 2 * gap + width(total, scale) > a.w) {
                h += font->FontSize * scale + spacing;
            }
        }
        l.height = h;
        return l;
    };
    // Smaller type only when the table would not fit (large text on a small screen).
    Layout l = layout(1.0f, false);
    if (l.height > a.h && can_compact) {
        l = layout(1.0f, true);
    }
    while (l.height > a.h && l.scale > 0.7f) {
        l = layout(l.scale - 0.05f, l.compact);
    }
    const float s = l.scale;
    float y = a.y;
    if (l.height + paragraph_height(c.t("fees.intro"), a.w, font) + gap <= a.h) {
        y += paragraph(c.t("fees.intro"), a.x, y, a.w, font, c.theme, c.geometry) + gap;
    }
    const float table_y = y;
    // The rows as a paragraph's lines, closer in large text (line_step).
    const float row_h = c.theme.large_text ? std::round(font->FontSize * s * kLeading)
                                           : font->FontSize * s + spacing;
    const float x_name = a.x + gap;
    const float x_payer = x_name + l.name_w + 2 * gap;
    const float x_amount = x_payer + l.payer_w + 2 * gap;
    const float amount_col = a.x + l.table_w - gap - x_amount;
    auto cell = [&](const std::string& text, float x, float w, bool right) {
        const float tw = width(text, s);
        if (right && tw <= w) {
            x += w - tw;
        }
        // Half a pixel over its own width: a cell as wide as its column
        // must not break on rounding.
        return paragraph(text, x, y, std::min(w, std::max(tw, 1.0f)) + 0.5f, font, c.theme,
                         c.geometry, s, row_h);
    };
    PanelBehind behind;
    y += gap / 2;
    const float head = std::max({cell(c.t("fees.package"), x_name, l.name_w, false),
                                 cell(c.t("fees.payer"), x_payer, l.payer_w, false),
                                 cell(c.t("fees.amount"), x_amount, amount_col, true)});
    y += std::max(row_h, head);
    bool striped = true;
    for (const auto& r : fees.rows) {
        // Every other row on a deeper panel, so that a row of several lines
        // reads as one.
        if (striped) {
            const float rh = std::max(lines(c.pick(r.name_zh, r.name_en), l.name_w, s),
                                      lines(c.t(r.payer), l.payer_w, s)) *
                             row_h;
            // Lower by what the close rows overlap, so that the row above
            // keeps its descenders (g, y) in front of it.
            const float shift = std::max(0.0f, font->FontSize * s - row_h);
            panel(a.x, y + shift, l.table_w, rh, c.theme.secondary, c.theme);
        }
        striped = !striped;
        const float h = std::max({cell(c.pick(r.name_zh, r.name_en), x_name, l.name_w, false),
                                  cell(c.t(r.payer), x_payer, l.payer_w, false),
                                  cell(c.f("fees.money", {r.amount}), x_amount, amount_col, true)});
        y += std::max(row_h, h);
    }
    if (l.compact) {
        // A rule over the total, as on a bill: under the descenders of the
        // row above (the rows overlap by `shift`), over the total's ink.
        const float shift = std::max(0.0f, font->FontSize * s - row_h);
        const ImVec2 o = ImGui::GetWindowPos();
        const float t = std::max(1.0f, std::round(2 * c.theme.scale));
        const float rule_y = std::round(y + shift - t / 2);
        ImGui::GetWindowDrawList()->AddRectFilled(
            ImVec2(o.x + x_name, o.y + rule_y),
            ImVec2(o.x + a.x + l.table_w - gap, o.y + rule_y + t),
            IM_COL32(c.theme.outline.r, c.theme.outline.g, c.theme.outline.b, 255));
        const float h = std::max(cell(c.t("fees.total_row"), x_name, l.name_w, false),
                                 cell(c.f("fees.money", {fees.total}), x_amount, amount_col, true));
        y += std::max(row_h, h);
    }
    behind.close(a.x, table_y, l.table_w, y + gap / 2, c.theme.muted_panel, c.theme);
    y += gap;
    if (l.compact) {
        const float pay_w = big->CalcTextSizeA(big->FontSize * s, 1e9f, 0, you_pay.c_str()).x;
        paragraph(you_pay, footer_room->x + (footer_room->w - pay_w) / 2,
                  footer_room->y + (footer_room->h - big->FontSize * s) / 2, pay_w + 1.0f, big,
                  c.theme, c.geometry, s);
        footer(c);
        return;
    }
    float tx = a.x;
    float tw = a.w;
    if (l.side) {
        tx = a.x + l.table_w + 2 * gap;
        tw = a.w - l.table_w - 2 * gap;
        y = table_y;
    }
    if (l.side) {
        y += paragraph(total, tx, y, tw, font, c.theme, c.geometry, s) + gap / 2;
        paragraph(you_pay, tx, y, tw, big, c.theme, c.geometry, s);
    } else {
        // Under the table: what the resident pays, and the total at the right.
        const float pay_w = big->CalcTextSizeA(big->FontSize * s, 1e9f, 0, you_pay.c_str()).x;
        const float total_w = width(total, s);
        paragraph(you_pay, tx, y, pay_w + 1.0f, big, c.theme, c.geometry, s);
        if (pay_w + 2 * gap + total_w <= tw) {
            paragraph(total, tx + tw - total_w - 1.0f, y + (big->FontSize - font->FontSize) * s,
                      total_w + 1.0f, font, c.theme, c.geometry, s);
        } else {
            paragraph(total, tx, y + big->FontSize * s + spacing, tw, font, c.theme, c.geometry, s);
        }
    }
    footer(c);
}

void draw_text_screen(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    const bool notice = c.view.screen == flow::Screen::Notice;
    const std::string& first = c.t(notice ? "notice.body" : "consent.body");
    const std::string& second = c.t(notice ? "notice.later" : "consent.rights");
    ImFont* font = c.fonts.body;
    const float line = font->FontSize + ImGui::GetStyle().ItemSpacing.y;
    // The words in the body's size, never smaller: in one column, else two
    // side by side on a wide screen, else in pages (large type).
    const int columns = !c.theme.portrait && a.w > 1200.0f * c.theme.scale ? 2 : 1;
    std::vector<std::string> lines;
    auto wrap = [&](float w) {
        lines.clear();
        for (const std::string* text : {&first, &second}) {
            if (!lines.empty()) {
                lines.emplace_back();  // between the paragraphs
            }
            for (const Line& l : wrap_lines(font, *text, w)) {
                lines.emplace_back(l.begin, l.end);
            }
        }
    };
    const float one = a.w - 2 * gap;
    wrap(one);
    int shown_columns = 1;
    float column_w = one;
    if (static_cast<float>(lines.size()) * line > a.h - 2 * gap && columns == 2) {
        shown_columns = 2;
        column_w = (a.w - 3 * gap) / 2;
        wrap(column_w);
    }
    const Area inner{a.x + gap, a.y + gap, a.w - 2 * gap, a.h - 2 * gap};
    // page_of's rule: pages (and its buttons at the bottom) when the lines
    // do not all fit.
    const int rows_all = std::max(1, static_cast<int>((inner.h + gap) / line));
    const bool paged = static_cast<int>(lines.size()) > rows_all * shown_columns;
    panel(a.x, a.y, a.w,
          paged ? a.h - pager_height(c, inner, static_cast<int>(lines.size())) - 1.5f * gap : a.h,
          c.theme.muted_panel, c.theme);
    const auto [from, to] =
        page_of(c, inner, static_cast<int>(lines.size()), line - gap, shown_columns);
    const int count = to - from;
    const int per_column = (count + shown_columns - 1) / shown_columns;
    float y = a.y + gap;
    for (int i = 0; i < count; ++i) {
        if (i % per_column == 0) {
            y = a.y + gap;
        }
        const std::string& text = lines[static_cast<std::size_t>(from + i)];
        if (text.empty()) {
            y += line;
            continue;
        }
        const float x = a.x + gap + static_cast<float>(i / per_column) * (column_w + gap);
        // A pixel over: a line as wide as the column must not break again on rounding.
        y += paragraph(text, x, y, column_w + 1.0f, font, c.theme, c.geometry);
    }
    footer(c);
}

void draw_signature(Ctx& c) {
    const Area a = content_area(c);
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
    const float line_y = std::round(o.y + y + ph * 0.8f);
    draw->AddRectFilled(ImVec2(std::round(o.x + px + pw * 0.05f), line_y),
                        ImVec2(std::round(o.x + px + pw * 0.95f),
                               line_y + std::max(1.0f, std::round(2 * c.theme.scale))),
                        u32(c.theme.outline));
    const float unit = pw / flow::kPadWidth;
    if (c.view.signature.strokes.empty() && !c.state.drawing) {
        ImGui::SetCursorPos(ImVec2(px, y + ph * 0.35f));
        centred_text(c.t("signature.here"), pw, c.fonts.body, c.theme);
        // A pen at the start of the line: where to write.
        draw_icon(draw, c.fonts.title, icon::kPen, std::round(o.x + px + pw * 0.05f),
                  line_y - c.fonts.title->FontSize * 0.6f, c.theme.primary);
    }
    ImGui::SetCursorPos(ImVec2(px, y));
    ImGui::InvisibleButton("pad", ImVec2(pw, ph));
    if (c.geometry != nullptr) {
        c.geometry->items.push_back({"pad", o.x + px, o.y + y, pw, ph, 0, 0, false, icon::kDrawn});
    }
    if (ImGui::IsItemActive()) {
        auto add = [&](float mx, float my) {
            const image::Point p{std::clamp((mx - o.x - px) / unit, 0.0f, flow::kPadWidth),
                                 std::clamp((my - o.y - y) / unit, 0.0f, flow::kPadHeight)};
            auto& stroke = c.state.stroke;
            if (stroke.empty() ||
                std::hypot(stroke.back().x - p.x, stroke.back().y - p.y) >= 1.5f) {
                stroke.push_back(p);
            }
        };
        // Every position the pointer passed since the last frame, then where
        // it is: a quick stroke between two frames is still a stroke.
        for (const auto& [mx, my] : c.state.pointer_trail) {
            add(mx, my);
        }
        const ImVec2 m = ImGui::GetIO().MousePos;
        add(m.x, m.y);
        c.state.drawing = true;
    } else if (c.state.drawing) {
        c.intent = {flow::IntentKind::Stroke, "", 0, std::move(c.state.stroke)};
        c.state.stroke.clear();
        c.state.drawing = false;
    }
    auto polyline = [&](const std::vector<image::Point>& raw) {
        // Smoothed as the stored PNG is: corners become curves.
        const auto stroke = image::smooth(raw, 2.0f / unit);
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

// Where the printed receipt is, in one sentence above the preview.
std::string print_line(const Ctx& c) {
    switch (c.view.print.state) {
        case flow::PrintState::Printing:
            return c.t("printer.printing");
        case flow::PrintState::Printed:
            return c.t("printer.printed");
        case flow::PrintState::Sent:
            return c.t("printer.sent");
        case flow::PrintState::NoPrinter:
            return c.t("printer.no-printer");
        case flow::PrintState::Waiting:
            return c.f("printer.waiting", {c.t(c.view.print.problem)});
        case flow::PrintState::None:
            break;
    }
    return "";
}

void draw_receipt(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    if (!c.view.receipt) {
        footer(c);
        return;
    }
    if (const std::string said = print_line(c); !said.empty()) {
        const float h = paragraph(said, a.x, a.y, a.w, c.fonts.body, c.theme, c.geometry);
        a.y += h + gap;
        a.h -= h + gap;
    }
    const auto& doc = *c.view.receipt;
    const auto texts = receipt::render_text(doc, c.catalog, c.view.language);
    for (const std::string& line : texts) {
        c.heard(line);
    }
    // The paper, like the printed one: one column where it fits; else two,
    // split where a section ends; and smaller type only if even that
    // overflows. Nothing of the receipt is left out of its preview.
    auto font_of = [&](std::size_t i) {
        return doc.lines[i].style == receipt::Style::Title ? c.fonts.title : c.fonts.body;
    };
    auto line_h = [&](std::size_t i, float w, float s) {
        if (doc.lines[i].style == receipt::Style::Rule) {
            return gap;
        }
        ImFont* f = font_of(i);
        return static_cast<float>(wrap_lines(f, texts[i], w, s).size()) * f->FontSize * s * 1.15f;
    };
    auto height = [&](std::size_t from, std::size_t to, float w, float s) {
        float h = 0;
        for (std::size_t i = from; i < to; ++i) {
            h += line_h(i, w, s);
        }
        return h;
    };
    const std::size_t n = texts.size();
    struct Plan {
        int columns = 1;
        std::size_t split = 0;
        float scale = 1.0f;
    };
    auto plan_for = [&](const Area& box) {
        Plan p;
        p.split = n;
        const float w = std::min(box.w, 1500.0f * c.theme.scale);
        const float room = box.h - 2 * gap;
        const float one = w - 2 * gap;
        const float two = (w - 3 * gap) / 2;
        if (height(0, n, one, 1.0f) <= room) {
            return p;
        }
        p.columns = 2;
        // The section break nearest the middle.
        const float total = height(0, n, two, 1.0f);
        float best = 1e9f;
        float run = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (doc.lines[i].style == receipt::Style::Rule && std::abs(run - total / 2) < best) {
                best = std::abs(run - total / 2);
                p.split = i + 1;
            }
            run += line_h(i, two, 1.0f);
        }
        while (p.scale > 0.5f && std::max(height(0, p.split, two, p.scale),
                                          height(p.split, n, two, p.scale)) > room) {
            p.scale -= 0.05f;
        }
        return p;
    };
    Plan plan = plan_for(a);
    // The paper as the printer prints it, beside the large-type preview
    // (below it when the screen stands upright) — only where the preview
    // keeps its columns and its size: the large type comes first.
    const PaperImage& paper = c.state.paper;
    if (paper.texture != nullptr && paper.receipt_id.starts_with(doc.id + "/")) {
        const float aspect = static_cast<float>(paper.width) / static_cast<float>(paper.height);
        Area rest = a;
        ImVec2 from;
        ImVec2 to;
        if (!c.theme.portrait) {
            const float w = std::min(a.h * aspect, a.w * 0.3f);
            from = ImVec2(a.x + a.w - w, a.y);
            to = ImVec2(a.x + a.w, a.y + w / aspect);
            rest.w -= w + gap;
        } else {
            const float w = std::min(a.h * 0.45f * aspect, a.w);
            from = ImVec2(a.x + (a.w - w) / 2, a.y + a.h - w / aspect);
            to = ImVec2(a.x + (a.w + w) / 2, a.y + a.h);
            rest.h -= w / aspect + gap;
        }
        const Plan narrower = plan_for(rest);
        if (narrower.columns == plan.columns && narrower.scale >= plan.scale) {
            const ImVec2 o = ImGui::GetWindowPos();
            ImDrawList* draw = ImGui::GetWindowDrawList();
            draw->AddImage(paper.texture, ImVec2(o.x + from.x, o.y + from.y),
                           ImVec2(o.x + to.x, o.y + to.y));
            // Faded while the printer has not printed it: it is what will come out.
            if (c.view.print.state == flow::PrintState::Waiting) {
                draw->AddRectFilled(ImVec2(o.x + from.x, o.y + from.y),
                                    ImVec2(o.x + to.x, o.y + to.y), IM_COL32(255, 255, 255, 170));
            }
            a = rest;
            plan = narrower;
        }
    }
    const int columns = plan.columns;
    const std::size_t split = plan.split;
    const float scale = plan.scale;
    const float paper_w = std::min(a.w, 1500.0f * c.theme.scale);
    const float px = a.x;
    const float one_w = paper_w - 2 * gap;
    const float two_w = (paper_w - 3 * gap) / 2;
    const float col_w = columns == 1 ? one_w : two_w;
    const ImVec2 o = ImGui::GetWindowPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float paper_h = gap +
                          std::max(height(0, split, col_w, scale),
                                   split < n ? height(split, n, col_w, scale) : 0.0f) +
                          gap;
    outline(draw, ImVec2(o.x + px, o.y + a.y), paper_w, std::min(a.h, paper_h), c.theme.outline, 0,
            2 * c.theme.scale);
    const ImU32 ink = IM_COL32(c.theme.text.r, c.theme.text.g, c.theme.text.b, 255);
    float y = a.y + gap;
    float x = px + gap;
    for (std::size_t i = 0; i < n; ++i) {
        if (i == split) {
            x += col_w + gap;
            y = a.y + gap;
        }
        if (doc.lines[i].style == receipt::Style::Rule) {
            draw->AddRectFilled(
                ImVec2(std::round(o.x + x), std::round(o.y + y + gap / 2)),
                ImVec2(std::round(o.x + x + col_w), std::round(o.y + y + gap / 2) + 1), ink);
            y += gap;
            continue;
        }
        ImFont* f = font_of(i);
        const float size = f->FontSize * scale;
        const float start = y;
        float widest = 0;
        for (const Line& line : wrap_lines(f, texts[i], col_w, scale)) {
            draw->AddText(f, size, ImVec2(o.x + x, o.y + y), ink, line.begin, line.end);
            widest = std::max(widest, f->CalcTextSizeA(size, 1e9f, 0, line.begin, line.end).x);
            y += size * 1.15f;
        }
        if (c.geometry != nullptr) {
            c.geometry->texts.push_back({texts[i], o.x + x, o.y + start, widest, y - start});
        }
    }
    footer(c);
}

void draw_feedback(Ctx& c) {
    const Area a = content_area(c);
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
                         v == 1 ? icon::kYes : icon::kNo, c.fonts.title)) {
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
        // The face drawn below is the button's picture.
        if (c.button(label, bx, by, bw, bh, false, icon::kDrawn)) {
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
