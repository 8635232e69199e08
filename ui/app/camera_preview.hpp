#pragma once
// What the QR camera sees, on the screen that asks for a card or a code. The
// camera's thread keeps its newest frame; the frame loop asks for it ten
// times a second while that screen shows, and never otherwise.

#include <cstdint>
#include <functional>

#include "common/image/raster.hpp"
#include "kiosk/flow/view_model.hpp"
#include "ui/platform/sdl_platform.hpp"
#include "ui/screens/kit.hpp"

namespace jiayi::ui {

class CameraPreview {
  public:
    // Fills `into` and returns true when a frame newer than `seen` is there
    // (and updates `seen`).
    using Source = std::function<bool(std::uint64_t& seen, image::Grey& into)>;
    static constexpr int kRefreshMs = 100;

    CameraPreview(Platform& platform, CameraImage& shown) : platform_(platform), shown_(shown) {}
    ~CameraPreview();  // frees the texture
    CameraPreview(const CameraPreview&) = delete;
    CameraPreview& operator=(const CameraPreview&) = delete;

    void set_source(Source source) { source_ = std::move(source); }
    // Whether the view shows the camera (and there is one).
    bool wanted(const flow::View& view) const {
        return source_ && view.screen == flow::Screen::Identify;
    }
    // A newer frame into the texture; true when there was one.
    bool refresh();

  private:
    Platform& platform_;
    CameraImage& shown_;
    Source source_;
    std::uint64_t seen_ = 0;
};

}  // namespace jiayi::ui
