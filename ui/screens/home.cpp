#include "ui/screens/home.hpp"

#include <imgui.h>

#include <algorithm>

namespace jiayi::ui {

flow::Intent draw_home(const flow::HomeView& view, const Catalog& catalog, const FontSet& fonts,
                       const Theme& theme, Geometry* geometry) {
    const auto text = [&](const char* key) -> const std::string& {
        return catalog.text(view.language, key);
    };
    flow::Intent intent = flow::Intent::None;
    const float m = theme.margin();
    const float gap = theme.gap();
    const float content_w = std::min(theme.width - 2 * m, 1400.0f * theme.scale);
    const float left = (theme.width - content_w) / 2;

    ImGui::SetCursorPos(ImVec2(left, m));
    centred_text(text("home.title"), content_w, fonts.title, theme);

    // The prompt, in a panel: the first thing an elderly resident must read.
    // It takes what height the buttons leave, up to a comfortable size.
    const int columns = theme.portrait ? 1 : 3;
    const float rows = static_cast<float>(3 / columns);
    ImGui::PushFont(fonts.title);
    const float title_line = ImGui::GetTextLineHeight();
    ImGui::PopFont();
    const float below_panel = 2 * gap + theme.primary_height() + gap +
                              rows * (theme.secondary_height() + gap) + gap +
                              theme.toggle_height() + m;
    const float preferred = (theme.portrait ? 520.0f : 300.0f) * theme.scale;
    const ImVec2 panel_at(left, ImGui::GetCursorPosY() + gap);
    const float panel_h =
        std::clamp(theme.height - panel_at.y - below_panel, title_line + 2 * gap, preferred);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    draw->AddRectFilled(
        ImVec2(origin.x + panel_at.x, origin.y + panel_at.y),
        ImVec2(origin.x + panel_at.x + content_w, origin.y + panel_at.y + panel_h),
        IM_COL32(theme.muted_panel.r, theme.muted_panel.g, theme.muted_panel.b, 255),
        theme.rounding());
    ImGui::SetCursorPos(ImVec2(left + gap, panel_at.y + (panel_h - title_line) / 2));
    centred_text(text("home.prompt"), content_w - 2 * gap, fonts.title, theme);

    // One primary action, full width.
    ImGui::SetCursorPos(ImVec2(left, panel_at.y + panel_h + 2 * gap));
    if (big_button(text("home.sign"), content_w, theme.primary_height(), ButtonStyle::Primary,
                   fonts.title, theme, geometry)) {
        intent = flow::Intent::StartSigning;
    }

    // Secondary actions: a row in landscape, a column in portrait.
    struct Action {
        const char* key;
        flow::Intent intent;
    };
    const Action actions[] = {{"home.book", flow::Intent::StartBooking},
                              {"home.my_doctor", flow::Intent::MyDoctor},
                              {"home.help", flow::Intent::CallNurse}};
    const float button_w =
        (content_w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float y = ImGui::GetCursorPosY() + gap;
    for (int i = 0; i < 3; ++i) {
        const int column = i % columns;
        if (column == 0 && i > 0) {
            y += theme.secondary_height() + gap;
        }
        ImGui::SetCursorPos(ImVec2(left + static_cast<float>(column) * (button_w + gap), y));
        if (big_button(text(actions[i].key), button_w, theme.secondary_height(),
                       ButtonStyle::Secondary, fonts.body, theme, geometry)) {
            intent = actions[i].intent;
        }
    }

    // Toggles at the bottom corners, away from the primary action.
    const float toggle_w = std::max(260.0f * theme.scale, kMinTarget);
    const float bottom = theme.height - m - theme.toggle_height();
    ImGui::SetCursorPos(ImVec2(left, bottom));
    if (big_button(text("home.language"), toggle_w, theme.toggle_height(), ButtonStyle::Secondary,
                   fonts.body, theme, geometry)) {
        intent = flow::Intent::ToggleLanguage;
    }
    ImGui::SetCursorPos(ImVec2(left + content_w - toggle_w, bottom));
    if (big_button(text(view.large_text ? "home.normal_text" : "home.large_text"), toggle_w,
                   theme.toggle_height(), ButtonStyle::Secondary, fonts.body, theme, geometry)) {
        intent = flow::Intent::ToggleLargeText;
    }
    return intent;
}

}  // namespace jiayi::ui
