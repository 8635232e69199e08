#include "ui/platform/sdl_platform.hpp"

#include <malloc.h>

#include <utility>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <algorithm>
#include <fstream>
#include <vector>

#include "common/image/raster.hpp"
#include "ui/platform/draw_data.hpp"
#include "ui/platform/png_writer.hpp"
#include "ui/platform/window_fit.hpp"

namespace jiayi::ui {

namespace {

WindowFit fit_to_display(int display, int width, int height, WindowFrame frame) {
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(display, &usable) != 0) {
        return {{SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height}, 1.0f};
    }
    return fit_window(width, height, {usable.x, usable.y, usable.w, usable.h}, frame);
}

}  // namespace

Result<std::unique_ptr<Platform>, std::string> Platform::create(const PlatformOptions& options) {
    if (options.headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    }
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        return fail(std::string("SDL: ") + SDL_GetError());
    }
    std::unique_ptr<Platform> platform(new Platform());
    const bool fullscreen = options.fullscreen && !options.headless;
    const bool windowed = !options.headless && !fullscreen;
    Uint32 flags = options.headless ? SDL_WINDOW_HIDDEN : SDL_WINDOW_SHOWN;
    if (fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    // A window is made where it fits the first display (the frame is not
    // known yet), then moved again once the window manager says how thick
    // its frame is.
    ScreenRect at{SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height};
    if (windowed) {
        const WindowFit fit = fit_to_display(0, options.width, options.height, {});
        at = fit.window;
        platform->scale_ = fit.scale;
    }
    platform->window_ = SDL_CreateWindow("jiayi", at.x, at.y, at.w, at.h, flags);
    if (platform->window_ == nullptr) {
        return fail(std::string("SDL window: ") + SDL_GetError());
    }
    if (windowed) {
        platform->place_window(options.width, options.height);
    }
    // Headless: the software renderer draws into a frame of our own, three
    // bytes a pixel (a window's frame would take four, 2 MB more at
    // 1920x1080, and nobody sees it). Otherwise accelerated where a GPU
    // exists, the software renderer everywhere else.
    if (options.headless) {
        platform->frame_ = SDL_CreateRGBSurfaceWithFormat(0, options.width, options.height, 24,
                                                          SDL_PIXELFORMAT_RGB24);
        if (platform->frame_ == nullptr) {
            return fail(std::string("SDL frame: ") + SDL_GetError());
        }
        platform->renderer_ = SDL_CreateSoftwareRenderer(platform->frame_);
    } else {
        platform->renderer_ = SDL_CreateRenderer(platform->window_, -1, SDL_RENDERER_ACCELERATED);
    }
    if (platform->renderer_ == nullptr && !options.headless) {
        platform->renderer_ = SDL_CreateRenderer(platform->window_, -1, SDL_RENDERER_SOFTWARE);
    }
    if (platform->renderer_ == nullptr) {
        return fail(std::string("SDL renderer: ") + SDL_GetError());
    }
    if (windowed) {
        platform->width_ = options.width;
        platform->height_ = options.height;
        SDL_RenderSetScale(platform->renderer_, platform->scale_, platform->scale_);
    } else if (options.headless) {
        platform->width_ = options.width;
        platform->height_ = options.height;
    } else {
        SDL_GetWindowSize(platform->window_, &platform->width_, &platform->height_);
    }
    if (fullscreen) {
        SDL_ShowCursor(SDL_DISABLE);  // a kiosk is touched, not pointed at
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini on a kiosk
    ImGui_ImplSDL2_InitForSDLRenderer(platform->window_);
    ImGui_ImplSDLRenderer_Init(platform->renderer_);
    platform->backends_ready_ = true;
    return platform;
}

// Fits the window, frame included, into the usable area of its display
// (SDL_WINDOWPOS_CENTERED alone put a 2360-pixel demo at x = -220 on a
// 1920-pixel desktop, both edges off the screen).
void Platform::place_window(int width, int height) {
    WindowFrame frame;
    if (SDL_GetWindowBordersSize(window_, &frame.top, &frame.left, &frame.bottom, &frame.right) !=
            0 ||
        (frame.top == 0 && frame.left == 0 && frame.bottom == 0 && frame.right == 0)) {
        return;  // no frame (or none known): where it was made is right
    }
    const WindowFit fit =
        fit_to_display(std::max(SDL_GetWindowDisplayIndex(window_), 0), width, height, frame);
    SDL_SetWindowSize(window_, fit.window.w, fit.window.h);
    SDL_SetWindowPosition(window_, fit.window.x, fit.window.y);
    scale_ = fit.scale;
}

Platform::~Platform() {
    if (glyphs_ != nullptr) {
        SDL_DestroyTexture(glyphs_);
    }
    if (backends_ready_) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (renderer_ != nullptr) {
        SDL_DestroyRenderer(renderer_);
    }
    if (frame_ != nullptr) {
        SDL_FreeSurface(frame_);
    }
    if (window_ != nullptr) {
        SDL_DestroyWindow(window_);
    }
    SDL_Quit();
}

Result<FontSet, std::string> Platform::install_fonts(Atlas atlas) {
    const FontSet fonts = atlas.fonts();
    ImGuiIO& io = ImGui::GetIO();
    // The context deletes its current atlas at the end; the one replaced
    // here is ours to delete.
    ImFontAtlas* old = io.Fonts;
    io.Fonts = atlas.release();
    IM_DELETE(old);
    if (glyphs_ != nullptr) {
        SDL_DestroyTexture(glyphs_);
        glyphs_ = nullptr;
    }
    // The atlas holds one byte a pixel; the renderer takes four. ImGui's own
    // upload (ImGui_ImplSDLRenderer_CreateFontsTexture) makes a colour copy
    // of the whole atlas first — megabytes beside the texture at the moment
    // memory peaks. Here the colour goes up a strip of rows at a time.
    unsigned char* alpha = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsAlpha8(&alpha, &width, &height);
    glyphs_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width,
                                height);
    if (glyphs_ == nullptr) {
        return fail(std::string("cannot make the glyph texture: ") + SDL_GetError());
    }
    constexpr int kStrip = 64;
    const auto row = static_cast<std::size_t>(width);
    std::vector<std::uint8_t> strip(row * kStrip * 4);
    for (int y = 0; y < height; y += kStrip) {
        const int rows = std::min(kStrip, height - y);
        const unsigned char* from = alpha + static_cast<std::size_t>(y) * row;
        for (std::size_t i = 0; i < row * static_cast<std::size_t>(rows); ++i) {
            strip[i * 4 + 0] = 0xFF;
            strip[i * 4 + 1] = 0xFF;
            strip[i * 4 + 2] = 0xFF;
            strip[i * 4 + 3] = from[i];
        }
        const SDL_Rect rect{0, y, width, rows};
        if (SDL_UpdateTexture(glyphs_, &rect, strip.data(), width * 4) != 0) {
            const std::string why = SDL_GetError();
            SDL_DestroyTexture(glyphs_);
            glyphs_ = nullptr;
            return fail("cannot fill the glyph texture: " + why);
        }
    }
    SDL_SetTextureBlendMode(glyphs_, SDL_BLENDMODE_BLEND);
    io.Fonts->SetTexID(static_cast<ImTextureID>(glyphs_));
    io.Fonts->ClearTexData();  // the texture holds the pixels now
    // The old atlas and the new one's pixels were megabytes each; glibc keeps
    // freed heap for reuse unless asked to hand it back.
    malloc_trim(0);
    return fonts;
}

