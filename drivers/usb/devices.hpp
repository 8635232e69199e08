#pragma once
// What is plugged in (for `jiayi devices`): every USB device with its
// VID:PID, bus and address, interface classes and product string, and which
// of the kiosk's known devices it is. VIDs such as 0400 are shared by
// unrelated devices, so a reader is recognised by VID:PID and a vendor-class
// interface together (../shared/protocols/idcard-sam.md, "Transports").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/io_error.hpp"
#include "common/result.hpp"

namespace jiayi::usb {

inline constexpr std::uint8_t kVendorClass = 0xFF;
inline constexpr std::uint8_t kPrinterClass = 0x07;

enum class Role { Unknown, IdCardReader, Printer };
std::string_view code(Role role);  // "unknown", "idcard-reader", "printer"

struct UsbDeviceInfo {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    std::uint8_t bus = 0;
    std::uint8_t address = 0;
    std::string port;  // the sysfs name, e.g. "1-1.4"; empty when unknown
    std::vector<std::uint8_t> interface_classes;  // of the active configuration
    std::string product_name;                     // empty when not readable
    std::string serial;                           // empty when not readable
    Role role = Role::Unknown;
    std::string model;  // "Gprinter", "Epson", … for a known model; empty otherwise
};

// Which of our devices a VID:PID with these interface classes is: the known
// readers and printers, and any device with a printer-class interface.
struct Recognised {
    Role role = Role::Unknown;
    std::string_view model;
};
Recognised recognise(std::uint16_t vendor, std::uint16_t product,
                     const std::vector<std::uint8_t>& interface_classes);

// Every attached device; a device whose descriptors cannot be read is listed
// with what could be. Failed only when libusb itself cannot start.
Result<std::vector<UsbDeviceInfo>, IoError> list();

// "0400:c35a"
std::string vid_pid(std::uint16_t vendor, std::uint16_t product);

}  // namespace jiayi::usb
