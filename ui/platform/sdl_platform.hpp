#pragma once
// The SDL window, renderer and screenshots: the only place that knows SDL,
// with ImGui's SDL2 and SDL_Renderer backends (STYLE.md). Headless, it uses
// SDL's "dummy" video driver and the software renderer: the "offscreen"
// driver loads Mesa and LLVM for GL it never uses (≈77 MB more PSS measured).
// A window on an ordinary desktop (the demo, --windowed) shows the content
// scaled down to the display's usable area (window_fit.hpp); everything above
// this class — ImGui, the screens, the geometry — works in content pixels.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/image/raster.hpp"
#include "common/result.hpp"
#include "ui/text/fonts.hpp"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
struct SDL_Surface;
union SDL_Event;

namespace jiayi::ui {

struct PlatformOptions {
    bool headless = false;
    bool fullscreen = false;
    int width = 1920;  // the content's size; a window may show it smaller
    int height = 1080;
};

class Platform {
  public:
    static Result<std::unique_ptr<Platform>, std::string> create(const PlatformOptions& options);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    // Builds the glyph atlas and its texture (at start, on a text-size change,
    // or when a rare character arrives).
    Result<FontSet, std::string> load_fonts(const FontRequest& request);
    // Makes a built atlas ImGui's own; between frames, on the UI thread.
    Result<FontSet, std::string> install_fonts(Atlas atlas);
    // Wakes wait_and_handle_events from any thread.
    static void wake();

    // Waits for input up to `timeout_ms` (the loop draws on demand); feeds
    // ImGui; false when the window was closed.
    bool wait_and_handle_events(int timeout_ms, bool& had_event);

    // The colour each frame starts from (the theme's background).
    void set_background(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
        background_[0] = r;
        background_[1] = g;
        background_[2] = b;
    }
    void begin_frame();
    void end_frame();  // renders; a screenshot may read the frame now
    void present();    // shows it on a real screen

    // A grey image as a texture ImGui can draw (ImTextureID); null on failure.
    // On the UI thread.
    void* create_texture(const image::Grey& image);
    void destroy_texture(void* texture);

    Result<void, std::string> save_png(const std::filesystem::path& file);
    // The frame's pixels in a rectangle of output pixels, RGBA, row by row
    // (tests measure what was drawn: tests/ui/geometry_test.cpp).
    Result<std::vector<std::uint8_t>, std::string> read_pixels(int x, int y, int w, int h);
    // The content's size, in the pixels ImGui and the screens work in.
    int width() const { return width_; }
    int height() const { return height_; }
    // Window pixels per content pixel: below 1 where the display is smaller.
    float scale() const { return scale_; }
    // Every pointer position the events reported since the last call while
    // the left button was held, in content pixels, oldest first (the
    // signature pad draws through them).
    std::vector<std::array<float, 2>> take_pointer_trail();

  private:
    Platform() = default;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Surface* frame_ = nullptr;   // headless: what the renderer draws into
    SDL_Texture* glyphs_ = nullptr;  // the atlas's pixels (install_fonts)
    void place_window(int width, int height);
    int width_ = 0;
    int height_ = 0;
    float scale_ = 1.0f;
    // Where the pointer went, from the events (window pixels), since the
    // last frame. ImGui 1.86 sees one position per frame, taken from SDL's
    // global pointer state: a stroke whose moves arrive between two frames
    // reached the signature pad as a dot.
    std::vector<std::array<float, 2>> trail_;
    bool pressed_ = false;
    bool backends_ready_ = false;
    std::uint8_t background_[3] = {0xFF, 0xFF, 0xFF};
};

}  // namespace jiayi::ui
