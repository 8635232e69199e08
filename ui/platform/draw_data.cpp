#include "ui/platform/draw_data.hpp"

#include <SDL.h>
#include <imgui.h>

#include <cmath>
#include <cstddef>
#include <vector>

namespace jiayi::ui {

namespace {

// Indices k…k+5 of ImGui's PrimRect: (a, a+1, a+2, a, a+2, a+3) over the
// corners TL, TR, BR, BL, one colour, one UV.
bool solid_rect(const ImDrawVert* v, const ImDrawIdx* idx, SDL_FRect& rect, ImU32& col) {
    const ImDrawIdx a = idx[0];
    if (idx[1] != a + 1 || idx[2] != a + 2 || idx[3] != a || idx[4] != a + 2 || idx[5] != a + 3) {
        return false;
    }
    const ImDrawVert& tl = v[a];
    const ImDrawVert& tr = v[a + 1];
    const ImDrawVert& br = v[a + 2];
    const ImDrawVert& bl = v[a + 3];
    if (tl.col != tr.col || tl.col != br.col || tl.col != bl.col) {
        return false;
    }
    if (tl.uv.x != br.uv.x || tl.uv.y != br.uv.y || tr.uv.x != bl.uv.x || tl.uv.x != tr.uv.x ||
        tl.uv.y != bl.uv.y) {
        return false;
    }
    if (tl.pos.y != tr.pos.y || bl.pos.y != br.pos.y || tl.pos.x != bl.pos.x ||
        tr.pos.x != br.pos.x || tr.pos.x <= tl.pos.x || bl.pos.y <= tl.pos.y) {
        return false;
    }
    rect = {tl.pos.x, tl.pos.y, tr.pos.x - tl.pos.x, bl.pos.y - tl.pos.y};
    col = tl.col;
    return true;
}

}  // namespace

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data) {
    const int fb_width = static_cast<int>(draw_data->DisplaySize.x);
    const int fb_height = static_cast<int>(draw_data->DisplaySize.y);
    if (fb_width <= 0 || fb_height <= 0) {
        return;
    }
    SDL_RenderSetViewport(renderer, nullptr);
    const ImVec2 off = draw_data->DisplayPos;
    std::vector<ImDrawIdx> batch;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        const ImDrawList* list = draw_data->CmdLists[n];
        const ImDrawVert* vtx = list->VtxBuffer.Data;
        const ImDrawIdx* idx = list->IdxBuffer.Data;
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback != nullptr) {
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) {
                    cmd.UserCallback(list, &cmd);
                }
                continue;
            }
            const float x0 = std::max(0.0f, cmd.ClipRect.x - off.x);
            const float y0 = std::max(0.0f, cmd.ClipRect.y - off.y);
            const float x1 = std::min(static_cast<float>(fb_width), cmd.ClipRect.z - off.x);
            const float y1 = std::min(static_cast<float>(fb_height), cmd.ClipRect.w - off.y);
            if (x1 <= x0 || y1 <= y0) {
                continue;
            }
            const SDL_Rect clip{static_cast<int>(x0), static_cast<int>(y0),
                                static_cast<int>(x1 - x0), static_cast<int>(y1 - y0)};
            SDL_RenderSetClipRect(renderer, &clip);
            auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
            const ImDrawVert* v = vtx + cmd.VtxOffset;
            const ImDrawIdx* first = idx + cmd.IdxOffset;
            const int vertices = list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
            auto flush = [&] {
                if (batch.empty()) {
                    return;
                }
                SDL_RenderGeometryRaw(
                    renderer, texture,
                    reinterpret_cast<const float*>(reinterpret_cast<const char*>(v) +
                                                   offsetof(ImDrawVert, pos)),
                    sizeof(ImDrawVert),
                    reinterpret_cast<const SDL_Color*>(reinterpret_cast<const char*>(v) +
                                                       offsetof(ImDrawVert, col)),
                    sizeof(ImDrawVert),
                    reinterpret_cast<const float*>(reinterpret_cast<const char*>(v) +
                                                   offsetof(ImDrawVert, uv)),
                    sizeof(ImDrawVert), vertices, batch.data(), static_cast<int>(batch.size()),
                    sizeof(ImDrawIdx));
                batch.clear();
            };
            for (unsigned k = 0; k < cmd.ElemCount;) {
                SDL_FRect rect;
                ImU32 col = 0;
                if (k + 6 <= cmd.ElemCount && solid_rect(v, first + k, rect, col)) {
                    flush();
                    const auto r = static_cast<Uint8>(col >> IM_COL32_R_SHIFT);
                    const auto g = static_cast<Uint8>(col >> IM_COL32_G_SHIFT);
                    const auto b = static_cast<Uint8>(col >> IM_COL32_B_SHIFT);
                    const auto a = static_cast<Uint8>(col >> IM_COL32_A_SHIFT);
                    SDL_SetRenderDrawBlendMode(renderer,
                                               a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
                    SDL_SetRenderDrawColor(renderer, r, g, b, a);
                    // Whole pixels, edges rounded alike, so neighbours meet exactly.
                    const int left = static_cast<int>(std::lround(rect.x));
                    const int top = static_cast<int>(std::lround(rect.y));
                    const SDL_Rect whole{left, top,
                                         static_cast<int>(std::lround(rect.x + rect.w)) - left,
                                         static_cast<int>(std::lround(rect.y + rect.h)) - top};
                    SDL_RenderFillRect(renderer, &whole);
                    k += 6;
                    continue;
                }
                batch.insert(batch.end(), first + k, first + k + 3);
                k += 3;
            }
            flush();
        }
    }
    SDL_RenderSetClipRect(renderer, nullptr);
}

}  // namespace jiayi::ui
