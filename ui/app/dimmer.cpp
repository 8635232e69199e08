#include "ui/app/dimmer.hpp"

#include <imgui.h>

#include <algorithm>

namespace jiayi::ui {

Dimmer::Dimmer(int after_seconds) : after_(std::chrono::seconds(std::max(0, after_seconds))) {}

void Dimmer::activity(Clock::time_point now) {
    last_ = now;
    dimmed_ = false;
}

bool Dimmer::dim_if_idle(Clock::time_point now, bool at_rest) {
    if (!at_rest || last_ == Clock::time_point{}) {
        last_ = now;  // the idle time counts from when the kiosk came to rest
        return false;
    }
    if (dimmed_ || after_ == Clock::duration::zero() || now - last_ < after_) {
        return false;
    }
    dimmed_ = true;
    return true;
}

int Dimmer::ms_until_dim(Clock::time_point now, bool at_rest) const {
    if (dimmed_ || !at_rest || after_ == Clock::duration::zero()) {
        return -1;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(last_ + after_ - now);
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60'000));
}

bool Dimmer::draw_veil(float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    // 80 % black: the screen is barely there, and still says it is on.
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 204));
    ImGui::Begin(
        "veil", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    // The veil is drawn after the screen's window, so it is on top and the
    // press lands on it: the screen's buttons never see it.
    ImGui::SetWindowFocus();
    ImGui::InvisibleButton("wake", ImVec2(width, height));
    const bool woken = ImGui::IsItemDeactivated();
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    if (woken) {
        dimmed_ = false;
        last_ = Clock::now();
    }
    return woken;
}

}  // namespace jiayi::ui
