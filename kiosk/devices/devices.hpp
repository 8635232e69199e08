#pragma once
// Between the drivers and the flow: a reader's events become the flow's
// device events (posted to its queue), and each gets one log line for staff
// that never carries the card's content.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "drivers/idcard/reader.hpp"
#include "drivers/idcard/usb_transport.hpp"
#include "drivers/qr/scanner.hpp"
#include "drivers/qr/wedge.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"

namespace jiayi::devices {

// The configured USB pipes, in the driver's words.
drivers::idcard::UsbPipes usb_pipes(config::UsbPipes pipes);

flow::DeviceEvent to_device_event(const drivers::idcard::ReaderEvent& event);

// The staff's line for an event ("reader: no answer: …"); empty for a card read.
std::string log_line(const drivers::idcard::ReaderEvent& event);

// The configured ID card reader, started, posting to `queue`; null when the
// configuration names none. `log` receives the staff lines.
std::unique_ptr<drivers::idcard::CardReader> start_idcard_reader(
    const config::KioskConfig& config, flow::EventQueue& queue,
    std::function<void(const std::string&)> log);

// The QR scanners: a code becomes the flow's QrEvent; the staff's line names
// the scanner and what kind of code it was, never its content.
flow::DeviceEvent to_device_event(const drivers::qr::ScanEvent& event);
// What a scanned text is to the flow (common/qr_payload.hpp sorts it).
flow::ScannedCode scanned_code(std::string_view text);
std::string log_line(const drivers::qr::ScanEvent& event, std::string_view scanner);

// The configured camera and keyboard-wedge scanner, started, posting codes
// to `queue`; either is null when the configuration names none. They stop
// (and join) when this goes.
struct QrScanners {
    std::unique_ptr<drivers::qr::Scanner> camera;
    std::unique_ptr<drivers::qr::WedgeScanner> wedge;
};
QrScanners start_qr_scanners(const config::KioskConfig& config, flow::EventQueue& queue,
                             std::function<void(const std::string&)> log);

}  // namespace jiayi::devices
