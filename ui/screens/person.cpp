// Identify, help, status, the guardian or proxy, and thanks: the screens
// about who is at the kiosk.

#include <imgui.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ui/screens/pictures.hpp"
#include "ui/screens/screens.hpp"

namespace jiayi::ui {

void draw_identify(Ctx& c) {
    const Area a = content_area(c);
    const float picture_w = std::min(a.w * 0.5f, 480.0f * c.theme.scale);
    const CameraImage& camera = c.state.camera;
    const float text_h =
        paragraph(c.t(camera.texture != nullptr ? "identify.prompt-camera" : "identify.prompt"),
                  a.x, a.y, a.w, c.fonts.title, c.theme, c.geometry);
    float y = a.y + text_h + c.theme.gap();
    const float hint_h = c.fonts.body->FontSize * 3;
    // The card's picture where there is room for it, beside what the QR
    // camera sees when there is one (a code is easier to hold up to it); when
    // room is short the camera's view stays and the picture goes. The hint
    // either way.
    const float gap = c.theme.gap();
    const float room = a.y + a.h - y - gap - hint_h;
    const ImVec2 o = ImGui::GetWindowPos();
    auto draw_camera = [&](float x, float top, float w, float h) {
        const float aspect = static_cast<float>(camera.width) / static_cast<float>(camera.height);
        const float cw = std::min(w, h * aspect);
        const float ch = cw / aspect;
        const float cx = x + (w - cw) / 2;
        ImGui::GetWindowDrawList()->AddImage(camera.texture, ImVec2(o.x + cx, o.y + top),
                                             ImVec2(o.x + cx + cw, o.y + top + ch));
        outline(ImGui::GetWindowDrawList(), ImVec2(o.x + cx, o.y + top), cw, ch, c.theme.outline, 0,
                2 * c.theme.scale);
    };
    // The pictures: the card onto the reader; with a camera, the phone's
    // code and what the camera sees beside it.
    const bool has_camera = camera.texture != nullptr && camera.width > 0 && camera.height > 0;
    const int pictures = has_camera ? 3 : 1;
    const float each = std::min(picture_w * 0.75f, (a.w - gap * static_cast<float>(pictures - 1)) /
                                                       static_cast<float>(pictures));
    const float pic_h = std::min(room, each);
    if (pic_h >= 120 * c.theme.scale) {
        const float used =
            each * static_cast<float>(pictures) + gap * static_cast<float>(pictures - 1);
        float x = a.x + (a.w - used) / 2;
        card_on_reader(x, y, each, pic_h, c.theme);
        if (has_camera) {
            x += each + gap;
            phone_with_code(x, y, each, pic_h, c.theme);
            x += each + gap;
            draw_camera(x, y, each, pic_h);
        }
        y += pic_h + gap;
    } else if (has_camera && room >= 60 * c.theme.scale) {
        draw_camera(a.x, y, a.w, room);
        y += room + gap;
    }
    paragraph(c.t("identify.hint"), a.x, y, a.w, c.fonts.body, c.theme, c.geometry);
    footer(c);
}

void draw_help(Ctx& c) {
    const Area a = content_area(c);
    const float h = paragraph(c.t("help.where"), a.x, a.y, a.w, c.fonts.title, c.theme, c.geometry);
    paragraph(c.t("help.nurse"), a.x, a.y + h + c.theme.gap(), a.w, c.fonts.body, c.theme,
              c.geometry);
    footer(c);
}

void draw_status(Ctx& c) {
    const Area a = content_area(c);
    const flow::PersonView& p = c.view.person;
    const float gap = c.theme.gap();
    Fields fields;
    fields.emplace_back(c.t("status.name"), p.masked_name);
    fields.emplace_back(c.t("status.id"), c.t(p.document_kind) + "  " + p.masked_id);
    fields.emplace_back(c.t("status.age"), c.f("status.age_value", {std::to_string(p.age)}));
    if (!p.populations.empty()) {
        std::string groups;
        for (const auto& key : p.populations) {
            groups += (groups.empty() ? "" : c.t("list.separator")) + c.t(key);
        }
        fields.emplace_back(c.t("status.groups"), groups);
    }
    std::string standing = c.t(p.standing);
    if (p.in_force) {
        standing += "  " + c.f("status.until", {p.end, std::to_string(p.days_left)});
    } else if (!p.end.empty()) {
        standing += "  " + c.f("status.ended", {p.end});
    }
    fields.emplace_back(c.t("status.contract"), standing);
    if (!p.team_name.empty()) {
        fields.emplace_back(c.t("status.team"), p.team_name);
        fields.emplace_back(c.t("status.doctor"), p.doctor + "  " + p.doctor_phone);
    }
    // One column; two side by side on a wide screen when large type would
    // run the fields into the buttons.
    ImFont* body = c.fonts.body;
    const float minor_h =
        p.needs_guardian ? paragraph_height(c.t("status.minor"), a.w - 2 * gap, body) : 0;
    PanelBehind behind;
    float y = a.y + gap;
    y += field_rows(c, fields, a.x + gap, y, a.w - 2 * gap, a.h - minor_h - 2 * gap);
    const float x = a.x + gap;
    if (p.needs_guardian) {
        y += paragraph(c.t("status.minor"), x, y, a.w - 2 * gap, body, c.theme, c.geometry);
    }
    behind.close(a.x, a.y, a.w, y + gap / 2, c.theme.muted_panel, c.theme);
    // The center refused a record of theirs: said here, with the desk as
    // the next step, on every visit until staff settle it (apps/jiayi's
    // view_text.cpp says it the same way).
    if (!p.center_refusal.empty()) {
        paragraph(c.f(p.center_refusal, {c.t(p.center_refusal_reason)}), a.x, y + gap, a.w,
                  c.fonts.body, c.theme, c.geometry);
    }
    footer(c);
}

void draw_signer(Ctx& c) {
    const Area a = content_area(c);
    const float gap = c.theme.gap();
    const bool guardian = c.view.signature.guardian;
    float y = a.y;
    y += paragraph(c.t(guardian ? "signer.guardian_prompt" : "signer.proxy_prompt"), a.x, y, a.w,
                   c.fonts.body, c.theme, c.geometry) +
         gap;
    // Whose card was read: words and a mark, never colour alone.
    const std::string read = c.view.keypad.entered.empty()
                                 ? c.t("signer.waiting")
                                 : c.f("signer.read", {c.view.keypad.entered});
    const int n = static_cast<int>(c.view.choices.size());
    auto label_of = [&](const flow::ChoiceRow& r) {
        return (r.chosen ? c.t("choice.mark") + " " : "") + c.t(r.detail);
    };
    const Icon icon = icon_for(flow::IntentKind::ChooseRelation);
    auto width_of = [&](int k) {
        return (a.w - gap * static_cast<float>(k - 1)) / static_cast<float>(k);
    };
    // The relations' layout: the first of these that fits above the footer —
    // one row on a wide screen (two columns where a label would not fit on
    // one line), buttons at the secondary height, else at the toggles'; then
    // one row whose labels break into lines; then the card's state in the
    // body's size rather than the title's; last without the words over the
    // buttons (the prompt above already says to choose how you are related).
    struct Layout {
        int columns;
        float least_h;  // the buttons' height before their labels' own
        ImFont* state_font;
        bool heading = true;
    };
    float widest = 0;
    for (const auto& r : c.view.choices) {
        widest = std::max(widest, layout_label(c.t("choice.mark") + " " + c.t(r.detail), 1e9f,
                                               c.fonts.body, c.theme, icon)
                                      .group_w);
    }
    int first_columns = c.theme.portrait ? 2 : std::max(1, n);
    if (first_columns > 2 && widest + gap > width_of(first_columns)) {
        first_columns = 2;
    }
    const Layout layouts[] = {
        {first_columns, c.theme.secondary_height(), c.fonts.title},
        {first_columns, c.theme.toggle_height(), c.fonts.title},
        {std::max(1, n), c.theme.toggle_height(), c.fonts.title},
        {std::max(1, n), c.theme.toggle_height(), c.fonts.body},
        {std::max(1, n), c.theme.toggle_height(), c.fonts.body, false},
    };
    auto button_h = [&](const Layout& l) {
        float h = l.least_h;
        for (const auto& r : c.view.choices) {
            h = std::max(h, label_height(label_of(r), width_of(l.columns), c.fonts.body, c.theme,
                                         c.fonts.icons ? icon : icon::kNone) +
                                gap);
        }
        return h;
    };
    auto height_of = [&](const Layout& l) {
        const float state = paragraph_height(read, a.w, l.state_font) + gap;
        const float label =
            l.heading ? paragraph_height(c.t("signer.relation"), a.w, c.fonts.body) + gap / 2 : 0;
        const int rows = (n + l.columns - 1) / l.columns;
        return state + label + static_cast<float>(rows) * (button_h(l) + gap);
    };
    const Layout* chosen = &layouts[0];
    for (const Layout& l : layouts) {
        chosen = &l;
        if (y + height_of(l) <= a.y + a.h + gap) {
            break;
        }
    }
    y += paragraph(read, a.x, y, a.w, chosen->state_font, c.theme, c.geometry) + gap;
    if (chosen->heading) {
        y += paragraph(c.t("signer.relation"), a.x, y, a.w, c.fonts.body, c.theme, c.geometry) +
             gap / 2;
    }
    const int columns = chosen->columns;
    const float bw = width_of(columns);
    const float bh = button_h(*chosen);
    for (int i = 0; i < n; ++i) {
        const auto& r = c.view.choices[static_cast<std::size_t>(i)];
        const float bx = a.x + static_cast<float>(i % columns) * (bw + gap);
        const float by = y + static_cast<float>(i / columns) * (bh + gap);
        const std::string label = label_of(r);
        if (c.button(label, bx, by, bw, bh, false, icon)) {
            c.emit(flow::IntentKind::ChooseRelation, r.id);
        }
    }
    footer(c);
}

void draw_thanks(Ctx& c) {
    const Area a = content_area(c);
    const float h =
        paragraph(c.t("thanks.body"), a.x, a.y, a.w, c.fonts.title, c.theme, c.geometry);
    paragraph(c.t(c.view.thanks), a.x, a.y + h + c.theme.gap(), a.w, c.fonts.body, c.theme,
              c.geometry);
    footer(c);
}

}  // namespace jiayi::ui