Result<FontSet, std::string> Platform::load_fonts(const FontRequest& request) {
    auto atlas = build_atlas(request);
    if (!atlas) {
        return fail(atlas.error());
    }
    return install_fonts(std::move(atlas).value());
}

void Platform::wake() {
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    SDL_PushEvent(&event);
}

bool Platform::wait_and_handle_events(int timeout_ms, bool& had_event) {
    had_event = false;
    SDL_Event event;
    bool more = SDL_WaitEventTimeout(&event, timeout_ms) != 0;
    while (more) {
        had_event = true;
        ImGui_ImplSDL2_ProcessEvent(&event);
        // The trail of a press: from the button going down to it coming up.
        const bool left = (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP) &&
                          event.button.button == SDL_BUTTON_LEFT;
        if (left && event.type == SDL_MOUSEBUTTONDOWN) {
            pressed_ = true;
        }
        if ((left || event.type == SDL_MOUSEMOTION) && pressed_) {
            const bool motion = event.type == SDL_MOUSEMOTION;
            trail_.push_back(
                {static_cast<float>(motion ? event.motion.x : event.button.x) / scale_,
                 static_cast<float>(motion ? event.motion.y : event.button.y) / scale_});
        }
        if (left && event.type == SDL_MOUSEBUTTONUP) {
            pressed_ = false;
        }
        if (event.type == SDL_QUIT) {
            return false;
        }
        more = SDL_PollEvent(&event) != 0;
    }
    return true;
}

