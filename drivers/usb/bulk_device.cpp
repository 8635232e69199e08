#include "drivers/usb/bulk_device.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>

#include "drivers/usb/devices.hpp"
#include "drivers/usb/libusb_error.hpp"

namespace jiayi::usb {

// The C handles, closed in order: the interface released (libusb gives the
// kernel driver it detached back), the handle closed, then the context.
struct BulkDevice::Handles {
    Context context;
    Handle handle;
    int claimed = -1;
    ~Handles() {
        if (handle && claimed >= 0) {
            libusb_release_interface(handle.get(), claimed);
        }
    }
};

namespace {

struct Candidate {
    std::uint8_t interface = 0;
    std::uint8_t interface_class = 0;
    std::vector<Endpoint> endpoints;
};

// The interface `match` asks for in a configuration: the first (alternate
// setting 0) with the class asked for, or else the first with a bulk pipe.
std::optional<Candidate> find_interface(const libusb_config_descriptor& config,
                                        const Match& match) {
    for (int i = 0; i < config.bNumInterfaces; ++i) {
        const libusb_interface& itf = config.interface[i];
        if (itf.num_altsetting < 1) {
            continue;
        }
        const libusb_interface_descriptor& alt = itf.altsetting[0];
        if (match.interface_class && alt.bInterfaceClass != *match.interface_class) {
            continue;
        }
        Candidate c;
        c.interface = alt.bInterfaceNumber;
        c.interface_class = alt.bInterfaceClass;
        for (int e = 0; e < alt.bNumEndpoints; ++e) {
            const libusb_endpoint_descriptor& ep = alt.endpoint[e];
            if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) == LIBUSB_TRANSFER_TYPE_BULK) {
                c.endpoints.push_back(Endpoint{ep.bEndpointAddress, ep.wMaxPacketSize});
            }
        }
        if (!c.endpoints.empty()) {
            return c;
        }
    }
    return std::nullopt;
}

Config active_config(libusb_device* device) {
    libusb_config_descriptor* raw = nullptr;
    if (libusb_get_active_config_descriptor(device, &raw) != LIBUSB_SUCCESS &&
        libusb_get_config_descriptor(device, 0, &raw) != LIBUSB_SUCCESS) {
        return nullptr;
    }
    return Config(raw);
}

std::string serial_of(libusb_device_handle* handle, std::uint8_t index) {
    if (index == 0) {
        return {};
    }
    unsigned char text[128] = {};
    const int n = libusb_get_string_descriptor_ascii(handle, index, text, sizeof text);
    return n > 0 ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n))
                 : std::string();
}

std::string what_for(const Match& m) {
    std::string s = "usb " + vid_pid(m.vendor, m.product);
    if (m.interface_class) {
        s += " with an interface of class " + std::to_string(*m.interface_class);
    }
    if (m.bus || m.address) {
        s += " at bus " + (m.bus ? std::to_string(*m.bus) : std::string("any")) + " address " +
             (m.address ? std::to_string(*m.address) : std::string("any"));
    }
    if (!m.serial.empty()) {
        s += " serial " + m.serial;
    }
    return s;
}

std::uint8_t first(const std::vector<Endpoint>& endpoints, bool in) {
    for (const Endpoint& e : endpoints) {
        if (e.is_in() == in) {
            return e.address;
        }
    }
    return 0;
}

int timeout_ms(std::chrono::milliseconds timeout) {
    // libusb reads 0 as "wait for ever": never ask for that.
    return static_cast<int>(
        std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 1, INT_MAX));
}

}  // namespace

