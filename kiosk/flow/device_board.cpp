#include "kiosk/flow/device_board.hpp"

namespace jiayi::flow {

DeviceBoard::DeviceBoard(bool reader, bool printer, bool scanner) {
    states_.reader = reader ? "ok" : "absent";
    states_.printer = printer ? "ok" : "absent";
    states_.scanner = scanner ? "ok" : "absent";
    states_.paper = printer ? "ok" : "unknown";
}

void DeviceBoard::note(const DeviceEvent& event) {
    std::lock_guard lock(mutex_);
    if (std::holds_alternative<CardEvent>(event)) {
        states_.reader = "ok";
    } else if (std::holds_alternative<QrEvent>(event)) {
        states_.scanner = "ok";
    } else if (const auto* reader = std::get_if<ReaderStatusEvent>(&event)) {
        switch (reader->status) {
            case ReaderStatus::Offline:
                states_.reader = "offline";
                break;
            case ReaderStatus::Broken:
                states_.reader = "broken";
                break;
            case ReaderStatus::Back:
                states_.reader = "ok";
                break;
            case ReaderStatus::CardMoved:
                break;  // the resident's doing, not the reader's
        }
    } else if (const auto* printer = std::get_if<PrinterEvent>(&event)) {
        switch (printer->kind) {
            case PrinterEvent::Kind::Printed:
            case PrinterEvent::Kind::Sent:
            case PrinterEvent::Kind::Back:
                states_.printer = "ok";
                states_.paper = "ok";
                break;
            case PrinterEvent::Kind::Waiting:
                states_.printer = std::string(code(printer->problem));
                if (printer->problem == PrinterProblem::PaperOut) {
                    states_.paper = "out";
                }
                break;
            case PrinterEvent::Kind::Disconnected:
                states_.printer = "disconnected";
                break;
        }
    }
}

DeviceStates DeviceBoard::snapshot() const {
    std::lock_guard lock(mutex_);
    return states_;
}

}  // namespace jiayi::flow
