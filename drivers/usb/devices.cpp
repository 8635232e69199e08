#include "drivers/usb/devices.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "drivers/usb/libusb_error.hpp"

namespace jiayi::usb {

namespace {

struct KnownModel {
    std::uint16_t vendor;
    std::uint16_t product;
    Role role;
    std::string_view model;
};

// ../shared/protocols/idcard-sam.md and escpos.md, "Transports".
constexpr KnownModel kKnown[] = {
    {0x0400, 0xC35A, Role::IdCardReader, "SAM reader (USB bulk)"},
    {0x0316, 0x5020, Role::IdCardReader, "SAM reader (USB bulk)"},
    {0x6868, 0x0500, Role::Printer, "Gprinter"},
    {0x6868, 0x0200, Role::Printer, "Gprinter"},
    {0x0483, 0x5743, Role::Printer, "Xprinter"},
    {0x0FE6, 0x811E, Role::Printer, "Rongta"},
    {0x04B8, 0x0202, Role::Printer, "Epson"},
    {0x04B8, 0x0E03, Role::Printer, "Epson"},
    {0x04B8, 0x0E15, Role::Printer, "Epson"},
    {0x04B8, 0x0E28, Role::Printer, "Epson"},
};

bool has(const std::vector<std::uint8_t>& classes, std::uint8_t c) {
    return std::find(classes.begin(), classes.end(), c) != classes.end();
}

// The sysfs name of a device: "1-1.4" (bus 1, port 1, then port 4).
std::string port_of(libusb_device* device) {
    std::uint8_t ports[8] = {};
    const int n = libusb_get_port_numbers(device, ports, sizeof ports);
    const std::string bus = std::to_string(libusb_get_bus_number(device));
    if (n <= 0) {
        return "usb" + bus;  // a root hub
    }
    std::string name = bus + "-";
    for (int i = 0; i < n; ++i) {
        name += (i > 0 ? "." : "") + std::to_string(ports[i]);
    }
    return name;
}

// A string attribute the kernel already read from the device, so that
// listing never opens a device another driver is using.
std::string sysfs_attribute(const std::string& port, const char* name) {
    std::ifstream in("/sys/bus/usb/devices/" + port + "/" + name);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string string_descriptor(libusb_device_handle* handle, std::uint8_t index) {
    if (index == 0) {
        return {};
    }
    unsigned char text[128] = {};
    const int n = libusb_get_string_descriptor_ascii(handle, index, text, sizeof text);
    return n > 0 ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n))
                 : std::string();
}

}  // namespace

std::string_view code(Role role) {
    switch (role) {
        case Role::IdCardReader:
            return "idcard-reader";
        case Role::Printer:
            return "printer";
        case Role::Unknown:
            break;
    }
    return "unknown";
}

std::string vid_pid(std::uint16_t vendor, std::uint16_t product) {
    char text[10];
    std::snprintf(text, sizeof text, "%04x:%04x", vendor, product);
    return text;
}

Recognised recognise(std::uint16_t vendor, std::uint16_t product,
                     const std::vector<std::uint8_t>& interface_classes) {
    for (const KnownModel& k : kKnown) {
        if (k.vendor != vendor || k.product != product) {
            continue;
        }
        // VID 0400 is shared by unrelated devices: a reader also has a
        // vendor-class interface (unknown classes give it the benefit of the doubt).
        if (k.role == Role::IdCardReader && !interface_classes.empty() &&
            !has(interface_classes, kVendorClass)) {
            continue;
        }
        return {k.role, k.model};
    }
    if (has(interface_classes, kPrinterClass)) {
        return {Role::Printer, {}};
    }
    return {};
}

Result<std::vector<UsbDeviceInfo>, IoError> list() {
    auto attached = scan_bus();
    if (!attached) {
        return fail(attached.error());
    }
    const ssize_t count = attached->count;
    std::vector<UsbDeviceInfo> found;
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* device = attached->at(i);
        UsbDeviceInfo info;
        info.bus = libusb_get_bus_number(device);
        info.address = libusb_get_device_address(device);
        info.port = port_of(device);
        libusb_device_descriptor desc{};
        if (libusb_get_device_descriptor(device, &desc) == LIBUSB_SUCCESS) {
            info.vendor = desc.idVendor;
            info.product = desc.idProduct;
        }
        libusb_config_descriptor* raw_config = nullptr;
        if (libusb_get_active_config_descriptor(device, &raw_config) == LIBUSB_SUCCESS) {
            Config config(raw_config);
            for (int n = 0; n < config->bNumInterfaces; ++n) {
                const libusb_interface& itf = config->interface[n];
                if (itf.num_altsetting > 0 &&
                    !has(info.interface_classes, itf.altsetting[0].bInterfaceClass)) {
                    info.interface_classes.push_back(itf.altsetting[0].bInterfaceClass);
                }
            }
        }
        info.product_name = sysfs_attribute(info.port, "product");
        info.serial = sysfs_attribute(info.port, "serial");
        // Without sysfs (no product there), ask the device itself when we
        // may open it.
        libusb_device_handle* raw_handle = nullptr;
        if (info.product_name.empty() && libusb_open(device, &raw_handle) == LIBUSB_SUCCESS) {
            Handle handle(raw_handle);
            if (info.product_name.empty()) {
                info.product_name = string_descriptor(raw_handle, desc.iProduct);
            }
            if (info.serial.empty()) {
                info.serial = string_descriptor(raw_handle, desc.iSerialNumber);
            }
        }
        const Recognised r = recognise(info.vendor, info.product, info.interface_classes);
        info.role = r.role;
        info.model = std::string(r.model);
        found.push_back(std::move(info));
    }
    return found;
}

}  // namespace jiayi::usb
