// Booking a specialist: hospital, department, day and time as big cards
// (paged, never scrolled), the slot to confirm, the resident's bookings, one
// booking; and the veil while the center is asked.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

namespace {

// "2026-11-25 Wed 09:00–09:30" (the weekday from the catalog).
std::string when(const Ctx& c, const flow::SlotView& s) {
    return c.f("booking.day_time", {s.day, s.weekday.empty() ? "" : c.t(s.weekday), s.time});
}

// The intro line above each list: what was chosen so far.
std::string intro(const Ctx& c) {
    const auto& s = c.view.booking.slot;
    const std::string hospital = c.pick(s.hospital_zh, s.hospital_en);
    const std::string department = c.pick(s.department_zh, s.department_en);
    switch (c.view.screen) {
        case flow::Screen::BookDepartment:
            return c.f("booking.departments_intro", {hospital});
        case flow::Screen::BookDay:
            return c.f("booking.days_intro", {hospital, department});
        case flow::Screen::BookTime:
            return c.f("booking.times_intro", {hospital, department, s.day});
        default:
            return c.t("booking.hospitals_intro");
    }
}

flow::IntentKind pick_intent(flow::Screen screen) {
    switch (screen) {
        case flow::Screen::BookDepartment:
            return flow::IntentKind::PickDepartment;
        case flow::Screen::BookDay:
            return flow::IntentKind::PickDay;
        case flow::Screen::BookTime:
            return flow::IntentKind::PickTime;
        default:
            return flow::IntentKind::PickHospital;
    }
}

// The slot or booking as labelled lines on a panel; returns its bottom.
float slot_panel(Ctx& c, const flow::SlotView& s, float x, float y, float w, bool deadline) {
    const float gap = c.theme.gap();
    PanelBehind behind;
    float at = y + gap;
    const float ix = x + gap;
    const float iw = w - 2 * gap;
    at += field(c, c.t("booking.time"), when(c, s), ix, at, iw);
    at += field(c, c.t("booking.hospital"), c.pick(s.hospital_zh, s.hospital_en), ix, at, iw);
    at += field(c, c.t("booking.department"), c.pick(s.department_zh, s.department_en), ix, at, iw);
    at += field(c, c.t("booking.place"), c.pick(s.place_zh, s.place_en), ix, at, iw);
    if (deadline) {
        at += field(c, c.t("booking.cancel_until"),
                    s.cancelled     ? c.t("booking.cancelled")
                    : s.cancellable ? s.cancel_until
                                    : c.t("booking.cancel_closed"),
                    ix, at, iw);
    }
    behind.close(x, y, w, at + gap / 2, c.theme.muted_panel, c.theme);
    return at + gap / 2;
}

}  // namespace

