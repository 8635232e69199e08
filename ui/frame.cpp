#include "ui/frame.hpp"

#include <imgui.h>

#include "ui/screens/home.hpp"

namespace jiayi::ui {

flow::Intent draw_frame(const flow::HomeView& view, const Catalog& catalog, const FontSet& fonts,
                        const Theme& theme, Geometry* geometry) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(theme.width, theme.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(theme.background.r, theme.background.g,
                                                      theme.background.b, 255));
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const flow::Intent intent = draw_home(view, catalog, fonts, theme, geometry);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    return intent;
}

}  // namespace jiayi::ui
