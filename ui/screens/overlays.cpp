// Over the current screen, which stays visible but inert behind a veil: a
// message (one sentence with one next step, one button), or the idle
// countdown with its big "more time" button.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

namespace {

// A centred panel `h` tall (the veil behind it is drawn by the frame).
Area dialog(Ctx& c, float h) {
    const Theme& th = c.theme;
    const float w = std::min(th.width - 2 * th.margin(), 1200.0f * th.scale);
    const float x = (th.width - w) / 2;
    const float y = std::max(th.margin(), (th.height - h) / 2);
    return {x, y, w, h};
}

float text_height(ImFont* font, const std::string& s, float w) {
    return font->CalcTextSizeA(font->FontSize, 1e9f, w, s.c_str()).y;
}

// The dialog's own window, so that it draws above the veil.
void begin_dialog(const Area& box, const Theme& th) {
    ImGui::SetNextWindowPos(ImVec2(box.x, box.y));
    ImGui::SetNextWindowSize(ImVec2(box.w, box.h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, th.rounding());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3 * th.scale);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 255));
    ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(th.outline.r, th.outline.g, th.outline.b, 255));
    ImGui::Begin(
        "dialog", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::SetWindowFocus();
}

void end_dialog() {
    ImGui::End();
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar(3);
}

}  // namespace

namespace {

// A sentence and one big button under it; `wide`: the button spans the
// dialog (the countdown's "more time", which must not be missed).
void sentence_dialog(Ctx& c, const std::string& sentence, const std::string& label,
                     flow::IntentKind intent, bool wide, bool listen) {
    const Icon icon = icon_for(intent);
    const Theme& th = c.theme;
    const float gap = th.gap();
    const float inner = std::min(th.width - 2 * th.margin(), 1200.0f * th.scale) - 4 * gap;
    const float text_h = text_height(c.fonts.title, sentence, inner);
    // `listen`: "Listen again" under the sentence — the dialog's sentence
    // is spoken too, and the screen's own button is behind the veil. (Not
    // on the countdown: any touch there is "more time".)
    const float listen_h = listen ? th.toggle_height() + gap : 0;
    const float h = 2 * gap + text_h + listen_h + 2 * gap + th.primary_height() + 2 * gap;
    const Area box = dialog(c, h);
    begin_dialog(box, th);
    // Positions inside the dialog's window are relative to it.
    paragraph(sentence, 2 * gap, 2 * gap, inner, c.fonts.title, th, c.geometry);
    const float listen_w = std::min(inner, listen_again_width(c));
    if (listen &&
        c.button(c.t("action.listen_again"), (box.w - listen_w) / 2, 2 * gap + text_h + gap,
                 listen_w, th.toggle_height(), false, icon_for(flow::IntentKind::ListenAgain))) {
        c.emit(flow::IntentKind::ListenAgain);
    }
    const float bw = wide ? inner : std::min(inner, 600.0f * th.scale);
    if (c.button(label, (box.w - bw) / 2, box.h - 2 * gap - th.primary_height(), bw,
                 th.primary_height(), true, icon)) {
        c.emit(intent);
    }
    end_dialog();
}

}  // namespace

void draw_message(Ctx& c) {
    const auto& m = *c.view.message;
    sentence_dialog(c, c.f("message." + m.code, m.args), c.t("action.ok"),
                    flow::IntentKind::Dismiss, false, true);
}

void draw_waiting(Ctx& c) {
    sentence_dialog(c, c.t("booking.waiting"), c.t("action.back"), flow::IntentKind::Back, false,
                    true);
}

void draw_countdown(Ctx& c) {
    sentence_dialog(c, c.f("countdown.body", {std::to_string(*c.view.countdown)}),
                    c.t("action.more_time"), flow::IntentKind::MoreTime, true, false);
}

}  // namespace jiayi::ui
