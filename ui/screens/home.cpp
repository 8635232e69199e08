// Home (DESIGN.md, journey step 1): "tap your ID card or scan your code",
// large; sign / renew as the one primary action; booking, my doctor and
// help; language and large-text toggles.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_home(Ctx& c) {
    const Theme& theme = c.theme;
    const float m = theme.margin();
    const float gap = theme.gap();
    const float content_w = std::min(theme.width - 2 * m, 1400.0f * theme.scale);
    const float left = (theme.width - content_w) / 2;

    ImGui::SetCursorPos(ImVec2(left, m));
    centred_text(c.t("home.title"), content_w, c.fonts.title, theme);
    const float title_bottom = ImGui::GetCursorPosY();

    // The prompt, in a panel: the first thing an elderly resident must read.
    // It takes what height the buttons leave, up to a comfortable size.
    const int columns = theme.portrait ? 1 : 3;
    const float rows = static_cast<float>(3 / columns);
    // The toggles at the bottom corners and "Listen again" between them
    // (issue 13, "Spoken guidance"); where they leave it too little room
    // (portrait, large text), on a row of its own above them.
    const float toggle_w = std::max(260.0f * theme.scale, kMinTarget);
    const float listen_w = std::max(listen_again_width(c), toggle_w);
    const bool between = listen_w <= content_w - 2 * (toggle_w + gap);
    const float below_panel =
        2 * gap + theme.primary_height() + gap + rows * (theme.secondary_height() + gap) + gap +
        theme.toggle_height() + m + (between ? 0 : theme.toggle_height() + gap);
    const float preferred = (theme.portrait ? 520.0f : 300.0f) * theme.scale;
    const float panel_y = title_bottom + gap;
    const float inner_w = content_w - 2 * gap;
    // The prompt's wrapped height, so that it is centred however many lines it takes.
    ImFont* title = c.fonts.title;
    const std::string& prompt = c.t("home.prompt");
    const float prompt_h = title->CalcTextSizeA(title->FontSize, 1e9f, inner_w, prompt.c_str()).y;
    const float panel_h =
        std::clamp(theme.height - panel_y - below_panel, prompt_h + 2 * gap, preferred);
    panel(left, panel_y, content_w, panel_h, theme.muted_panel, theme);
    ImGui::SetCursorPos(ImVec2(left + gap, panel_y + (panel_h - prompt_h) / 2));
    centred_text(prompt, inner_w, title, theme);

    // One primary action, full width.
    const float sign_y = panel_y + panel_h + 2 * gap;
    if (c.button(c.t("home.sign"), left, sign_y, content_w, theme.primary_height(), true)) {
        c.emit(flow::IntentKind::StartSigning);
    }

    // Secondary actions: a row in landscape, a column in portrait.
    struct Action {
        const char* key;
        flow::IntentKind intent;
    };
    const Action actions[] = {
        {"home.book", flow::IntentKind::StartBooking},
        {"home.my_doctor", flow::IntentKind::MyDoctor},
        {c.view.nurse ? "home.nurse_menu" : "home.help", flow::IntentKind::CallNurse}};
    const float button_w =
        (content_w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float y = sign_y + theme.primary_height() + gap;
    for (int i = 0; i < 3; ++i) {
        const int column = i % columns;
        if (column == 0 && i > 0) {
            y += theme.secondary_height() + gap;
        }
        if (c.button(c.t(actions[i].key), left + static_cast<float>(column) * (button_w + gap), y,
                     button_w, theme.secondary_height(), false)) {
            c.emit(actions[i].intent);
        }
    }

    // Toggles at the bottom corners, away from the primary action.
    const float bottom = theme.height - m - theme.toggle_height();
    if (c.button(c.t("home.language"), left, bottom, toggle_w, theme.toggle_height(), false)) {
        c.emit(flow::IntentKind::ToggleLanguage);
    }
    if (c.button(c.t(c.view.large_text ? "home.normal_text" : "home.large_text"),
                 left + content_w - toggle_w, bottom, toggle_w, theme.toggle_height(), false)) {
        c.emit(flow::IntentKind::ToggleLargeText);
    }
    const float listen_y = between ? bottom : bottom - gap - theme.toggle_height();
    if (c.button(c.t("action.listen_again"), left + (content_w - listen_w) / 2, listen_y, listen_w,
                 theme.toggle_height(), false)) {
        c.emit(flow::IntentKind::ListenAgain);
    }
}

}  // namespace jiayi::ui
