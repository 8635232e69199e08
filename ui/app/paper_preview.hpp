#pragma once
// The receipt on screen as the printer prints it: the printer lays it out and
// our ESC/POS renderer draws it (tens of milliseconds), on a worker; the
// picture becomes a texture on the UI thread when it is ready.

#include <future>
#include <optional>
#include <string>

#include "kiosk/flow/flow.hpp"
#include "ui/platform/sdl_platform.hpp"
#include "ui/screens/kit.hpp"

namespace jiayi::ui {

class PaperPreview {
  public:
    // `printer` may be null (no preview); `shown` is the texture the screens draw.
    PaperPreview(Platform& platform, const flow::ReceiptPrinter* printer, PaperImage& shown)
        : platform_(platform), printer_(printer), shown_(shown) {}
    ~PaperPreview();  // waits for a picture being made; frees the texture
    PaperPreview(const PaperPreview&) = delete;
    PaperPreview& operator=(const PaperPreview&) = delete;

    // Brings the picture up to the view's receipt: starts making it, and
    // shows it once made (with `wait`, waits for it: a screenshot is complete).
    void follow(const flow::View& view, bool wait);

  private:
    Platform& platform_;
    const flow::ReceiptPrinter* printer_;
    PaperImage& shown_;
    std::optional<std::future<std::optional<image::Grey>>> job_;
    std::string job_for_;  // the receipt and language being drawn
};

}  // namespace jiayi::ui
