// Choosing: teams (with places left), packages (with prices), hospitals
// (1+1+1). Lists longer than the screen are paged with two big buttons: no
// scrolling gestures.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_teams(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    const bool back_fill = c.view.screen == flow::Screen::BackFillTeam;
    const float intro = paragraph(c.t(back_fill ? "back_fill.team_intro" : "teams.intro"), a.x, a.y,
                                  a.w, c.fonts.body, c.theme, c.geometry);
    a.y += intro + gap;
    a.h -= intro + gap;
    const int columns = c.theme.portrait ? 1 : 2;
    const int count = static_cast<int>(c.view.teams.size());
    const float w = (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    // A team the center described without its doctor, specialties or
    // villages shows no empty line for them.
    const auto lines_of = [&c](const flow::TeamCard& t) {
        std::vector<CardLine> lines{{t.name, c.fonts.title}};
        if (!t.doctor.empty() && !t.specialties.empty()) {
            lines.push_back({c.f("teams.doctor", {t.doctor, t.specialties}), c.fonts.body});
        } else if (!t.doctor.empty()) {
            lines.push_back({c.f("teams.doctor-only", {t.doctor}), c.fonts.body});
        } else if (!t.specialties.empty()) {
            lines.push_back({t.specialties, c.fonts.body});
        }
        if (!t.villages.empty()) {
            lines.push_back({c.f("teams.villages", {t.villages}), c.fonts.body});
        }
        lines.push_back({c.f("teams.places", {std::to_string(t.places_left)}), c.fonts.body});
        return lines;
    };
    // Every card as tall as the tallest needs, so that the rows line up.
    std::vector<CardSpec> cards;
    for (const flow::TeamCard& t : c.view.teams) {
        cards.push_back({lines_of(t), icon::kTeam});
    }
    const CardsFit fit = fit_cards(cards, w, c.theme, c.fonts.title, kMinTarget);
    const auto [first, last] = page_of(c, a, count, fit.h, columns);
    for (int i = first; i < last; ++i) {
        const flow::TeamCard& t = c.view.teams[static_cast<std::size_t>(i)];
        const int slot = i - first;
        ImGui::SetCursorPos(ImVec2(a.x + static_cast<float>(slot % columns) * (w + gap),
                                   a.y + static_cast<float>(slot / columns) * (fit.h + gap)));
        if (card_button(t.id, cards[static_cast<std::size_t>(i)].lines, w, fit.h, t.chosen, c.theme,
                        c.geometry, icon::kTeam, c.fonts.title, fit.icon_column)) {
            c.emit(flow::IntentKind::ChooseTeam, t.id);
        }
    }
    footer(c);
}

void draw_choices(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    const bool packages = c.view.screen == flow::Screen::Packages;
    const float intro = paragraph(c.t(packages ? "packages.intro" : "hospitals.intro"), a.x, a.y,
                                  a.w, c.fonts.body, c.theme, c.geometry);
    a.y += intro + gap;
    a.h -= intro + gap;
    const float card_h = c.fonts.title->FontSize + c.fonts.body->FontSize + 1.5f * gap;
    const int count = static_cast<int>(c.view.choices.size());
    // A name too long for the title size beside its icon (a long English
    // name in large text, in portrait) is set in the body size, all alike.
    ImFont* name_font = c.fonts.title;
    const float icon_w = icon_width(c.fonts.title, icon::kChecked);
    for (const flow::ChoiceRow& r : c.view.choices) {
        const std::string name =
            (r.chosen ? c.t("choice.mark") + " " : "") + c.pick(r.name_zh, r.name_en);
        const float w =
            c.fonts.title->CalcTextSizeA(c.fonts.title->FontSize, 1e9f, 0, name.c_str()).x;
        if (w + icon_w + 3 * gap > a.w) {
            name_font = c.fonts.body;
        }
    }
    const auto lines_of = [&](const flow::ChoiceRow& r) {
        const std::string state = r.fixed    ? c.t("choice.included")
                                  : r.chosen ? c.t("choice.chosen")
                                             : c.t("choice.not_chosen");
        const std::string detail = packages ? c.f("packages.price", {r.detail}) : c.t(r.detail);
        return std::vector<CardLine>{
            {(r.chosen ? c.t("choice.mark") + " " : "") + c.pick(r.name_zh, r.name_en), name_font},
            {detail + "   " + state, c.fonts.body},
        };
    };
    // A package is a box to tick (the basic one ticked for good); a
    // hospital, a hospital.
    const auto icon_of = [packages](const flow::ChoiceRow& r) {
        return !packages             ? icon::kHospital
               : r.chosen || r.fixed ? icon::kChecked
                                     : icon::kUnchecked;
    };
    std::vector<CardSpec> cards;
    for (const flow::ChoiceRow& r : c.view.choices) {
        cards.push_back({lines_of(r), icon_of(r)});
    }
    const CardsFit fit = fit_cards(cards, a.w, c.theme, c.fonts.title, card_h);
    const auto [first, last] = page_of(c, a, count, fit.h, 1);
    for (int i = first; i < last; ++i) {
        const flow::ChoiceRow& r = c.view.choices[static_cast<std::size_t>(i)];
        const CardSpec& card = cards[static_cast<std::size_t>(i)];
        ImGui::SetCursorPos(ImVec2(a.x, a.y + static_cast<float>(i - first) * (fit.h + gap)));
        if (card_button(r.id, card.lines, a.w, fit.h, r.chosen, c.theme, c.geometry, card.icon,
                        c.fonts.title, fit.icon_column)) {
            c.emit(packages ? flow::IntentKind::TogglePackage : flow::IntentKind::ChooseHospital,
                   r.id);
        }
    }
    footer(c);
}

}  // namespace jiayi::ui
