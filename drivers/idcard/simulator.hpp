#pragma once
// A virtual reader on a pty pair, answering like a real one, byte for byte:
// a VirtualSam behind a serial line. The real serial transport opens the
// pty's other end, so tests run the real codec and transport code. It
// answers only at the line speed it is set to, like a reader configured for
// 9600; cards and faults are VirtualSam's.

#include <string>
#include <thread>

#include "common/result.hpp"
#include "common/unique_fd.hpp"
#include "drivers/idcard/virtual_sam.hpp"

namespace jiayi::drivers::idcard {

class SamSimulator : public VirtualSam {
  public:
    static Result<std::unique_ptr<SamSimulator>, std::string> create(int baud = 115200);
    ~SamSimulator();
    SamSimulator(const SamSimulator&) = delete;
    SamSimulator& operator=(const SamSimulator&) = delete;

    // The device a driver opens (the pty's slave side).
    const std::string& device() const { return device_; }

  private:
    SamSimulator() = default;
    void run();

    UniqueFd master_;
    Pipe stop_;
    int baud_ = 115200;
    std::string device_;
    // Declared after the descriptors, so it is gone (joined) before they close.
    std::thread thread_;
};

}  // namespace jiayi::drivers::idcard
