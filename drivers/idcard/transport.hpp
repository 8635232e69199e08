#pragma once
// How bytes reach a reader (../shared/protocols/idcard-sam.md, "Transports"):
// a small interface with a serial implementation here and USB bulk later.
// A transport is used by one thread, the reader's.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/io_error.hpp"
#include "common/result.hpp"
#include "common/unique_fd.hpp"

namespace jiayi::drivers::idcard {

using jiayi::IoError;

class Transport {
  public:
    virtual ~Transport() = default;
    virtual Result<void, IoError> write(std::span<const std::uint8_t> bytes) = 0;
    // What is there, waiting up to `timeout` for the first byte; Timeout
    // when nothing came.
    virtual Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                              std::chrono::milliseconds timeout) = 0;
    virtual std::string describe() const = 0;
};

// A serial line (RS-232 or a USB-serial bridge): raw 8N1, no flow control.
class SerialTransport : public Transport {
  public:
    static Result<std::unique_ptr<SerialTransport>, IoError> open(const std::string& path,
                                                                  int baud);
    ~SerialTransport() override;
    SerialTransport(const SerialTransport&) = delete;
    SerialTransport& operator=(const SerialTransport&) = delete;

    Result<void, IoError> write(std::span<const std::uint8_t> bytes) override;
    Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                      std::chrono::milliseconds timeout) override;
    std::string describe() const override;
    // Another speed on the open line (for probing).
    Result<void, IoError> set_baud(int baud);
    int baud() const { return baud_; }

  private:
    SerialTransport(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    UniqueFd fd_;
    std::string path_;
    int baud_ = 0;
};

// The speeds a reader may be set to, in the order a probe tries them.
inline constexpr int kBaudRates[] = {115200, 57600, 38400, 19200, 9600};

}  // namespace jiayi::drivers::idcard
