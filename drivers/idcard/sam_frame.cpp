#include "drivers/idcard/sam_frame.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace jiayi::drivers::idcard {

namespace {

std::uint8_t xor_of(std::span<const std::uint8_t> bytes) {
    std::uint8_t x = 0;
    for (std::uint8_t b : bytes) {
        x ^= b;
    }
    return x;
}

Bytes frame(std::span<const std::uint8_t> body) {
    // LEN covers the body and the checksum.
    const std::size_t len = body.size() + 1;
    Bytes out(std::begin(kPreamble), std::end(kPreamble));
    out.push_back(static_cast<std::uint8_t>(len >> 8));
    out.push_back(static_cast<std::uint8_t>(len & 0xFF));
    out.insert(out.end(), body.begin(), body.end());
    out.push_back(xor_of(std::span(out).subspan(5)));
    return out;
}

// Where the preamble starts in `bytes`, or its size when absent.
std::size_t find_preamble(std::span<const std::uint8_t> bytes) {
    const auto it =
        std::search(bytes.begin(), bytes.end(), std::begin(kPreamble), std::end(kPreamble));
    return static_cast<std::size_t>(it - bytes.begin());
}

// The frame at the start of `bytes` (which begins with the preamble):
// its size, or an error; Truncated means "wait for more".
Result<std::size_t, FrameError> measure(std::span<const std::uint8_t> bytes,
                                        std::size_t min_body = 3) {
    if (bytes.size() < 7) {
        return fail(FrameError::Truncated);
    }
    const std::size_t len = (std::size_t{bytes[5]} << 8) | bytes[6];
    // A reply holds at least SW1 SW2 SW3 and CHK.
    if (len < min_body + 1 || 7 + len > kMaxFrame) {
        return fail(FrameError::BadLength);
    }
    if (bytes.size() < 7 + len) {
        return fail(FrameError::Truncated);
    }
    return 7 + len;
}

Result<Reply, FrameError> decode(std::span<const std::uint8_t> f) {
    if (xor_of(f.subspan(5, f.size() - 6)) != f.back()) {
        return fail(FrameError::BadChecksum);
    }
    Reply r;
    r.sw1 = f[7];
    r.sw2 = f[8];
    r.sw3 = f[9];
    r.data.assign(f.begin() + 10, f.end() - 1);
    return r;
}

}  // namespace

std::string_view describe(std::uint8_t sw3) {
    switch (static_cast<Sw3>(sw3)) {
        case Sw3::Success:
            return "success";
        case Sw3::CardFound:
            return "card-found";
        case Sw3::NoCard:
            return "no-card";
        case Sw3::SelectFailed:
            return "select-failed";
        case Sw3::ReadFailed:
            return "read-failed";
        case Sw3::NoSuchItem:
            return "no-such-item";
        case Sw3::BadChecksum:
            return "bad-checksum";
        case Sw3::BadLength:
            return "bad-length";
        case Sw3::UnknownCommand:
            return "unknown-command";
        case Sw3::Unauthorised:
            return "unauthorised";
        case Sw3::Unrecognised:
            return "unrecognised";
        case Sw3::CardAuthFailed:
            return "card-auth-failed";
        case Sw3::InfoCheckFailed:
            return "info-check-failed";
        case Sw3::CardCheckFailed:
            return "card-check-failed";
        case Sw3::UnknownCardType:
            return "unknown-card-type";
        case Sw3::RandomFailed:
            return "random-failed";
        case Sw3::SamSelfTestFailed:
            return "sam-self-test-failed";
        case Sw3::SamNotAuthorised:
            return "sam-not-authorised";
    }
    static constexpr const char* kHex = "0123456789ABCDEF";
    static thread_local char unknown[] = "sw3-XX";
    unknown[4] = kHex[sw3 >> 4];
    unknown[5] = kHex[sw3 & 0xF];
    return unknown;
}

std::string_view code(FrameError error) {
    switch (error) {
        case FrameError::NoPreamble:
            return "no-preamble";
        case FrameError::Truncated:
            return "truncated";
        case FrameError::BadLength:
            return "bad-length";
        case FrameError::BadChecksum:
            return "bad-checksum";
    }
    return "unknown";
}

Bytes encode(Command command, std::span<const std::uint8_t> data) {
    Bytes body{command.cmd, command.para};
    body.insert(body.end(), data.begin(), data.end());
    return frame(body);
}

Bytes encode_reply(std::uint8_t sw3, std::span<const std::uint8_t> data, std::uint8_t sw1,
                   std::uint8_t sw2) {
    Bytes body{sw1, sw2, sw3};
    body.insert(body.end(), data.begin(), data.end());
    return frame(body);
}

Result<Reply, FrameError> parse_reply(std::span<const std::uint8_t> bytes) {
    const std::size_t at = find_preamble(bytes);
    if (at == bytes.size()) {
        return fail(FrameError::NoPreamble);
    }
    const auto rest = bytes.subspan(at);
    auto size = measure(rest);
    if (!size) {
        return fail(size.error());
    }
    return decode(rest.first(*size));
}

void FrameReader::feed(std::span<const std::uint8_t> bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Result<Bytes, FrameError>> FrameReader::next_body() {
    auto drop = [&](std::size_t n) {
        skipped_ += n;
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    };
    const std::size_t at = find_preamble(buffer_);
    if (at == buffer_.size()) {
        // No preamble: keep what could be the start of one.
        drop(buffer_.size() > 4 ? buffer_.size() - 4 : 0);
        return std::nullopt;
    }
    drop(at);
    auto size = measure(buffer_, min_body_);
    if (!size) {
        if (size.error() == FrameError::Truncated) {
            return std::nullopt;
        }
        drop(1);  // a bad LEN: look for the next preamble
        return Result<Bytes, FrameError>(fail(size.error()));
    }
    const auto f = std::span(buffer_).first(*size);
    if (xor_of(f.subspan(5, f.size() - 6)) != f.back()) {
        drop(1);
        return Result<Bytes, FrameError>(fail(FrameError::BadChecksum));
    }
    Bytes body(f.begin() + 7, f.end() - 1);
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(*size));
    return Result<Bytes, FrameError>(std::move(body));
}

std::optional<Result<Reply, FrameError>> FrameReader::next() {
    auto body = next_body();
    if (!body) {
        return std::nullopt;
    }
    if (!*body) {
        return Result<Reply, FrameError>(fail(body->error()));
    }
    const Bytes& b = body->value();
    Reply r;
    r.sw1 = b[0];
    r.sw2 = b[1];
    r.sw3 = b[2];
    r.data.assign(b.begin() + 3, b.end());
    return Result<Reply, FrameError>(std::move(r));
}

}  // namespace jiayi::drivers::idcard
