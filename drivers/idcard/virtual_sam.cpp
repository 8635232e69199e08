#include "drivers/idcard/virtual_sam.hpp"

#include <algorithm>

namespace jiayi::drivers::idcard {

void VirtualSam::place(Bytes text_block, std::vector<Bytes> appended) {
    std::lock_guard lock(mutex_);
    card_ = std::move(text_block);
    appended_ = std::move(appended);
    read_since_placed_ = false;
}

void VirtualSam::remove() {
    std::lock_guard lock(mutex_);
    card_.reset();
}

void VirtualSam::garbage_before_next_reply(Bytes bytes) {
    std::lock_guard lock(mutex_);
    garbage_ = std::move(bytes);
}

void VirtualSam::corrupt_next_checksum() {
    std::lock_guard lock(mutex_);
    corrupt_ = true;
}

void VirtualSam::fail_next_read() {
    std::lock_guard lock(mutex_);
    fail_read_ = true;
}

void VirtualSam::set_sam_broken(bool broken) {
    std::lock_guard lock(mutex_);
    sam_broken_ = broken;
}

void VirtualSam::set_silent(bool silent) {
    std::lock_guard lock(mutex_);
    silent_ = silent;
}

std::vector<VirtualSam::Answer> VirtualSam::receive(std::span<const std::uint8_t> bytes,
                                                    bool heard) {
    std::vector<Answer> answers;
    frames_.feed(bytes);
    while (auto body = frames_.next_body()) {
        if (!body->ok()) {
            answers.push_back({{}, encode_reply(0x10)});  // our reply to a bad checksum
            continue;
        }
        Answer a = answer(body->value(), heard);
        if (!a.reply.empty() || !a.garbage.empty()) {
            answers.push_back(std::move(a));
        }
    }
    return answers;
}

// What a SAM answers to one request (protocol, "Commands").
VirtualSam::Answer VirtualSam::answer(const Bytes& body, bool heard) {
    std::lock_guard lock(mutex_);
    ++requests_;
    if (silent_ || !heard) {
        return {};
    }
    const Command c{body[0], body[1]};
    Bytes reply;
    if (c.cmd == kSamStatus.cmd || c.cmd == kResetSam.cmd) {
        reply = encode_reply(sam_broken_ ? 0x60 : 0x90);
    } else if (c.cmd == kFindCard.cmd && c.para == kFindCard.para) {
        // A card once read is not found again until it leaves the field.
        const bool found = card_.has_value() && !read_since_placed_;
        reply = found ? encode_reply(0x9F, Bytes(4, 0)) : encode_reply(0x80);
    } else if (c.cmd == kSelectCard.cmd && c.para == kSelectCard.para) {
        reply = card_ ? encode_reply(0x90, Bytes(8, 0)) : encode_reply(0x81);
    } else if (c.cmd == kReadText.cmd && c.para == kReadText.para) {
        if (!card_ || fail_read_) {
            fail_read_ = false;
            reply = encode_reply(0x41);
        } else {
            Bytes data{0x01, 0x00, 0x04, 0x00};
            data.insert(data.end(), card_->begin(), card_->end());
            Bytes photo(1024, 0);
            const std::uint8_t wlt[] = {0x57, 0x4C, 0x66, 0x00, 0x7E, 0x00};
            std::copy(std::begin(wlt), std::end(wlt), photo.begin());
            data.insert(data.end(), photo.begin(), photo.end());
            reply = encode_reply(0x90, data);
            read_since_placed_ = true;
            ++reads_;
        }
    } else if (c.cmd == kReadAddress.cmd && c.para == kReadAddress.para) {
        if (!card_ || appended_.empty()) {
            reply = encode_reply(0x91);
        } else {
            Bytes data;
            for (const Bytes& a : appended_) {
                data.insert(data.end(), a.begin(), a.end());
            }
            reply = encode_reply(0x90, data);
        }
    } else {
        reply = encode_reply(0x21);
    }
    if (corrupt_) {
        corrupt_ = false;
        reply.back() ^= 0x5A;
    }
    Answer a;
    a.garbage = std::move(garbage_);
    garbage_.clear();
    a.reply = std::move(reply);
    return a;
}

}  // namespace jiayi::drivers::idcard
