// FrameReader on a byte stream cut into arbitrary pieces
// (../shared/protocols/idcard-sam.md, "Frames"): whatever the bytes and
// wherever the cuts fall, the frames and errors that come out are the same as
// when the whole stream arrives at once, every frame read re-encodes to a
// frame that parses back to itself, and the reader never holds more than one
// frame's worth of bytes.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "drivers/idcard/sam_frame.hpp"

using namespace jiayi::drivers::idcard;

namespace {

struct Seen {
    bool ok;
    FrameError error;
    Bytes body;
    bool operator==(const Seen&) const = default;
};

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void drain(FrameReader& reader, std::vector<Seen>& seen, std::size_t min_body) {
    while (auto next = reader.next_body()) {
        if (next->ok()) {
            const Bytes& body = next->value();
            check(body.size() >= min_body);
            seen.push_back({true, FrameError::NoPreamble, body});
        } else {
            seen.push_back({false, next->error(), {}});
        }
    }
    // No preamble: at most its first four bytes kept; else less than a frame.
    check(reader.buffered() < kMaxFrame);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    // The first byte picks the kind of frame (replies or requests), the
    // second seeds the cuts; the rest is the stream.
    const std::size_t min_body = (data[0] & 1) != 0 ? 3 : 2;
    unsigned cut_seed = data[1];
    const std::span<const std::uint8_t> stream(data + 2, size - 2);

    FrameReader whole(min_body);
    std::vector<Seen> at_once;
    whole.feed(stream);
    drain(whole, at_once, min_body);

    FrameReader pieces(min_body);
    std::vector<Seen> in_pieces;
    for (std::size_t at = 0; at < stream.size();) {
        cut_seed = cut_seed * 1103515245u + 12345u;
        const std::size_t n = std::min<std::size_t>(1 + (cut_seed >> 16) % 64, stream.size() - at);
        pieces.feed(stream.subspan(at, n));
        drain(pieces, in_pieces, min_body);
        at += n;
    }
    check(at_once == in_pieces);
    check(whole.skipped() == pieces.skipped());

    // A reply read from the stream re-encodes to a frame that reads back the same.
    if (min_body == 3) {
        FrameReader replies;
        replies.feed(stream);
        while (auto next = replies.next()) {
            if (!next->ok()) {
                continue;
            }
            const Reply& r = next->value();
            auto again = parse_reply(encode_reply(r.sw3, r.data, r.sw1, r.sw2));
            check(again.ok());
            check(again->sw1 == r.sw1 && again->sw2 == r.sw2 && again->sw3 == r.sw3);
            check(again->data == r.data);
            check(!describe(r.sw3).empty());
        }
    }
    return 0;
}
