#include "apps/jiayi/device_states.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "drivers/printer/printer.hpp"

namespace jiayi::cli {

namespace {

// A device node: there, missing, or there but not ours to open.
Configured path_state(std::string role, const std::string& path) {
    Configured c{std::move(role), path, "", ""};
    if (path.empty()) {
        c.state = "not-configured";
        return c;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        c.state = "missing";
        c.detail = std::strerror(errno);
        return c;
    }
    if (::access(path.c_str(), R_OK | W_OK) != 0) {
        c.state = "no-access";
        c.detail =
            "no read/write permission (install packaging/udev/60-jiayi.rules; the kiosk's "
            "user in groups dialout, lp, video, input)";
        return c;
    }
    c.state = "present";
    return c;
}

Configured reader_state(const config::DevicesSection& d,
                        const std::vector<usb::UsbDeviceInfo>* usb) {
    if (!d.idcard_reader.starts_with("usb")) {
        return path_state("idcard-reader", d.idcard_reader);
    }
    if (usb == nullptr) {
        // Listed (or not) among the USB devices.
        return {"idcard-reader", d.idcard_reader, "usb", "see the USB list"};
    }
    // "usb" is any reader we know; "usb:VVVV:PPPP" that one.
    const std::string wanted = d.idcard_reader.size() > 4 ? d.idcard_reader.substr(4) : "";
    for (const auto& device : *usb) {
        if (device.role == usb::Role::IdCardReader &&
            (wanted.empty() || usb::vid_pid(device.vendor, device.product) == wanted)) {
            return {"idcard-reader", d.idcard_reader, "present",
                    usb::vid_pid(device.vendor, device.product) + " " + device.model};
        }
    }
    return {"idcard-reader", d.idcard_reader, "missing", "no such reader is plugged in"};
}

Configured printer_state(const config::DevicesSection& d, const std::filesystem::path& profiles) {
    Configured c{"printer", d.printer, "", ""};
    if (d.printer.empty()) {
        c.state = "not-configured";
        return c;
    }
    auto all = drivers::printer::load_profiles(profiles);
    const drivers::printer::Profile* profile =
        all ? drivers::printer::find_profile(*all, d.printer_profile) : nullptr;
    if (profile == nullptr) {
        c.state = "not-ready";
        c.detail = "unknown printer_profile \"" + d.printer_profile + "\"";
        return c;
    }
    auto printer = drivers::printer::open_printer(
        d.printer, *profile,
        {std::chrono::milliseconds(300), std::chrono::seconds(1), std::chrono::seconds(1)});
    if (!printer) {
        c.state = "unreachable";
        c.detail = printer.error().message;
        return c;
    }
    auto status = (*printer)->status();
    if (!status) {
        c.state = "unreachable";
        c.detail = status.error().message;
        return c;
    }
    c.state = status->ready() ? "ready" : "not-ready";
    c.detail = profile->id + ": " + drivers::printer::describe_status(*status);
    return c;
}

}  // namespace

std::vector<Configured> configured_states(const config::DevicesSection& devices,
                                          const std::filesystem::path& printer_profiles,
                                          const std::vector<usb::UsbDeviceInfo>* usb) {
    return {reader_state(devices, usb), printer_state(devices, printer_profiles),
            path_state("qr-camera", devices.qr_camera), path_state("qr-wedge", devices.qr_wedge)};
}

}  // namespace jiayi::cli
