#include "ui/widgets.hpp"

#include <imgui.h>

namespace jiayi::ui {

namespace {

ImVec4 colour(Colour c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f);
}

}  // namespace

bool big_button(const std::string& label, float w, float h, ButtonStyle style, ImFont* font,
                const Theme& theme, Geometry* geometry) {
    const bool primary = style == ButtonStyle::Primary;
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Button, colour(primary ? theme.primary : theme.secondary));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          colour(primary ? theme.primary : theme.secondary));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive,
                          colour(primary ? theme.primary_pressed : theme.secondary_pressed));
    ImGui::PushStyleColor(ImGuiCol_Text, colour(primary ? theme.on_primary : theme.text));
    ImGui::PushStyleColor(ImGuiCol_Border, colour(theme.outline));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, theme.rounding());
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, primary ? 0.0f : 2.0f * theme.scale);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, h));
    if (geometry != nullptr) {
        const ImVec2 text = ImGui::CalcTextSize(label.c_str());
        geometry->items.push_back({label, at.x, at.y, w, h, text.x, text.y, primary});
    }
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(5);
    ImGui::PopFont();
    return pressed;
}

void centred_text(const std::string& text, float w, ImFont* font, const Theme& theme) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colour(theme.text));
    const float text_w = ImGui::CalcTextSize(text.c_str()).x;
    if (text_w <= w) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (w - text_w) / 2);
        ImGui::TextUnformatted(text.c_str());
    } else {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

}  // namespace jiayi::ui
