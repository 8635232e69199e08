#include "ui/app/demo_devices.hpp"

#include "kiosk/devices/devices.hpp"
#include "ui/screens/demo_panel.hpp"

namespace jiayi::ui {

std::string DemoDevices::text() const {
    std::string text;
    for (const auto& c : cards_) {
        text += c.card.name;
    }
    return text;
}

void DemoDevices::draw(const text::Catalog& catalog, text::Language language, const FontSet& fonts,
                       float left, flow::EventQueue& events, Geometry* geometry) const {
    std::vector<std::string> labels;
    for (const auto& c : cards_) {
        labels.push_back(c.label);
    }
    const DemoPanelChoice choice = draw_demo_panel(labels, catalog, language, fonts, left, kStrip,
                                                   static_cast<bool>(printer_), geometry);
    if (choice.card) {
        events.post(flow::CardEvent{cards_[*choice.card].card});
    }
    if (choice.qr) {
        events.post(flow::QrEvent{devices::scanned_code(*choice.qr)});
    }
    if (choice.printer && printer_) {
        printer_(*choice.printer);
    }
}

}  // namespace jiayi::ui
