// parse_reply on any bytes: a reply it accepts re-encodes to the same frame
// (from its preamble on), and an error is one of the four reasons.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "drivers/idcard/sam_frame.hpp"

using namespace jiayi::drivers::idcard;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    auto reply = parse_reply(bytes);
    if (!reply.ok()) {
        if (code(reply.error()) == "unknown") {
            std::abort();
        }
        return 0;
    }
    const Bytes frame = encode_reply(reply->sw3, reply->data, reply->sw1, reply->sw2);
    if (frame.size() > kMaxFrame) {
        std::abort();
    }
    const auto at =
        std::search(bytes.begin(), bytes.end(), std::begin(kPreamble), std::end(kPreamble));
    if (static_cast<std::size_t>(bytes.end() - at) < frame.size() ||
        !std::equal(frame.begin(), frame.end(), at)) {
        std::abort();
    }
    (void)describe(reply->sw3);
    return 0;
}
