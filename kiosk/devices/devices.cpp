#include "kiosk/devices/devices.hpp"

namespace jiayi::devices {

using drivers::idcard::ReaderEvent;

flow::DeviceEvent to_device_event(const ReaderEvent& event) {
    switch (event.kind) {
        case ReaderEvent::Kind::CardRead: {
            const auto& c = *event.card;
            // A foreigner's card may carry no Chinese name.
            // An address added after issue is where the resident lives now.
            return flow::CardEvent{
                {c.name.empty() ? c.english_name : c.name, c.number,
                 c.appended_addresses.empty() ? c.address : c.appended_addresses.back()}};
        }
        case ReaderEvent::Kind::ReadFailed:
            return flow::ReaderStatusEvent{flow::ReaderStatus::CardMoved};
        case ReaderEvent::Kind::SamFailure:
            return flow::ReaderStatusEvent{flow::ReaderStatus::Broken};
        case ReaderEvent::Kind::NoAnswer:
            return flow::ReaderStatusEvent{flow::ReaderStatus::Offline};
        case ReaderEvent::Kind::Answering:
            break;
    }
    return flow::ReaderStatusEvent{flow::ReaderStatus::Back};
}

std::string log_line(const ReaderEvent& event) {
    switch (event.kind) {
        case ReaderEvent::Kind::CardRead:
            return {};
        case ReaderEvent::Kind::ReadFailed:
            return "idcard reader: read failed: " + event.detail;
        case ReaderEvent::Kind::SamFailure:
            return "idcard reader: security module failed: " + event.detail;
        case ReaderEvent::Kind::NoAnswer:
            return "idcard reader: no answer: " + event.detail;
        case ReaderEvent::Kind::Answering:
            return "idcard reader: answering on " + event.detail;
    }
    return {};
}

std::unique_ptr<drivers::idcard::CardReader> start_idcard_reader(
    const config::KioskConfig& config, flow::EventQueue& queue,
    std::function<void(const std::string&)> log) {
    if (config.devices.idcard_reader.empty()) {
        return nullptr;
    }
    auto reader = std::make_unique<drivers::idcard::CardReader>(
        drivers::idcard::serial_reader(config.devices.idcard_reader, config.devices.idcard_baud),
        drivers::idcard::ReaderOptions{}, [&queue, log = std::move(log)](ReaderEvent e) {
            if (auto line = log_line(e); !line.empty() && log) {
                log(line);
            }
            queue.post(to_device_event(e));
        });
    reader->start();
    return reader;
}

}  // namespace jiayi::devices
