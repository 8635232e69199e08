#include "ui/frame.hpp"

#include <imgui.h>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

namespace {

void draw_screen(Ctx& c) {
    using flow::Screen;
    switch (c.view.screen) {
        case Screen::Home:
            return draw_home(c);
        case Screen::Identify:
            return draw_identify(c);
        case Screen::Help:
            return draw_help(c);
        case Screen::Status:
            return draw_status(c);
        case Screen::Signer:
            return draw_signer(c);
        case Screen::Teams:
        case Screen::BackFillTeam:
            return draw_teams(c);
        case Screen::Packages:
        case Screen::Hospitals:
            return draw_choices(c);
        case Screen::Phone:
        case Screen::Pin:
        case Screen::ManualEntry:
        case Screen::BackFillDate:
        case Screen::BackFillForm:
            return draw_keypad_screen(c);
        case Screen::Fees:
            return draw_fees(c);
        case Screen::Consent:
        case Screen::Notice:
            return draw_text_screen(c);
        case Screen::Signature:
            return draw_signature(c);
        case Screen::Receipt:
            return draw_receipt(c);
        case Screen::Feedback:
            return draw_feedback(c);
        case Screen::Thanks:
            return draw_thanks(c);
        case Screen::NurseMenu:
            return draw_nurse_menu(c);
        case Screen::Summary:
            return draw_summary(c);
        case Screen::Reprint:
            return draw_reprint(c);
        case Screen::BookHospital:
        case Screen::BookDepartment:
        case Screen::BookDay:
        case Screen::BookTime:
            return draw_pool(c);
        case Screen::BookConfirm:
            return draw_book_confirm(c);
        case Screen::MyBookings:
            return draw_my_bookings(c);
        case Screen::Booking:
            return draw_booking(c);
        case Screen::Confirming:
            return draw_confirming(c);
        case Screen::Refused:
            return draw_refused(c);
        case Screen::BackFillSigner:
            return draw_back_fill_signer(c);
        case Screen::BackFillConfirm:
            return draw_back_fill_confirm(c);
    }
}

}  // namespace

flow::Intent draw_frame(const flow::View& view, const text::Catalog& catalog, const FontSet& fonts,
                        const Theme& theme, UiState& state, Geometry* geometry) {
    Ctx c{view, catalog, fonts, theme, geometry, state, {}};
    if (geometry != nullptr) {
        geometry->title_font = fonts.title;
    }
    const bool overlay =
        view.message.has_value() || view.countdown.has_value() || view.booking.waiting;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(theme.width, theme.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    // No window background: the platform clears to the theme's background,
    // which costs a fill instead of two textured, blended triangles over the
    // whole screen (the software renderer's dearest item).
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(theme.text.r, theme.text.g, theme.text.b, 255));
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse);
    // Behind a message or the countdown the screen stays visible but inert,
    // and its items are not measured: only the dialog's are.
    if (overlay) {
        c.geometry = nullptr;
        ImGui::BeginDisabled();
    }
    masthead(c);
    draw_screen(c);
    if (overlay) {
        ImGui::EndDisabled();
        c.intent = {};
        // A veil over the screen, under the dialog's own window.
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(theme.width, theme.height),
                                                  IM_COL32(0, 0, 0, 150));
    }
    ImGui::End();
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar(2);
    if (overlay) {
        c.geometry = geometry;
        if (view.countdown) {
            draw_countdown(c);
        } else if (view.message) {
            draw_message(c);
        } else {
            draw_waiting(c);
        }
    }
    return c.intent;
}

}  // namespace jiayi::ui
