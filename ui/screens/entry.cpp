// Typing on the numeric keypad: the phone number (twice), the nurse's PIN,
// a document number (with X, or with letters for a passport). Keys are at least 96 px; the entered
// number is shown large and grouped for reading aloud.

#include <imgui.h>

#include <algorithm>

#include "ui/screens/screens.hpp"

namespace jiayi::ui {

namespace {

// "13912345678" → "139 1234 5678"; an 18-character ID → "500114 19800301 0131".
std::string grouped(const std::string& s, bool id) {
    const std::size_t cuts_phone[] = {3, 7};
    const std::size_t cuts_id[] = {6, 14};
    const auto& cuts = id ? cuts_id : cuts_phone;
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == cuts[0] || i == cuts[1]) {
            out += ' ';
        }
        out += s[i];
    }
    return out;
}

void keypad(Ctx& c, float x, float y, float w, float h) {
    const float gap = c.theme.gap();
    const float key_w = std::min((w - 2 * gap) / 3, 260.0f * c.theme.scale);
    const float key_h = std::clamp((h - 3 * gap) / 4, kMinTarget, 140.0f * c.theme.scale);
    // Keys at their least height and still short of room (large type on a
    // low screen): closer together, down to a third of the gap.
    const float row_gap = std::clamp((h - 4 * key_h) / 3, gap / 3, gap);
    // Digits in the title's size where the keys are tall enough for it.
    ImFont* digit_font = c.fonts.title->FontSize <= key_h * 0.9f ? c.fonts.title : c.fonts.body;
    const float left = x + (w - (3 * key_w + 2 * gap)) / 2;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "del"};
    for (int i = 0; i < 12; ++i) {
        std::string k = keys[i];
        // A number that may hold a dash has its letters (X among them) in
        // rows of their own: the dash takes X's place.
        if (k == "X" && c.view.keypad.dash) {
            k = "-";
        } else if (k == "X" && !c.view.keypad.allow_x) {
            continue;
        }
        const float kx = left + static_cast<float>(i % 3) * (key_w + gap);
        const float ky = y + static_cast<float>(i / 3) * (key_h + row_gap);
        const std::string label = k == "del" ? c.t("keypad.delete") : k;
        // A digit is its own picture; delete has the usual backspace arrow.
        if (c.button(label, kx, ky, key_w, key_h, false,
                     k == "del" ? icon_for(flow::IntentKind::DeleteKey) : icon::kNone,
                     k == "del" ? c.fonts.body : digit_font)) {
            if (k == "del") {
                c.emit(flow::IntentKind::DeleteKey);
            } else {
                c.emit(flow::IntentKind::Key, k);
            }
        }
    }
}

// A–Z for a number with letters (a passport, a 2017 foreigner card), in rows
// under the entered number; returns the height used.
float letter_keys(Ctx& c, float x, float y, float w) {
    const float gap = c.theme.gap();
    const int columns = std::clamp(static_cast<int>((w + gap) / (kMinTarget + gap)), 7, 13);
    const float key_w = (w - static_cast<float>(columns - 1) * gap) / static_cast<float>(columns);
    const float key_h = std::max(kMinTarget, std::min(key_w, 96.0f * c.theme.scale));
    int row = 0;
    for (int i = 0; i < 26; ++i) {
        const std::string k(1, static_cast<char>('A' + i));
        row = i / columns;
        const float kx = x + static_cast<float>(i % columns) * (key_w + gap);
        const float ky = y + static_cast<float>(row) * (key_h + gap);
        if (c.button(k, kx, ky, key_w, key_h, false, icon::kNone, c.fonts.body)) {
            c.emit(flow::IntentKind::Key, k);
        }
    }
    return static_cast<float>(row + 1) * (key_h + gap);
}

}  // namespace

void draw_keypad_screen(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    const Theme& th = c.theme;

    // The number on file: keep it or change it; no keypad until asked.
    if (c.view.screen == flow::Screen::Phone && !c.view.phone_on_file.empty()) {
        float y = a.y;
        y += paragraph(c.t("phone.on_file"), a.x, y, a.w, c.fonts.body, th, c.geometry) + gap;
        panel(a.x, y, a.w, c.fonts.title->FontSize + 2 * gap, th.muted_panel, th);
        ImGui::SetCursorPos(ImVec2(a.x, y + gap));
        centred_text(c.view.phone_on_file, a.w, c.fonts.title, th);
        footer(c);
        return;
    }

    const bool side_by_side = !th.portrait;
    const float text_w = side_by_side ? a.w * 0.45f : a.w;
    const float box_h = c.fonts.title->FontSize + 2 * gap;
    // The prompt in the title's size, or the body's where that leaves the
    // entered number no room (beside the keypad) or the keypad too little
    // (under it).
    const std::string& prompt = c.t(c.view.keypad.prompt);
    const float keypad_least = 4 * kMinTarget + 3 * gap;
    const float title_h = paragraph_height(prompt, text_w, c.fonts.title) + gap + box_h;
    const bool title_fits = side_by_side ? title_h <= a.h : title_h + keypad_least <= a.h;
    float y = a.y;
    y += paragraph(prompt, a.x, y, text_w, title_fits ? c.fonts.title : c.fonts.body, th,
                   c.geometry) +
         gap;
    const bool id = c.view.screen == flow::Screen::ManualEntry && !c.view.keypad.letters;
    const std::string shown = c.view.keypad.entered.empty() ? c.t("keypad.empty")
                              : c.view.keypad.secret        ? c.view.keypad.entered
                                                            : grouped(c.view.keypad.entered, id);
    panel(a.x, y, text_w, box_h, th.muted_panel, th);
    ImGui::SetCursorPos(ImVec2(a.x, y + gap));
    centred_text(shown, text_w, c.fonts.title, th);
    y += box_h + gap;
    if (c.view.screen == flow::Screen::ManualEntry && !c.view.keypad.letters) {
        y += paragraph(c.t("manual.hint"), a.x, y, text_w, c.fonts.body, th, c.geometry) + gap;
    }
    if (c.view.keypad.letters) {
        y += letter_keys(c, a.x, y, text_w);
    }
    // While a PIN is checked the keys stay in place, greyed: the answer
    // moves the screen on.
    ImGui::BeginDisabled(c.view.keypad.busy);
    if (side_by_side) {
        keypad(c, a.x + text_w + gap, a.y, a.w - text_w - gap, a.h);
    } else {
        keypad(c, a.x, y, a.w, a.y + a.h - y);
    }
    ImGui::EndDisabled();
    footer(c);
}

}  // namespace jiayi::ui