void draw_pool(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    const float h = paragraph(intro(c), a.x, a.y, a.w, c.fonts.body, c.theme, c.geometry);
    a.y += h + gap;
    a.h -= h + gap;
    const auto& options = c.view.booking.options;
    const bool times = c.view.screen == flow::Screen::BookTime;
    const bool days = c.view.screen == flow::Screen::BookDay;
    // Times and days are short: several to a row; names need the width.
    // Fewer columns when the longest label (large text, English) needs them.
    const int most = times || days ? (c.theme.portrait ? 2 : 3) : (c.theme.portrait ? 1 : 2);
    float widest = 0;
    for (const auto& o : options) {
        std::string name = c.pick(o.name_zh, o.name_en);
        if (!o.weekday.empty()) {
            name += "  " + c.t(o.weekday);
        }
        ImFont* f = c.fonts.title;
        widest = std::max(widest, f->CalcTextSizeA(f->FontSize, 1e9f, 0, name.c_str()).x);
    }
    // Each card's icon stands left of its words.
    const Icon icon = icon_for(pick_intent(c.view.screen));
    widest += icon_width(c.fonts.title, icon) + gap;
    // A card: its padding either side and between the icon and the words.
    const int fitting = static_cast<int>((a.w + gap) / (widest + 2 * gap + gap));
    const int columns = std::clamp(fitting, 1, most);
    const float line = c.fonts.body->FontSize;
    const float card_h = times ? std::max(kMinTarget, c.fonts.title->FontSize + 1.5f * gap)
                               : c.fonts.title->FontSize + line + 1.5f * gap + 8 * c.theme.scale;
    const int count = static_cast<int>(options.size());
    const float w = (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    // A name too long for the title size on one line (a long English
    // hospital name in large text) is set in the body size.
    ImFont* name_font = widest + 2 * gap <= w ? c.fonts.title : c.fonts.body;
    const auto lines_of = [&](const flow::PoolOption& o) {
        std::string name = c.pick(o.name_zh, o.name_en);
        if (!o.weekday.empty()) {
            name += "  " + c.t(o.weekday);
        }
        std::vector<CardLine> lines{{name, name_font}};
        if (!times) {
            lines.push_back({c.f("booking.free", {std::to_string(o.free)}), c.fonts.body});
        }
        return lines;
    };
    std::vector<CardSpec> cards;
    for (const flow::PoolOption& o : options) {
        cards.push_back({lines_of(o), icon});
    }
    const CardsFit fit = fit_cards(cards, w, c.theme, c.fonts.title, card_h);
    const auto [first, last] = page_of(c, a, count, fit.h, columns);
    const flow::IntentKind intent = pick_intent(c.view.screen);
    for (int i = first; i < last; ++i) {
        const flow::PoolOption& o = options[static_cast<std::size_t>(i)];
        const int cell = i - first;
        ImGui::SetCursorPos(ImVec2(a.x + static_cast<float>(cell % columns) * (w + gap),
                                   a.y + static_cast<float>(cell / columns) * (fit.h + gap)));
        if (card_button(o.id, cards[static_cast<std::size_t>(i)].lines, w, fit.h, false, c.theme,
                        c.geometry, icon, c.fonts.title, fit.icon_column)) {
            c.emit(intent, o.id);
        }
    }
    footer(c);
}

void draw_book_confirm(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    float y = a.y;
    y += paragraph(c.t("booking.confirm_intro"), a.x, y, a.w, c.fonts.body, c.theme, c.geometry) +
         gap;
    slot_panel(c, c.view.booking.slot, a.x, y, a.w, true);
    footer(c);
}

void draw_booking(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    float y = a.y;
    // A scanned voucher: whose booking is not known here; say what it is.
    if (c.view.booking.scanned) {
        y +=
            paragraph(c.t("booking.scanned"), a.x, y, a.w, c.fonts.body, c.theme, c.geometry) + gap;
    }
    // A scanned voucher's booking is looked at, not changed: no deadline.
    slot_panel(c, c.view.booking.slot, a.x, y, a.w, !c.view.booking.scanned);
    footer(c);
}

void draw_my_bookings(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    const auto& rows = c.view.booking.bookings;
    if (rows.empty()) {
        paragraph(c.t("booking.none"), a.x, a.y, a.w, c.fonts.title, c.theme, c.geometry);
        footer(c);
        return;
    }
    auto lines_of = [&](const flow::SlotView& s) {
        return std::vector<CardLine>{
            {when(c, s), c.fonts.title},
            {c.pick(s.hospital_zh, s.hospital_en), c.fonts.body},
            {c.pick(s.department_zh, s.department_en), c.fonts.body},
        };
    };
    const float card_h =
        c.fonts.title->FontSize + 2 * c.fonts.body->FontSize + 1.5f * gap + 8 * c.theme.scale;
    const Icon icon = icon_for(flow::IntentKind::ShowBooking);
    std::vector<CardSpec> cards;
    for (const flow::SlotView& s : rows) {
        cards.push_back({lines_of(s), icon});
    }
    const CardsFit fit = fit_cards(cards, a.w, c.theme, c.fonts.title, card_h);
    const auto [first, last] = page_of(c, a, static_cast<int>(rows.size()), fit.h, 1);
    for (int i = first; i < last; ++i) {
        const flow::SlotView& s = rows[static_cast<std::size_t>(i)];
        ImGui::SetCursorPos(ImVec2(a.x, a.y + static_cast<float>(i - first) * (fit.h + gap)));
        if (card_button(s.id, cards[static_cast<std::size_t>(i)].lines, a.w, fit.h, false, c.theme,
                        c.geometry, icon, c.fonts.title, fit.icon_column)) {
            c.emit(flow::IntentKind::ShowBooking, s.id);
        }
    }
    footer(c);
}

}  // namespace jiayi::ui
