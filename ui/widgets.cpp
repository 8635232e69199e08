#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <imgui_internal.h>

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

float text_width(const std::string& s, ImFont* font) {
    return font->CalcTextSizeA(font->FontSize, 1e9f, 0, s.c_str(), s.c_str() + s.size()).x;
}

float line_step(const ImFont* font, const Theme& theme) {
    return std::round(font->FontSize * (theme.large_text ? kLeading : 1.0f));
}

LabelLayout layout_label(const std::string& label, float w, ImFont* font, const Theme& theme,
                         Icon icon) {
    LabelLayout out;
    const auto width_of = [font](const char* b, const char* e) {
        return font->CalcTextSizeA(font->FontSize, 1e9f, 0, b, e).x;
    };
    const float room = w - theme.gap();
    const float space = label.empty() ? 0 : std::round(theme.gap() / 2);
    const float full_w = icon_width(font, icon);
    const float one_line = width_of(label.c_str(), label.c_str() + label.size());
    out.lines = {{label.c_str(), label.c_str() + label.size()}};
    out.text_w = one_line;
    if (full_w <= 0 || one_line + space + full_w <= room) {
        out.icon_scale = full_w > 0 ? 1.0f : 0.0f;
    } else if (one_line + space + full_w * 0.8f <= room) {
        // Short of room by a little: a smaller icon, down to 0.8 of its size.
        out.icon_scale = (room - one_line - space) / full_w;
    } else {
        // Two or more lines beside the whole icon; words only when even a
        // word does not fit beside it (the rules then break it inside).
        out.icon_scale = 1.0f;
        out.lines = wrap_lines(font, label, room - full_w - space);
        const char* label_end = label.c_str() + label.size();
        const auto latin = [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) != 0;
        };
        for (const Line& line : out.lines) {
            if (width_of(line.begin, line.end) > room - full_w - space ||
                (line.end < label_end && line.end > line.begin && latin(line.end[-1]) &&
                 latin(*line.end))) {
                out.icon_scale = 0;
            }
        }
        if (out.icon_scale == 0) {
            // The icon over the words (a narrow button and a long word),
            // else the words alone.
            out.lines = one_line <= room
                            ? std::vector<Line>{{label.c_str(), label.c_str() + label.size()}}
                            : wrap_lines(font, label, room);
            out.icon_above = full_w <= room;
            out.icon_scale = out.icon_above ? 1.0f : 0.0f;
        }
        out.text_w = 0;
        for (const Line& line : out.lines) {
            out.text_w = std::max(out.text_w, width_of(line.begin, line.end));
        }
    }
    const float icon_w = std::floor(full_w * out.icon_scale);
    out.icon_w = icon_w;
    out.group_w = out.icon_above ? std::max(out.text_w, icon_w)
                                 : out.text_w + (icon_w > 0 ? icon_w + space : 0);
    if (out.lines.empty()) {
        out.lines = {{label.c_str(), label.c_str()}};  // an empty label: one empty line
    }
    out.text_h = font->FontSize +
                 line_step(font, theme) * static_cast<float>(out.lines.size() - 1) +
                 (out.icon_above ? line_step(font, theme) : 0);
    return out;
}

