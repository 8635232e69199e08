// A nurse's back-fill of a paper contract: who signed the form, then a last
// look at everything entered before it is recorded. (The date and the form
// number are keypad screens, the team the teams' cards.)

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_back_fill_signer(Ctx& c) {
    Area a = content_area(c);
    const float gap = c.theme.gap();
    const float intro =
        paragraph(c.t("back_fill.signer_intro"), a.x, a.y, a.w, c.fonts.body, c.theme, c.geometry);
    a.y += intro + gap;
    a.h -= intro + gap;
    const int columns = c.theme.portrait ? 1 : 2;
    const float w = (a.w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const int count = static_cast<int>(c.view.choices.size());
    const Icon icon = icon_for(flow::IntentKind::ChooseSigner);
    std::vector<CardSpec> cards;
    for (const flow::ChoiceRow& r : c.view.choices) {
        const std::string label = (r.chosen ? c.t("choice.mark") + " " : "") + c.t(r.detail);
        cards.push_back({{{label, c.fonts.body}}, icon});
    }
    const CardsFit fit = fit_cards(cards, w, c.theme, c.fonts.body, c.theme.secondary_height());
    const auto [first, last] = page_of(c, a, count, fit.h, columns);
    for (int i = first; i < last; ++i) {
        const flow::ChoiceRow& r = c.view.choices[static_cast<std::size_t>(i)];
        const int slot = i - first;
        ImGui::SetCursorPos(ImVec2(a.x + static_cast<float>(slot % columns) * (w + gap),
                                   a.y + static_cast<float>(slot / columns) * (fit.h + gap)));
        if (card_button(r.id, cards[static_cast<std::size_t>(i)].lines, w, fit.h, r.chosen, c.theme,
                        c.geometry, icon, c.fonts.body, fit.icon_column)) {
            c.emit(flow::IntentKind::ChooseSigner, r.id);
        }
    }
    footer(c);
}

void draw_back_fill_confirm(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    const auto& b = c.view.back_fill;
    const auto& p = c.view.person;
    const Fields fields{
        {c.t("back_fill.resident"), p.masked_name},
        {c.t("status.id"), p.masked_id},
        {c.t("back_fill.signed_on"), b.signed_on},
        {c.t("back_fill.form_number"), b.form_number},
        {c.t("back_fill.team"), b.team_name},
        {c.t("back_fill.signer"), b.signer.empty() ? "" : c.t(b.signer)},
    };
    // In two columns on a wide screen when one would run into the buttons.
    float y = a.y + field_rows(c, fields, a.x, a.y, a.w, a.h, true);
    // What recording does, below the facts where the height allows
    // (landscape with large text leaves room for the facts alone).
    const std::string& intro = c.t("back_fill.intro");
    const float intro_h = paragraph_height(intro, a.w, c.fonts.body);
    if (y + gap + intro_h <= a.y + a.h) {
        paragraph(intro, a.x, y + gap, a.w, c.fonts.body, c.theme, c.geometry);
    }
    footer(c);
}

}  // namespace jiayi::ui
