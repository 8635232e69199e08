#pragma once
// One USB interface with bulk pipes, opened through libusb: matched by
// VID:PID (plus interface class, and optionally bus/address or serial
// number), its kernel driver detached, claimed, its bulk endpoints taken from
// the descriptors (or given), and every transfer bounded by a timeout. Errors
// are IoError values: Timeout when nothing moved in time, Closed when the
// device went away (unplugged), Failed otherwise with libusb's words.
//
// Threading: a BulkDevice is used by one thread at a time (the driver's). It
// owns its own libusb context, so no event thread is needed and devices never
// share state: libusb's synchronous calls run its event handling inside the
// call. A new open() sees devices plugged in since the last one.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/io_error.hpp"
#include "common/result.hpp"

namespace jiayi::usb {

struct Match {
    // Any device with this VID:PID (the rest as below).
    static Match id(std::uint16_t vendor, std::uint16_t product) {
        Match m;
        m.vendor = vendor;
        m.product = product;
        return m;
    }
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    // The interface to claim: the first with this class (nullopt: the first
    // interface with a bulk pipe).
    std::optional<std::uint8_t> interface_class;
    // Where it is plugged in, when several alike are attached.
    std::optional<std::uint8_t> bus;
    std::optional<std::uint8_t> address;
    std::string serial;  // empty: any
    // The default endpoints for read()/write(); 0: the first bulk IN/OUT
    // endpoint of the interface's descriptors.
    std::uint8_t in_endpoint = 0;
    std::uint8_t out_endpoint = 0;
};

struct Endpoint {
    std::uint8_t address = 0;  // bit 7 set: IN
    std::uint16_t max_packet = 0;
    bool is_in() const { return (address & 0x80) != 0; }
};

class BulkDevice {
  public:
    static Result<std::unique_ptr<BulkDevice>, IoError> open(const Match& match);
    ~BulkDevice();
    BulkDevice(const BulkDevice&) = delete;
    BulkDevice& operator=(const BulkDevice&) = delete;

    // All of `bytes` to an OUT endpoint within `timeout`.
    Result<void, IoError> write(std::span<const std::uint8_t> bytes,
                                std::chrono::milliseconds timeout);
    Result<void, IoError> write(std::span<const std::uint8_t> bytes, std::uint8_t endpoint,
                                std::chrono::milliseconds timeout);
    // One transfer from an IN endpoint: what the device sent, up to
    // into.size() (a short packet ends it); Timeout when nothing came.
    // Ask for a multiple of max_packet(): a device that sends more than asked
    // for is an error (overflow).
    Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                      std::chrono::milliseconds timeout);
    Result<std::size_t, IoError> read(std::span<std::uint8_t> into, std::uint8_t endpoint,
                                      std::chrono::milliseconds timeout);

    // The claimed interface's bulk endpoints, in descriptor order.
    const std::vector<Endpoint>& endpoints() const { return endpoints_; }
    bool has_endpoint(std::uint8_t address) const;
    std::uint16_t max_packet(std::uint8_t endpoint) const;  // 64 when unknown
    std::uint8_t in_endpoint() const { return in_; }
    std::uint8_t out_endpoint() const { return out_; }
    std::uint8_t interface_number() const { return interface_; }
    std::uint8_t interface_class() const { return class_; }
    // "usb 0400:c35a on bus 1 address 2"
    std::string describe() const;

  private:
    struct Handles;
    explicit BulkDevice(std::unique_ptr<Handles> handles);
    IoError error(int code, const char* what) const;

    std::unique_ptr<Handles> handles_;
    std::vector<Endpoint> endpoints_;
    std::uint8_t interface_ = 0;
    std::uint8_t class_ = 0;
    std::uint8_t in_ = 0;
    std::uint8_t out_ = 0;
    std::string description_;
};

}  // namespace jiayi::usb
