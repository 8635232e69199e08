#include "kiosk/devices/devices.hpp"

#include "common/qr_payload.hpp"
#include "drivers/idcard/usb_transport.hpp"

namespace jiayi::devices {

using drivers::idcard::ReaderEvent;

drivers::idcard::UsbPipes usb_pipes(config::UsbPipes pipes) {
    switch (pipes) {
        case config::UsbPipes::Split:
            return drivers::idcard::UsbPipes::Split;
        case config::UsbPipes::Single:
            return drivers::idcard::UsbPipes::Single;
        case config::UsbPipes::Probe:
            break;
    }
    return drivers::idcard::UsbPipes::Probe;
}

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
    drivers::idcard::ReaderOptions options;
    options.keep_photo = config.devices.idcard_keep_photo;
    auto reader = std::make_unique<drivers::idcard::CardReader>(
        drivers::idcard::reader_at(config.devices.idcard_reader, config.devices.idcard_baud,
                                   usb_pipes(config.devices.idcard_usb_pipes)),
        options, [&queue, log = std::move(log)](ReaderEvent e) {
            if (auto line = log_line(e); !line.empty() && log) {
                log(line);
            }
            queue.post(to_device_event(e));
        });
    reader->start();
    return reader;
}

flow::DeviceEvent to_device_event(const drivers::qr::ScanEvent& event) {
    return flow::QrEvent{scanned_code(event.text)};
}

flow::ScannedCode scanned_code(std::string_view text) {
    using qr_payload::PayloadKind;
    const qr_payload::Payload payload = qr_payload::classify(text);
    flow::ScannedCode code{flow::CodeKind::NotOurs, payload.id};
    switch (payload.kind) {
        case PayloadKind::Booking:
            code.kind = flow::CodeKind::Booking;
            break;
        case PayloadKind::Contract:
        case PayloadKind::OptOut:
            code.kind = flow::CodeKind::Record;
            break;
        case PayloadKind::NurseBadge:
            code.kind = flow::CodeKind::NurseBadge;
            break;
        case PayloadKind::EHealthCard:
            code.kind = flow::CodeKind::EHealthCard;
            break;
        case PayloadKind::NotOurs:
            break;
    }
    return code;
}

std::string log_line(const drivers::qr::ScanEvent& event, std::string_view scanner) {
    using Kind = drivers::qr::ScanEvent::Kind;
    const std::string name(scanner);
    switch (event.kind) {
        case Kind::Code:
            // The kind of code only: a voucher or a health card is a resident's.
            return name + ": a code (" +
                   std::string(qr_payload::code(qr_payload::classify(event.text).kind)) + ")";
        case Kind::Lost:
            return name + ": not available: " + event.detail;
        case Kind::Back:
            return name + ": working again: " + event.detail;
    }
    return {};
}

QrScanners start_qr_scanners(const config::KioskConfig& config, flow::EventQueue& queue,
                             std::function<void(const std::string&)> log) {
    namespace qr = drivers::qr;
    QrScanners scanners;
    auto poster = [&queue, log](std::string scanner) {
        return [&queue, log, scanner = std::move(scanner)](qr::ScanEvent e) {
            if (log) {
                log(log_line(e, scanner));
            }
            if (e.kind == qr::ScanEvent::Kind::Code) {
                queue.post(to_device_event(e));
            }
        };
    };
    if (!config.devices.qr_camera.empty()) {
        scanners.camera = std::make_unique<qr::Scanner>(
            qr::v4l2_camera(config.devices.qr_camera, config.devices.qr_camera_size),
            qr::ScannerOptions{}, poster("qr camera"));
        scanners.camera->start();
    }
    if (!config.devices.qr_wedge.empty()) {
        scanners.wedge = std::make_unique<qr::WedgeScanner>(
            config.devices.qr_wedge, qr::WedgeOptions{}, poster("qr scanner"));
        scanners.wedge->start();
    }
    return scanners;
}

}  // namespace jiayi::devices
