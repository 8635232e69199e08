// Home (DESIGN.md, journey step 1): "tap your ID card or scan your code",
// large, with pictures of both; sign / renew as the one primary action;
// booking, my doctor and help; language and large-text toggles. Every
// button carries its icon.

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/screens/pictures.hpp"
#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_home(Ctx& c) {
    const Theme& theme = c.theme;
    const float m = theme.margin();
    const float gap = theme.gap();
    const float content_w = std::min(theme.width - 2 * m, 1400.0f * theme.scale);
    const float left = (theme.width - content_w) / 2;

    ImGui::SetCursorPos(ImVec2(left, masthead_bottom(c)));
    centred_text(c.t("home.title"), content_w, c.fonts.title, theme);
    const float title_bottom = ImGui::GetCursorPosY();

    // The prompt, in a panel: the first thing an elderly resident must read,
    // with its pictures — the card onto the reader, the phone's code — beside
    // it in landscape, under it in portrait. It takes what height the
    // buttons leave, up to a comfortable size.
    const int columns = theme.portrait ? 1 : 3;
    const float rows = static_cast<float>(3 / columns);
    // The toggles at the bottom corners and "Listen again" between them
    // (issue 13, "Spoken guidance"); where they leave it too little room
    // (portrait, large text), on a row of its own above them.
    const float toggle_w = std::max(300.0f * theme.scale, kMinTarget);
    const float listen_w = std::max(listen_again_width(c), toggle_w);
    const bool between = listen_w <= content_w - 2 * (toggle_w + gap);
    const float below_panel =
        gap + theme.primary_height() + gap + rows * (theme.secondary_height() + gap) + gap +
        theme.toggle_height() + m + (between ? 0 : theme.toggle_height() + gap);
    const float preferred = (theme.portrait ? 640.0f : 320.0f) * theme.scale;
    const float panel_y = title_bottom + gap;
    ImFont* title = c.fonts.title;
    const std::string& prompt = c.t("home.prompt");
    const float room = theme.height - panel_y - below_panel;
    // In landscape the pictures take a column each side of the words.
    const float pad = std::round(gap / 2);
    const float side_h = std::min(room, preferred) - 2 * pad;
    const float side_w = theme.portrait ? 0 : card_on_reader_width(side_h);
    // Small is better than none (large text in landscape leaves little height).
    const float smallest = 96.0f;
    const bool beside = !theme.portrait && side_h >= smallest;
    const float inner_w = content_w - 2 * gap - (beside ? 2 * (side_w + pad) : 0);
    // The prompt's wrapped height, so that it is centred however many lines it takes.
    const float prompt_h = title->CalcTextSizeA(title->FontSize, 1e9f, inner_w, prompt.c_str()).y;
    // In portrait the pictures go under the words, if there is room.
    const float under_h = theme.portrait ? std::min(room, preferred) - prompt_h - 3 * gap : 0;
    const bool under = theme.portrait && under_h >= smallest;
    const float panel_h = std::max(prompt_h + 2 * gap, std::min(room, preferred));
    panel(left, panel_y, content_w, panel_h, theme.muted_panel, theme);
    const float text_x = left + gap + (beside ? side_w + pad : 0);
    const float text_y = under ? panel_y + gap : panel_y + (panel_h - prompt_h) / 2;
    ImGui::SetCursorPos(ImVec2(text_x, text_y));
    centred_text(prompt, inner_w, title, theme);
    if (beside) {
        const float y = panel_y + (panel_h - side_h) / 2;
        card_on_reader(left + gap, y, side_w, side_h, theme);
        phone_with_code(left + content_w - gap - side_w, y, side_w, side_h, theme);
    } else if (under) {
        const float y = text_y + prompt_h + gap;
        const float h = panel_y + panel_h - gap - y;
        const float half = (content_w - 3 * gap) / 2;
        card_on_reader(left + gap, y, half, h, theme);
        phone_with_code(left + 2 * gap + half, y, half, h, theme);
    }

    // One primary action, full width.
    const float sign_y = panel_y + panel_h + gap;
    if (c.button(c.t("home.sign"), left, sign_y, content_w, theme.primary_height(), true,
                 icon_for(flow::IntentKind::StartSigning))) {
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
                     button_w, theme.secondary_height(), false, icon_for(actions[i].intent))) {
            c.emit(actions[i].intent);
        }
    }

    // Toggles at the bottom corners, away from the primary action.
    const float bottom = theme.height - m - theme.toggle_height();
    if (c.button(c.t("home.language"), left, bottom, toggle_w, theme.toggle_height(), false,
                 icon::kLanguage)) {
        c.emit(flow::IntentKind::ToggleLanguage);
    }
    if (c.button(c.t(c.view.large_text ? "home.normal_text" : "home.large_text"),
                 left + content_w - toggle_w, bottom, toggle_w, theme.toggle_height(), false,
                 c.view.large_text ? icon::kSmallerText : icon::kLargerText)) {
        c.emit(flow::IntentKind::ToggleLargeText);
    }
    const float listen_y = between ? bottom : bottom - gap - theme.toggle_height();
    if (c.button(c.t("action.listen_again"), left + (content_w - listen_w) / 2, listen_y, listen_w,
                 theme.toggle_height(), false, icon::kListen)) {
        c.emit(flow::IntentKind::ListenAgain);
    }
}

}  // namespace jiayi::ui
