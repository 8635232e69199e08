#pragma once
// What a reader's SAM answers, byte for byte (../shared/protocols/idcard-sam.md,
// "Commands"), without a line: request bytes go in as they come off the
// wire (serial) or out of a bulk pipe (USB), and the reader's answers come
// out, one per complete request frame. The pty simulator and the tests' fake
// USB reader both put a line around it. A script places and removes cards
// and injects errors: garbage bytes, a bad checksum, SW3 41 mid-read, SAM
// failure 60, silence.
//
// Threading: the setters may be called from any thread; receive() from one
// (the line's).

#include <atomic>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "drivers/idcard/sam_frame.hpp"

namespace jiayi::drivers::idcard {

class VirtualSam {
  public:
    // One answer: bytes of noise the line carries first (empty as a rule),
    // then the reply frame (empty: the reader said nothing).
    struct Answer {
        Bytes garbage;
        Bytes reply;
    };

    // Request bytes, in any pieces; an answer for each complete frame. A
    // frame that does not check is answered with SW3 10; `heard` false (the
    // line at another speed) leaves a request unanswered.
    std::vector<Answer> receive(std::span<const std::uint8_t> bytes, bool heard = true);

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
    Answer answer(const Bytes& body, bool heard);

    FrameReader frames_{2};  // the line's thread only
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
