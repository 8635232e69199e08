#pragma once
// Between the drivers and the flow: a reader's events become the flow's
// device events (posted to its queue), and each gets one log line for staff
// that never carries the card's content.

#include <functional>
#include <memory>
#include <string>

#include "drivers/idcard/reader.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/flow/event_queue.hpp"

namespace jiayi::devices {

flow::DeviceEvent to_device_event(const drivers::idcard::ReaderEvent& event);

// The staff's line for an event ("reader: no answer: …"); empty for a card read.
std::string log_line(const drivers::idcard::ReaderEvent& event);

// The configured ID card reader, started, posting to `queue`; null when the
// configuration names none. `log` receives the staff lines.
std::unique_ptr<drivers::idcard::CardReader> start_idcard_reader(
    const config::KioskConfig& config, flow::EventQueue& queue,
    std::function<void(const std::string&)> log);

}  // namespace jiayi::devices
