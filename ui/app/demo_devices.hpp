#pragma once
// The demo's simulated devices (`jiayi-kiosk --demo`), in a strip right of
// the kiosk's screen, never over it: made-up residents' cards to tap, codes
// to scan, and the simulated printer's paper and cover. What is touched is
// posted to the event queue as a driver's thread would post it.

#include <functional>
#include <string>
#include <vector>

#include "kiosk/demo/demo.hpp"
#include "kiosk/flow/event_queue.hpp"
#include "kiosk/text/catalog.hpp"
#include "ui/text/fonts.hpp"
#include "ui/widgets.hpp"

namespace jiayi::ui {

class DemoDevices {
  public:
    // paper-out, paper-in, cover-open, cover-shut
    using PrinterControl = std::function<void(const std::string& action)>;
    // The strip's width, in the kiosk's pixels.
    static constexpr int kStrip = 440;

    // `printer` may be empty: no simulated printer to control.
    explicit DemoDevices(std::vector<demo::DemoCard> cards, PrinterControl printer = {})
        : cards_(std::move(cards)), printer_(std::move(printer)) {}

    // The names on the cards: the first glyph atlas holds them.
    std::string text() const;
    // Draws the panel from `left`; posts what was touched to `events`.
    void draw(const text::Catalog& catalog, text::Language language, const FontSet& fonts,
              float left, flow::EventQueue& events, Geometry* geometry) const;

  private:
    std::vector<demo::DemoCard> cards_;
    PrinterControl printer_;
};

}  // namespace jiayi::ui
