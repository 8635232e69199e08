#include "ui/app/out_of_service.hpp"

#include <imgui.h>

#include <cstdio>

#include "ui/app/glyph_cache.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

namespace {

using text::Language;

void draw(const text::Catalog& catalog, const OutOfService& what, const FontSet& fonts,
          const Theme& theme) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(theme.width, theme.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(theme.text.r, theme.text.g, theme.text.b, 255));
    ImGui::Begin("out-of-service", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs);
    const float m = theme.margin();
    const float w = theme.width - 2 * m;
    // Residents: both languages, the kiosk's own first.
    ImGui::SetCursorPos(ImVec2(m, theme.height * 0.22f));
    for (const Language language : {Language::ZhCN, Language::En}) {
        ImGui::SetCursorPosX(m);
        centred_text(catalog.text(language, "out-of-service.title"), w, fonts.title, theme);
        ImGui::Dummy(ImVec2(0, theme.gap()));
        ImGui::SetCursorPosX(m);
        centred_text(catalog.text(language, "out-of-service.resident"), w, fonts.body, theme);
        ImGui::Dummy(ImVec2(0, 2 * theme.gap()));
    }
    // Staff: a panel at the bottom.
    std::vector<Line> lines;
    for (const std::string* paragraph :
         {&catalog.text(Language::ZhCN, "out-of-service.staff"),
          &catalog.text(Language::En, "out-of-service.staff"), &what.staff_message}) {
        const auto wrapped = wrap_lines(fonts.body, *paragraph, w - 2 * theme.gap());
        lines.insert(lines.end(), wrapped.begin(), wrapped.end());
    }
    const float line_h = fonts.body->FontSize * 1.25f;
    const float panel_h = static_cast<float>(lines.size()) * line_h + 2 * theme.gap();
    const float top = theme.height - m - panel_h;
    ImDrawList* list = ImGui::GetWindowDrawList();
    fill_round_rect(list, m, top, m + w, top + panel_h, theme.muted_panel, theme.rounding());
    float y = top + theme.gap();
    for (const auto& line : lines) {
        list->AddText(fonts.body, fonts.body->FontSize, ImVec2(m + theme.gap(), y),
                      IM_COL32(theme.text.r, theme.text.g, theme.text.b, 255), line.begin,
                      line.end);
        y += line_h;
    }
    ImGui::End();
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar(2);
}

}  // namespace

int run_out_of_service(Platform& platform, const text::Catalog& catalog, const OutOfService& what,
                       const std::filesystem::path& screenshot, const LoopBeat& beat,
                       const std::function<void()>& shown) {
    bool said_shown = false;
    const Theme theme = make_theme(platform.width(), platform.height(), what.large_text);
    platform.set_background(theme.background.r, theme.background.g, theme.background.b);
    GlyphCache glyphs(platform);
    std::string text;
    for (const Language language : {Language::ZhCN, Language::En}) {
        for (const char* key :
             {"out-of-service.title", "out-of-service.resident", "out-of-service.staff"}) {
            text += catalog.text(language, key);
        }
    }
    if (auto loaded = glyphs.load(theme, text + what.staff_message); !loaded) {
        std::fprintf(stderr, "jiayi-kiosk: %s\n", loaded.error().c_str());
        return 1;
    }
    for (bool dirty = true;;) {
        bool had_event = false;
        if (!screenshot.empty() || dirty) {
            platform.begin_frame();
            draw(catalog, what, glyphs.fonts(), theme);
            platform.end_frame();
            if (!screenshot.empty()) {
                std::error_code ignored;
                std::filesystem::create_directories(screenshot.parent_path(), ignored);
                if (auto saved = platform.save_png(screenshot); !saved) {
                    std::fprintf(stderr, "jiayi-kiosk: %s\n", saved.error().c_str());
                    return 1;
                }
                return 0;
            }
            platform.present();
            dirty = false;
            if (!said_shown && shown) {
                shown();
            }
            said_shown = true;
        }
        beat();
        const int wait =
            beat.beat && beat.every.count() > 0 ? static_cast<int>(beat.every.count()) : -1;
        if (!platform.wait_and_handle_events(wait, had_event)) {
            return 0;
        }
        dirty = had_event;
    }
}

}  // namespace jiayi::ui
