#pragma once
// A USB ID card reader for tests: a VirtualSam (the same answering logic as
// the pty simulator) behind a fake USB device 0400:c35a (usb_fake.hpp) with
// the SAM's four bulk pipes, speaking one pipe style:
//  - split (the SAM's native mode): a request's 7-byte header arrives on EP
//    0x02 and the rest on EP 0x06; the reply's header goes out on 0x81 and
//    the rest on 0x85. Bytes on 0x02 beyond a header are dropped, and 0x06
//    without a header before it is ignored, so a whole frame on one pipe goes
//    unanswered.
//  - single: whole frames on 0x02, replies on 0x81; 0x06 is ignored.
// Noise the VirtualSam injects goes out on 0x81 as its own packet (split)
// or just before the reply (single).

#include <optional>

#include "drivers/idcard/virtual_sam.hpp"
#include "support/usb_fake.hpp"

namespace jiayi::test {

class UsbSamReader : public drivers::idcard::VirtualSam {
  public:
    enum class Pipes { Split, Single };

    explicit UsbSamReader(Pipes pipes, UsbFakeSpec spec = {}) : pipes_(pipes), usb_(spec) {
        usb_.on_out([this](std::uint8_t ep, const UsbBytes& bytes) { heard(ep, bytes); });
    }
    ~UsbSamReader() { usb_.on_out(nullptr); }

    UsbFake& usb() { return usb_; }

  private:
    // On umockdev's thread.
    void heard(std::uint8_t ep, const UsbBytes& bytes) {
        UsbBytes request;
        if (pipes_ == Pipes::Single) {
            if (ep != 0x02) {
                return;
            }
            request = bytes;
        } else if (ep == 0x02) {
            header_ = UsbBytes(bytes.begin(),
                               bytes.begin() + std::min<std::ptrdiff_t>(7, std::ssize(bytes)));
            return;
        } else if (ep == 0x06 && header_) {
            request = *header_;
            request.insert(request.end(), bytes.begin(), bytes.end());
            header_.reset();
        } else {
            return;
        }
        for (const Answer& a : receive(request)) {
            if (pipes_ == Pipes::Single) {
                UsbBytes out = a.garbage;
                out.insert(out.end(), a.reply.begin(), a.reply.end());
                usb_.queue_in(0x81, out);
                continue;
            }
            if (!a.garbage.empty()) {
                usb_.queue_in(0x81, a.garbage);
            }
            if (!a.reply.empty()) {
                usb_.queue_in(0x81, UsbBytes(a.reply.begin(), a.reply.begin() + 7));
                usb_.queue_in(0x85, UsbBytes(a.reply.begin() + 7, a.reply.end()));
            }
        }
    }

    Pipes pipes_;
    std::optional<UsbBytes> header_;  // umockdev's thread only
    UsbFake usb_;
};

}  // namespace jiayi::test
