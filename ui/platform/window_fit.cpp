#include "ui/platform/window_fit.hpp"

#include <algorithm>
#include <cmath>

namespace jiayi::ui {

WindowFit fit_window(int width, int height, ScreenRect usable, WindowFrame frame) {
    WindowFit fit;
    const int room_w = usable.w - frame.left - frame.right;
    const int room_h = usable.h - frame.top - frame.bottom;
    if (width <= 0 || height <= 0 || room_w <= 0 || room_h <= 0) {
        fit.window = {usable.x, usable.y, width, height};
        return fit;
    }
    fit.scale = std::min({1.0f, static_cast<float>(room_w) / static_cast<float>(width),
                          static_cast<float>(room_h) / static_cast<float>(height)});
    // Rounded down, so that the scaled content never spills past the room.
    fit.window.w =
        std::min(room_w, static_cast<int>(std::floor(static_cast<float>(width) * fit.scale)));
    fit.window.h =
        std::min(room_h, static_cast<int>(std::floor(static_cast<float>(height) * fit.scale)));
    fit.window.x = usable.x + frame.left + (room_w - fit.window.w) / 2;
    fit.window.y = usable.y + frame.top + (room_h - fit.window.h) / 2;
    return fit;
}

}  // namespace jiayi::ui