std::vector<std::array<float, 2>> Platform::take_pointer_trail() {
    return std::exchange(trail_, {});
}

void Platform::begin_frame() {
    // Not ImGui_ImplSDLRenderer_NewFrame(): all it does (1.86) is make its own
    // glyph texture when it has none, and the glyph texture is ours
    // (install_fonts).
    ImGui_ImplSDL2_NewFrame();
    // The backend reports the window's size and the pointer in window
    // pixels; ImGui works in content pixels (the renderer scales them back).
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    if (scale_ != 1.0f && ImGui::IsMousePosValid(&io.MousePos)) {
        io.MousePos = ImVec2(io.MousePos.x / scale_, io.MousePos.y / scale_);
    }
    ImGui::NewFrame();
}

void Platform::end_frame() {
    ImGui::Render();
    SDL_SetRenderDrawColor(renderer_, background_[0], background_[1], background_[2], 0xFF);
    SDL_RenderClear(renderer_);
    render_draw_data(renderer_, ImGui::GetDrawData());
}

void Platform::present() {
    SDL_RenderPresent(renderer_);
}

void* Platform::create_texture(const image::Grey& image) {
    SDL_Texture* texture =
        SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC,
                          image.width(), image.height());
    if (texture == nullptr) {
        return nullptr;
    }
    std::vector<std::uint32_t> rgba(image.pixels().size());
    for (std::size_t i = 0; i < rgba.size(); ++i) {
        const std::uint32_t g = image.pixels()[i];
        rgba[i] = 0xFF000000u | (g << 16) | (g << 8) | g;
    }
    SDL_UpdateTexture(texture, nullptr, rgba.data(), image.width() * 4);
    SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
    return texture;
}

void Platform::destroy_texture(void* texture) {
    if (texture != nullptr) {
        SDL_DestroyTexture(static_cast<SDL_Texture*>(texture));
    }
}

// A rectangle of what is on the window, in output pixels (RGBA), for a test
// to measure the ink of drawn text.
Result<std::vector<std::uint8_t>, std::string> Platform::read_pixels(int x, int y, int w, int h) {
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    const SDL_Rect rect{x, y, w, h};
    SDL_RenderSetScale(renderer_, 1.0f, 1.0f);
    const int read =
        SDL_RenderReadPixels(renderer_, &rect, SDL_PIXELFORMAT_ABGR8888, pixels.data(), w * 4);
    SDL_RenderSetScale(renderer_, scale_, scale_);
    if (read != 0) {
        return fail(std::string("cannot read the frame: ") + SDL_GetError());
    }
    return pixels;
}

// What is on the window, at the window's size, read and compressed a strip
// of rows at a time (png_writer.hpp).
Result<void, std::string> Platform::save_png(const std::filesystem::path& file) {
    int width = 0;
    int height = 0;
    if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0) {
        return fail(std::string("cannot read the frame: ") + SDL_GetError());
    }
    constexpr int kStrip = 64;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * kStrip * 4);
    PngWriter writer(width, height);
    // The whole output, not the scaled viewport.
    SDL_RenderSetScale(renderer_, 1.0f, 1.0f);
    int read = 0;
    for (int y = 0; y < height && read == 0; y += kStrip) {
        const SDL_Rect strip{0, y, width, std::min(kStrip, height - y)};
        read = SDL_RenderReadPixels(renderer_, &strip, SDL_PIXELFORMAT_ABGR8888, pixels.data(),
                                    width * 4);
        if (read == 0) {
            writer.add_rows(pixels.data(), strip.h);
        }
    }
    SDL_RenderSetScale(renderer_, scale_, scale_);
    if (read != 0) {
        return fail(std::string("cannot read the frame: ") + SDL_GetError());
    }
    const auto png = writer.finish();
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    if (png.empty() || !out.flush()) {
        return fail("cannot write " + file.string());
    }
    return Ok{};
}

}  // namespace jiayi::ui
