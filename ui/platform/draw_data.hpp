#pragma once
// ImGui's draw data onto an SDL_Renderer, like Debian's backend
// (imgui_impl_sdlrenderer.cpp, 1.86) but with one fast path for the software
// renderer: an axis-aligned rectangle of one colour (ImGui's PrimRect, with
// the white pixel's UV) becomes SDL_RenderFillRect — a memory fill — instead
// of two textured, blended triangles. Big panels and buttons are drawn that
// way (widgets.hpp: fill_round_rect), which is most of a screen's pixels.

struct SDL_Renderer;
struct ImDrawData;

namespace jiayi::ui {

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data);

}  // namespace jiayi::ui