float label_height(const std::string& label, float w, ImFont* font, const Theme& theme, Icon icon) {
    return layout_label(label, w, font, theme, icon).text_h;
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
    const LabelLayout layout = layout_label(label, w, font, theme, icon);
    const ImVec2 align = ImGui::GetStyle().ButtonTextAlign;
    const Colour ink = primary ? theme.on_primary : theme.text;
    // The icon and the label as one group, aligned as the label would be;
    // the next page's arrow after its words, where it points.
    const float space = label.empty() ? 0 : std::round(theme.gap() / 2);
    const bool trailing = icon == icon::kNext;
    const float x = std::round(at.x + (w - layout.group_w) * align.x);
    const float y = std::round(at.y + (h - layout.text_h) * align.y);
    const bool beside = layout.icon_w > 0 && !layout.icon_above;
    const float text_x = !beside    ? x + (layout.group_w - layout.text_w) / 2
                         : trailing ? x
                                    : x + layout.icon_w + space;
    float line_y = y;
    if (layout.icon_above) {
        draw_icon(draw, font, icon, x + (layout.group_w - layout.icon_w) / 2,
                  y + font->FontSize / 2, ink, layout.icon_scale);
        line_y += line_step(font, theme);
    } else if (layout.icon_w > 0) {
        draw_icon(draw, font, icon, trailing ? text_x + layout.text_w + space : x,
                  y + layout.text_h / 2, ink, layout.icon_scale);
    }
    for (const Line& line : layout.lines) {
        // Each of several lines aligned in the label's width as the label is.
        const float line_w = font->CalcTextSizeA(font->FontSize, 1e9f, 0, line.begin, line.end).x;
        const float line_x = std::round(text_x + (layout.text_w - line_w) * align.x);
        draw->AddText(font, font->FontSize, ImVec2(line_x, line_y),
                      ImGui::GetColorU32(colour_vec(ink)), line.begin, line.end);
        if (&line == &layout.lines.front()) {
            probe_ink(geometry, font, font->FontSize, ImVec2(line_x, line_y),
                      std::string(line.begin, line.end));
        }
        line_y += line_step(font, theme);
    }
    if (geometry != nullptr) {
        const Icon shown = icon == icon::kDrawn ? icon : (layout.icon_w > 0 ? icon : icon::kNone);
        geometry->items.push_back(
            {label, at.x, at.y, w, h, layout.group_w, layout.text_h, primary, shown});
    }
    return pressed;
}

namespace {

struct Piece {
    ImFont* font;
    Line line;
    float x;  // from the card's left edge
    float y;  // from the top of the card's text
};

// Where a card's icon and lines go in a card `w` wide: the icon in a column
// of its own at the left when the lines leave it room (smaller, down to half
// its size, when they need the width), else before the first line, in that
// line's size, and the other lines under it across the card.
struct CardLayout {
    std::vector<Piece> pieces;
    ImFont* icon_font = nullptr;
    float icon_scale = 0;
    float icon_w = 0;
    bool icon_column = false;
    float text_h = 0;  // from the first line's top to the last line's bottom
    float widest = 0;  // the widest line's right end, from the card's left edge
};

CardLayout layout_card(const std::vector<CardLine>& lines, float w, const Theme& theme, Icon icon,
                       ImFont* icon_font, bool column) {
    CardLayout out;
    const float pad = theme.gap();
    const auto width_of = [](ImFont* font, const char* b, const char* e) {
        return font->CalcTextSizeA(font->FontSize, 1e9f, 0, b, e).x;
    };
    float widest_line = 0;
    for (const CardLine& line : lines) {
        widest_line = std::max(widest_line, width_of(line.font, line.text.c_str(),
                                                     line.text.c_str() + line.text.size()));
    }
    const float column_w = icon_width(icon_font, icon);
    if (column_w > 0) {
        out.icon_scale = std::min(1.0f, (w - 3 * pad - widest_line) / column_w);
        out.icon_column = column && out.icon_scale >= 0.5f;
    }
    float text_x = pad;
    if (out.icon_column) {
        out.icon_font = icon_font;
        out.icon_w = std::floor(column_w * out.icon_scale);
        text_x += out.icon_w + pad;
    } else if (!lines.empty()) {
        // Before the first line, in its size (the title's icon in the title's).
        ImFont* font = icon_width(lines.front().font, icon) > 0 ? lines.front().font : icon_font;
        const float inline_w = icon_width(font, icon);
        if (inline_w > 0 && inline_w + pad < w - 2 * pad) {
            out.icon_font = font;
            out.icon_scale = font->FontSize > 0 ? lines.front().font->FontSize / font->FontSize : 1;
            out.icon_w = std::floor(inline_w * out.icon_scale);
        }
    }
    float y = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const CardLine& line = lines[i];
        // The first line right of an icon before it (and its own further
        // lines under it, a hanging indent).
        const float x = !out.icon_column && i == 0 && out.icon_w > 0
                            ? pad + out.icon_w + std::round(pad / 2)
                            : text_x;
        for (const Line& l : wrap_lines(line.font, line.text, w - pad - x)) {
            if (!out.pieces.empty()) {
                y += line_step(out.pieces.back().font, theme);
            }
            out.pieces.push_back({line.font, l, x, y});
            out.widest = std::max(out.widest, x + width_of(line.font, l.begin, l.end));
        }
    }
    out.text_h = out.pieces.empty() ? 0 : y + out.pieces.back().font->FontSize;
    return out;
}

