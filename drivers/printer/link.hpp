#pragma once
// How bytes reach a printer (escpos.md, "Transports"): the kernel's usblp
// device (/dev/usb/lp*), raw TCP port 9100, USB printer class through
// libusb, or a file. Every read and write has a timeout. A link is used by
// one thread, the print queue's.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/io_error.hpp"
#include "common/result.hpp"

namespace jiayi::drivers::printer {

class Link {
  public:
    virtual ~Link() = default;
    virtual Result<void, IoError> write(std::span<const std::uint8_t> bytes,
                                        std::chrono::milliseconds timeout) = 0;
    // What is there, waiting up to `timeout` for the first byte; Timeout
    // when nothing came.
    virtual Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                              std::chrono::milliseconds timeout) = 0;
    // False for a file: nothing ever answers, so status is always unknown.
    virtual bool can_read() const = 0;
    virtual std::string describe() const = 0;
};

// A configured printer address:
//   "/dev/usb/lp0" or "lp:/dev/usb/lp0"   the kernel's usblp device (any
//                                         character device or pty works too)
//   "tcp:HOST" or "tcp:HOST:PORT"         a network printer (port 9100)
//   "usb" or "usb:VVVV:PPPP"              USB printer class through libusb
//   "file:PATH"                           bytes appended to a file (tests, the simulator)
Result<std::unique_ptr<Link>, IoError> open_link(const std::string& address,
                                                 std::chrono::milliseconds timeout);

}  // namespace jiayi::drivers::printer
