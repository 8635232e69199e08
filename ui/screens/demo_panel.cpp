#include "ui/screens/demo_panel.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <imgui.h>

namespace jiayi::ui {

namespace {

// The panel's buttons are a developer's, not a resident's: they are listed
// for tests that touch the window but not held to the kiosk's sizes.
void record(const std::string& label, Geometry* geometry) {
    if (geometry != nullptr) {
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 size = ImGui::GetItemRectSize();
        geometry->demo.push_back({label, min.x, min.y, size.x, size.y, 0, 0, false, icon::kNone});
    }
}

}  // namespace

DemoPanelChoice draw_demo_panel(const std::vector<std::string>& card_labels,
                                const text::Catalog& catalog, text::Language language,
                                const FontSet& fonts, float left, float width, bool printer,
                                Geometry* geometry) {
    DemoPanelChoice choice;
    ImGui::PushFont(fonts.body);
    ImGui::SetNextWindowPos(ImVec2(left + 8, 8));

    const DemoPanelColours& c = kDemoPanelColours;
    const std::pair<ImGuiCol, Colour> colours[] = {
        {ImGuiCol_Text, c.text},
        {ImGuiCol_WindowBg, c.background},
        {ImGuiCol_TitleBg, c.title},
        {ImGuiCol_TitleBgCollapsed, c.title},
        {ImGuiCol_TitleBgActive, c.title},
        {ImGuiCol_Button, c.button},
        {ImGuiCol_ButtonHovered, c.button_hovered},
        {ImGuiCol_ButtonActive, c.button_pressed},
        {ImGuiCol_Border, c.text},
    };
    for (const auto& [slot, colour] : colours) {
        ImGui::PushStyleColor(slot, IM_COL32(colour.r, colour.g, colour.b, 255));
    }
    const std::string title = catalog.text(language, "demo.panel") + "###demo";
    if (ImGui::Begin(title.c_str(), nullptr,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove)) {
        // The strip is narrow; large text (×1.5) would push the longest
        // labels past the window's edge: the panel's type shrinks to fit.
        ImGui::SetWindowFontScale(1.0f);
        float widest = ImGui::CalcTextSize(catalog.text(language, "demo.pin").c_str()).x;
        for (const auto& key : card_labels) {
            widest = std::max(widest, ImGui::CalcTextSize(catalog.text(language, key).c_str()).x);
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const float room = width - 16 - 2 * (style.WindowPadding.x + style.FramePadding.x);
        if (widest > room && widest > 0) {
            ImGui::SetWindowFontScale(room / widest);
        }
        ImGui::TextUnformatted(catalog.text(language, "demo.pin").c_str());
        for (std::size_t i = 0; i < card_labels.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const std::string& label = catalog.text(language, card_labels[i]);
            if (ImGui::Button(label.c_str())) {
                choice.card = i;
            }
            record(label, geometry);
            ImGui::PopID();
        }
        // Codes as a scanner would read them: made up, in our forms.
        const std::pair<const char*, const char*> codes[] = {
            {"demo.qr", "https://example.org/not-ours"},
            {"demo.qr-voucher", "jiayi:booking:demo-0001"},
            {"demo.qr-badge", "jiayi:nurse:demo-nurse"},
            {"demo.qr-ehealth",
             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:1"},
        };
        for (const auto& [key, text] : codes) {
            const std::string& label = catalog.text(language, key);
            if (ImGui::Button(label.c_str())) {
                choice.qr = text;
            }
            record(label, geometry);
        }
        if (printer) {
            for (const char* action : {"paper-out", "paper-in", "cover-open", "cover-shut"}) {
                const std::string& label = catalog.text(language, std::string("demo.") + action);
                if (ImGui::Button(label.c_str())) {
                    choice.printer = action;
                }
                record(label, geometry);
            }
        }
    }
    ImGui::End();
    ImGui::PopStyleColor(static_cast<int>(std::size(colours)));
    ImGui::PopFont();
    return choice;
}

}  // namespace jiayi::ui
