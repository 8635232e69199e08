#pragma once
// How each configured device answers, as `jiayi devices` and `jiayi doctor`
// tell it — without taking a device away from a running kiosk: paths are
// looked at, a USB reader is looked for among the attached devices, only
// the printer is asked (with short timeouts: an absent one answers within
// about a second).

#include <filesystem>
#include <string>
#include <vector>

#include "drivers/usb/devices.hpp"
#include "kiosk/config/config.hpp"

namespace jiayi::cli {

struct Configured {
    std::string role;     // idcard-reader | printer | qr-camera | qr-wedge
    std::string address;  // as configured
    // not-configured | present | missing | no-access | ready | not-ready |
    // unreachable | usb (a USB reader: see the USB list)
    std::string state;
    std::string detail;

    bool configured() const { return state != "not-configured"; }
    // Nothing for a person to do.
    bool fine() const {
        return state == "not-configured" || state == "present" || state == "ready" ||
               state == "usb";
    }
};

// The reader, the printer, the camera and the wedge scanner, in that order.
// `usb`: the attached devices when they could be listed (a USB reader is
// then found among them, or missing); null: a USB reader's state is "usb".
std::vector<Configured> configured_states(const config::DevicesSection& devices,
                                          const std::filesystem::path& printer_profiles,
                                          const std::vector<usb::UsbDeviceInfo>* usb = nullptr);

}  // namespace jiayi::cli
