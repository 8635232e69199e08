#pragma once
// Where a window goes on an ordinary desktop (the demo, `--windowed`): the
// kiosk's screen is drawn at its own size (1920×1080, and the demo's panel
// beside it) and shown scaled down, never up, so that the whole window and
// the window manager's frame around it fit the display's usable area (the
// desktop minus its panels). No SDL here, so the arithmetic is tested alone.

namespace jiayi::ui {

struct ScreenRect {
    int x = 0;
    int y = 0;
    int w = 0;
    int h = 0;
};

// The frame the window manager draws around a window (title bar, borders).
struct WindowFrame {
    int top = 0;
    int left = 0;
    int bottom = 0;
    int right = 0;
};

struct WindowFit {
    ScreenRect window;   // the drawable area, in screen pixels, frame excluded
    float scale = 1.0f;  // screen pixels per pixel of the drawn content
};

// Content `width`×`height` on `usable`: scaled down to fit with `frame`
// around it, and centred there.
WindowFit fit_window(int width, int height, ScreenRect usable, WindowFrame frame);

}  // namespace jiayi::ui
