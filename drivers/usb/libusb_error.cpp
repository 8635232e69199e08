#include "drivers/usb/libusb_error.hpp"

#include <cstdlib>

namespace jiayi::usb {

IoError to_io_error(int code, const std::string& what, bool gone) {
    const std::string text = what + ": " + libusb_strerror(code);
    switch (code) {
        case LIBUSB_ERROR_TIMEOUT:
            return {IoError::Kind::Timeout, text};
        case LIBUSB_ERROR_NO_DEVICE:
            return {IoError::Kind::Closed, text};
        case LIBUSB_ERROR_IO:
            return {gone ? IoError::Kind::Closed : IoError::Kind::Failed, text};
        default:
            return {IoError::Kind::Failed, text};
    }
}

Context new_context(IoError& error) {
    libusb_context* raw = nullptr;
    if (const int r = libusb_init(&raw); r != LIBUSB_SUCCESS) {
        error = to_io_error(r, "libusb_init");
        return nullptr;
    }
    Context context(raw);
    if (std::getenv("JIAYI_USB_DEBUG") != nullptr) {
        libusb_set_option(raw, LIBUSB_OPTION_LOG_LEVEL, LIBUSB_LOG_LEVEL_DEBUG);
    }
    return context;
}

Result<Bus, IoError> scan_bus() {
    IoError started;
    Bus bus;
    bus.context = new_context(started);
    if (!bus.context) {
        return fail(started);
    }
    libusb_device** raw_list = nullptr;
    bus.count = libusb_get_device_list(bus.context.get(), &raw_list);
    if (bus.count < 0) {
        return fail(to_io_error(static_cast<int>(bus.count), "listing USB devices"));
    }
    bus.list.reset(raw_list);
    return bus;
}

}  // namespace jiayi::usb
