#include "drivers/printer/usb_link.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "drivers/usb/bulk_device.hpp"
#include "drivers/usb/devices.hpp"

namespace jiayi::drivers::printer {

namespace {

using std::chrono::milliseconds;

class UsbLink : public Link {
  public:
    explicit UsbLink(std::unique_ptr<usb::BulkDevice> device) : device_(std::move(device)) {}

    Result<void, IoError> write(std::span<const std::uint8_t> bytes,
                                milliseconds timeout) override {
        return device_->write(bytes, timeout);
    }

    Result<std::size_t, IoError> read(std::span<std::uint8_t> into, milliseconds timeout) override {
        if (!can_read()) {
            return fail(IoError{IoError::Kind::Timeout, describe() + " has no IN pipe"});
        }
        if (buffered_.empty()) {
            // One whole packet: asking for less than a packet overflows.
            std::vector<std::uint8_t> packet(device_->max_packet(device_->in_endpoint()));
            auto got = device_->read(packet, timeout);
            if (!got) {
                return fail(got.error());
            }
            if (*got == 0) {
                return fail(IoError{IoError::Kind::Timeout, "no answer from " + describe()});
            }
            buffered_.assign(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(*got));
        }
        const std::size_t n = std::min(into.size(), buffered_.size());
        std::copy_n(buffered_.begin(), n, into.begin());
        buffered_.erase(buffered_.begin(), buffered_.begin() + static_cast<std::ptrdiff_t>(n));
        return n;
    }

    // A unidirectional printer (interface protocol 1) has no IN endpoint.
    bool can_read() const override { return device_->in_endpoint() != 0; }
    std::string describe() const override { return "printer " + device_->describe(); }

  private:
    std::unique_ptr<usb::BulkDevice> device_;
    std::vector<std::uint8_t> buffered_;
};

std::optional<std::uint16_t> hex16(std::string_view text) {
    std::uint16_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (error != std::errc{} || end != text.data() + text.size() || text.size() != 4) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Result<std::unique_ptr<Link>, IoError> open_usb_link(const std::string& ids) {
    usb::Match match;
    match.interface_class = usb::kPrinterClass;
    if (!ids.empty()) {
        const auto colon = ids.find(':');
        const auto vendor = colon == std::string::npos ? std::nullopt : hex16(ids.substr(0, colon));
        const auto product =
            colon == std::string::npos ? std::nullopt : hex16(ids.substr(colon + 1));
        if (!vendor || !product) {
            return fail(IoError{IoError::Kind::Failed,
                                "USB printer \"" + ids + "\" is not VVVV:PPPP in hex"});
        }
        match.vendor = *vendor;
        match.product = *product;
    } else {
        // The first device with a printer-class interface.
        auto attached = usb::list();
        if (!attached) {
            return fail(attached.error());
        }
        const auto found = std::find_if(attached->begin(), attached->end(), [](const auto& d) {
            return std::find(d.interface_classes.begin(), d.interface_classes.end(),
                             usb::kPrinterClass) != d.interface_classes.end();
        });
        if (found == attached->end()) {
            return fail(IoError{IoError::Kind::Closed, "no USB printer is plugged in"});
        }
        match.vendor = found->vendor;
        match.product = found->product;
        match.bus = found->bus;
        match.address = found->address;
    }
    auto device = usb::BulkDevice::open(match);
    if (!device) {
        return fail(device.error());
    }
    return std::unique_ptr<Link>(new UsbLink(std::move(device).value()));
}

}  // namespace jiayi::drivers::printer
