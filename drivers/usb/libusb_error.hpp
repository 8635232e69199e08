#pragma once
// libusb's return codes as IoError, and libusb's C handles owned (internal to
// drivers/usb).

#include <libusb.h>

#include <memory>
#include <string>

#include "common/io_error.hpp"
#include "common/result.hpp"

namespace jiayi::usb {

// TIMEOUT → Timeout; NO_DEVICE → Closed; anything else → Failed with
// libusb_strerror's text after `what`. An IO error is Closed only when the
// caller knows the device is gone (`gone`), as after an unplug mid-transfer.
IoError to_io_error(int code, const std::string& what, bool gone = false);

struct ContextDeleter {
    void operator()(libusb_context* c) const { libusb_exit(c); }
};
using Context = std::unique_ptr<libusb_context, ContextDeleter>;

struct DeviceListDeleter {
    void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
using DeviceList = std::unique_ptr<libusb_device*, DeviceListDeleter>;

struct ConfigDeleter {
    void operator()(libusb_config_descriptor* c) const { libusb_free_config_descriptor(c); }
};
using Config = std::unique_ptr<libusb_config_descriptor, ConfigDeleter>;

struct HandleDeleter {
    void operator()(libusb_device_handle* h) const { libusb_close(h); }
};
using Handle = std::unique_ptr<libusb_device_handle, HandleDeleter>;

// A fresh context (it scans the bus as it starts), quiet unless
// JIAYI_USB_DEBUG is set.
Context new_context(IoError& error);

// What is on the bus now, in a fresh context. The list goes before the
// context it came from.
struct Bus {
    Context context;
    DeviceList list;
    ssize_t count = 0;
    libusb_device* at(ssize_t i) const { return list.get()[i]; }
};
Result<Bus, IoError> scan_bus();

}  // namespace jiayi::usb
