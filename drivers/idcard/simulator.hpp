#pragma once
// A virtual reader on a pty pair, answering like a real one, byte for byte
// (../shared/protocols/idcard-sam.md): the real serial transport opens the
// pty's other end, so tests run the real codec and transport code. A script
// places and removes cards and injects errors: garbage bytes, a bad
// checksum, SW3 41 mid-read, SAM failure 60, silence. It answers only at the
// line speed it is set to, like a reader configured for 9600.

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/idcard/sam_frame.hpp"
#include "kiosk/common/result.hpp"

namespace jiayi::drivers::idcard {

class SamSimulator {
  public:
    static Result<std::unique_ptr<SamSimulator>, std::string> create(int baud = 115200);
    ~SamSimulator();
    SamSimulator(const SamSimulator&) = delete;
    SamSimulator& operator=(const SamSimulator&) = delete;

    // The device a driver opens (the pty's slave side).
    const std::string& device() const { return device_; }

    // A card enters the field, with addresses added since it was issued
    // (70 bytes each, UCS-2 LE), if any.
    void place(Bytes text_block, std::vector<Bytes> appended = {});
    void remove();  // and leaves it
    // Injected into the next reply only.
    void garbage_before_next_reply(Bytes bytes);
    void corrupt_next_checksum();
    void fail_next_read();  // SW3 41, the card moved away mid-read
    // Lasting states.
    void set_sam_broken(bool broken);  // status answers SW3 60
    void set_silent(bool silent);      // no answer at all
    int requests() const { return requests_.load(); }
    int reads() const { return reads_.load(); }

  private:
    SamSimulator() = default;
    void run();
    Bytes answer(const Bytes& body);

    int master_ = -1;
    int stop_pipe_[2] = {-1, -1};
    int baud_ = 115200;
    std::string device_;
    std::thread thread_;
    std::mutex mutex_;
    std::optional<Bytes> card_;
    std::vector<Bytes> appended_;
    bool read_since_placed_ = false;
    Bytes garbage_;
    bool corrupt_ = false;
    bool fail_read_ = false;
    bool sam_broken_ = false;
    bool silent_ = false;
    std::atomic<int> requests_{0};
    std::atomic<int> reads_{0};
};

}  // namespace jiayi::drivers::idcard