// Whether a card `w` wide keeps `icon` in a column left of `lines`.
bool icon_column_fits(const std::vector<CardLine>& lines, float w, const Theme& theme, Icon icon,
                      ImFont* icon_font) {
    return layout_card(lines, w, theme, icon, icon_font, true).icon_column;
}

// The height a card `w` wide needs for `lines` and `icon`, each line broken
// as card_button breaks it, with its padding.
float card_height(const std::vector<CardLine>& lines, float w, const Theme& theme, Icon icon,
                  ImFont* icon_font, bool icon_column) {
    return layout_card(lines, w, theme, icon, icon_font, icon_column).text_h + 1.5f * theme.gap();
}

}  // namespace

bool card_button(const std::string& id, const std::vector<CardLine>& lines, float w, float h,
                 bool chosen, const Theme& theme, Geometry* geometry, Icon icon, ImFont* icon_font,
                 bool icon_column) {
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
    const CardLayout layout = layout_card(lines, w, theme, icon, icon_font, icon_column);
    // Centred; a card with little to spare keeps its lines inside it.
    const float top = at.y + std::max(0.0f, (h - layout.text_h) / 2);
    const Colour icon_ink = chosen ? theme.primary : theme.text;
    if (layout.icon_w > 0 && layout.icon_column) {
        draw_icon(draw, layout.icon_font, icon, at.x + pad, at.y + h / 2, icon_ink,
                  layout.icon_scale);
    } else if (layout.icon_w > 0 && !layout.pieces.empty()) {
        draw_icon(draw, layout.icon_font, icon, at.x + pad,
                  top + layout.pieces.front().font->FontSize / 2, icon_ink, layout.icon_scale);
    }
    for (const Piece& piece : layout.pieces) {
        ImFont* font = piece.font;
        const ImVec2 p(at.x + piece.x, top + piece.y);
        draw->AddText(font, font->FontSize, p, ImGui::GetColorU32(colour_vec(theme.text)),
                      piece.line.begin, piece.line.end);
        probe_ink(geometry, font, font->FontSize, p, std::string(piece.line.begin, piece.line.end));
    }
    if (geometry != nullptr) {
        geometry->items.push_back({lines.empty() ? id : lines.front().text, at.x, at.y, w, h,
                                   layout.widest - pad, layout.text_h, false,
                                   layout.icon_w > 0 ? icon : icon::kNone});
    }
    return pressed;
}

CardsFit fit_cards(const std::vector<CardSpec>& cards, float w, const Theme& theme,
                   ImFont* icon_font, float least) {
    CardsFit fit;
    for (const CardSpec& card : cards) {
        fit.icon_column =
            fit.icon_column && icon_column_fits(card.lines, w, theme, card.icon, icon_font);
    }
    fit.h = least;
    for (const CardSpec& card : cards) {
        fit.h = std::max(fit.h,
                         card_height(card.lines, w, theme, card.icon, icon_font, fit.icon_column));
    }
    return fit;
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

void probe_ink(Geometry* geometry, const ImFont* font, float size, ImVec2 at,
               const std::string& text) {
    if (geometry == nullptr || text.empty()) {
        return;
    }
    const char* p = text.c_str();
    const char* end = p + text.size();
    for (int i = 0; i < 4 && p < end && *p != '\n'; ++i) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) {
            break;
        }
        p += n;
    }
    const char* start = text.c_str();
    geometry->ink.push_back({font == geometry->title_font, size, at.x, at.y,
                             font->CalcTextSizeA(size, 1e9f, 0, start, p).x,
                             std::string(start, p)});
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
