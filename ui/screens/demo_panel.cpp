#include "ui/screens/demo_panel.hpp"

#include <imgui.h>

namespace jiayi::ui {

DemoPanelChoice draw_demo_panel(const std::vector<std::string>& card_labels,
                                const text::Catalog& catalog, text::Language language,
                                const FontSet& fonts, float scale) {
    DemoPanelChoice choice;
    ImGui::PushFont(fonts.body);
    ImGui::SetNextWindowPos(ImVec2(8 * scale, 8 * scale), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(250, 246, 220, 245));
    ImGui::PushStyleColor(ImGuiCol_TitleBg, IM_COL32(120, 90, 10, 255));
    ImGui::PushStyleColor(ImGuiCol_TitleBgCollapsed, IM_COL32(120, 90, 10, 255));
    ImGui::PushStyleColor(ImGuiCol_TitleBgActive, IM_COL32(120, 90, 10, 255));
    const std::string title = catalog.text(language, "demo.panel") + "###demo";
    if (ImGui::Begin(title.c_str(), nullptr,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted(catalog.text(language, "demo.pin").c_str());
        for (std::size_t i = 0; i < card_labels.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Button(catalog.text(language, card_labels[i]).c_str())) {
                choice.card = i;
            }
            ImGui::PopID();
        }
        if (ImGui::Button(catalog.text(language, "demo.qr").c_str())) {
            choice.qr = true;
        }
    }
    ImGui::End();
    ImGui::PopStyleColor(4);
    ImGui::PopFont();
    return choice;
}

}  // namespace jiayi::ui