BulkDevice::BulkDevice(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {}

BulkDevice::~BulkDevice() = default;

Result<std::unique_ptr<BulkDevice>, IoError> BulkDevice::open(const Match& match) {
    auto attached = scan_bus();
    if (!attached) {
        return fail(attached.error());
    }
    const ssize_t count = attached->count;
    IoError last{IoError::Kind::Closed, what_for(match) + " is not attached"};
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* device = attached->at(i);
        libusb_device_descriptor desc{};
        if (libusb_get_device_descriptor(device, &desc) != LIBUSB_SUCCESS ||
            desc.idVendor != match.vendor || desc.idProduct != match.product) {
            continue;
        }
        const std::uint8_t bus = libusb_get_bus_number(device);
        const std::uint8_t address = libusb_get_device_address(device);
        if ((match.bus && *match.bus != bus) || (match.address && *match.address != address)) {
            continue;
        }
        Config config = active_config(device);
        if (!config) {
            continue;
        }
        auto found = find_interface(*config, match);
        if (!found) {
            continue;
        }
        libusb_device_handle* raw_handle = nullptr;
        if (const int r = libusb_open(device, &raw_handle); r != LIBUSB_SUCCESS) {
            last = to_io_error(r, "cannot open " + what_for(match));
            continue;
        }
        auto handles = std::make_unique<Handles>();
        handles->handle = Handle(raw_handle);
        if (!match.serial.empty() && serial_of(raw_handle, desc.iSerialNumber) != match.serial) {
            continue;
        }
        // A kernel driver (usblp for a printer) may hold the interface.
        libusb_set_auto_detach_kernel_driver(raw_handle, 1);
        if (const int r = libusb_claim_interface(raw_handle, found->interface);
            r != LIBUSB_SUCCESS) {
            last = to_io_error(r, "cannot claim interface " + std::to_string(found->interface) +
                                      " of " + what_for(match));
            continue;
        }
        handles->claimed = found->interface;
        handles->context = std::move(attached->context);

        std::unique_ptr<BulkDevice> d(new BulkDevice(std::move(handles)));
        d->endpoints_ = std::move(found->endpoints);
        d->interface_ = found->interface;
        d->class_ = found->interface_class;
        d->in_ = match.in_endpoint != 0 ? match.in_endpoint : first(d->endpoints_, true);
        d->out_ = match.out_endpoint != 0 ? match.out_endpoint : first(d->endpoints_, false);
        d->description_ = "usb " + vid_pid(desc.idVendor, desc.idProduct) + " on bus " +
                          std::to_string(bus) + " address " + std::to_string(address);
        for (std::uint8_t ep : {match.in_endpoint, match.out_endpoint}) {
            if (ep != 0 && !d->has_endpoint(ep)) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", ep);
                return fail(IoError{IoError::Kind::Failed,
                                    d->description_ + " has no bulk endpoint " + hex});
            }
        }
        return d;
    }
    return fail(last);
}

bool BulkDevice::has_endpoint(std::uint8_t address) const {
    return std::any_of(endpoints_.begin(), endpoints_.end(),
                       [&](const Endpoint& e) { return e.address == address; });
}

std::uint16_t BulkDevice::max_packet(std::uint8_t endpoint) const {
    for (const Endpoint& e : endpoints_) {
        if (e.address == endpoint && e.max_packet != 0) {
            return e.max_packet;
        }
    }
    return 64;
}

std::string BulkDevice::describe() const {
    return description_;
}

IoError BulkDevice::error(int code, const char* what) const {
    // An I/O error is what an unplug mid-transfer looks like: ask the device
    // (sysfs, or a control request) whether it is still there.
    bool gone = false;
    if (code == LIBUSB_ERROR_IO) {
        int configuration = 0;
        gone = libusb_get_configuration(handles_->handle.get(), &configuration) ==
               LIBUSB_ERROR_NO_DEVICE;
    }
    return to_io_error(code, std::string(what) + " " + description_, gone);
}

Result<void, IoError> BulkDevice::write(std::span<const std::uint8_t> bytes,
                                        std::chrono::milliseconds timeout) {
    return write(bytes, out_, timeout);
}

Result<void, IoError> BulkDevice::write(std::span<const std::uint8_t> bytes, std::uint8_t endpoint,
                                        std::chrono::milliseconds timeout) {
    int transferred = 0;
    // libusb takes a non-const buffer for both directions; an OUT transfer
    // only reads it.
    const int r = libusb_bulk_transfer(
        handles_->handle.get(), endpoint, const_cast<std::uint8_t*>(bytes.data()),
        static_cast<int>(bytes.size()), &transferred, static_cast<unsigned>(timeout_ms(timeout)));
    if (r == LIBUSB_ERROR_PIPE) {
        libusb_clear_halt(handles_->handle.get(), endpoint);
    }
    if (r != LIBUSB_SUCCESS) {
        IoError e = error(r, "write to");
        if (r == LIBUSB_ERROR_TIMEOUT && transferred > 0) {
            e.message += " (" + std::to_string(transferred) + " of " +
                         std::to_string(bytes.size()) + " bytes went)";
        }
        return fail(e);
    }
    if (static_cast<std::size_t>(transferred) != bytes.size()) {
        return fail(IoError{IoError::Kind::Failed, "short write to " + description_});
    }
    return Ok{};
}

Result<std::size_t, IoError> BulkDevice::read(std::span<std::uint8_t> into,
                                              std::chrono::milliseconds timeout) {
    return read(into, in_, timeout);
}

Result<std::size_t, IoError> BulkDevice::read(std::span<std::uint8_t> into, std::uint8_t endpoint,
                                              std::chrono::milliseconds timeout) {
    int transferred = 0;
    const int r = libusb_bulk_transfer(handles_->handle.get(), endpoint, into.data(),
                                       static_cast<int>(into.size()), &transferred,
                                       static_cast<unsigned>(timeout_ms(timeout)));
    if (r == LIBUSB_ERROR_TIMEOUT && transferred > 0) {
        return static_cast<std::size_t>(transferred);
    }
    if (r == LIBUSB_ERROR_PIPE) {
        libusb_clear_halt(handles_->handle.get(), endpoint);
    }
    if (r != LIBUSB_SUCCESS) {
        return fail(error(r, "read from"));
    }
    return static_cast<std::size_t>(transferred);
}

}  // namespace jiayi::usb
