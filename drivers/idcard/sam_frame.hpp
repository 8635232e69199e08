#pragma once
// The SAM frame (../shared/protocols/idcard-sam.md, "Frames"): every Chinese
// second-generation ID card reader speaks it, over serial or USB.
//
//   host → reader:  AA AA AA 96 69 | LEN(2, BE) | CMD PARA [DATA] | CHK
//   reader → host:  AA AA AA 96 69 | LEN(2, BE) | SW1 SW2 SW3 [DATA] | CHK
//
// LEN counts every byte after itself, CHK included; CHK is the XOR of every
// byte after the preamble except itself. The result is SW3 alone.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace jiayi::drivers::idcard {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint8_t kPreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
// The largest real reply is 2321 bytes (text + photo + fingerprint); a LEN
// beyond this is garbage, never a reason to wait for more.
inline constexpr std::size_t kMaxFrame = 2321;

// The commands (protocol, "Commands").
struct Command {
    std::uint8_t cmd;
    std::uint8_t para;
};
inline constexpr Command kResetSam{0x10, 0xFF};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kSamId{0x12, 0xFF};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadText{0x30, 0x01};
inline constexpr Command kReadAddress{0x30, 0x03};

// SW3 (protocol, the table under "Frames").
enum class Sw3 : std::uint8_t {
    Success = 0x90,
    CardFound = 0x9F,
    NoCard = 0x80,
    SelectFailed = 0x81,
    ReadFailed = 0x41,  // the card moved away mid-read
    NoSuchItem = 0x91,  // e.g. no appended address
    BadChecksum = 0x10,
    BadLength = 0x11,
    UnknownCommand = 0x21,
    Unauthorised = 0x23,
    Unrecognised = 0x24,
    CardAuthFailed = 0x31,
    InfoCheckFailed = 0x32,
    CardCheckFailed = 0x33,
    UnknownCardType = 0x40,
    RandomFailed = 0x47,
    SamSelfTestFailed = 0x60,  // the reader is unusable
    SamNotAuthorised = 0x66,
};

// A stable word for SW3 ("success", "no-card", … or "sw3-XX" when unknown).
std::string_view describe(std::uint8_t sw3);

struct Reply {
    std::uint8_t sw1 = 0;
    std::uint8_t sw2 = 0;
    std::uint8_t sw3 = 0;
    Bytes data;
    bool is(Sw3 s) const { return sw3 == static_cast<std::uint8_t>(s); }
};

enum class FrameError {
    NoPreamble,   // no preamble in the bytes
    Truncated,    // fewer bytes than LEN promises
    BadLength,    // LEN too small for a reply, or beyond kMaxFrame
    BadChecksum,  // XOR does not match
};
std::string_view code(FrameError error);

// The request bytes for a command, with its checksum.
Bytes encode(Command command, std::span<const std::uint8_t> data = {});
// A reply frame, as a reader sends it (for simulators and tests).
Bytes encode_reply(std::uint8_t sw3, std::span<const std::uint8_t> data = {}, std::uint8_t sw1 = 0,
                   std::uint8_t sw2 = 0);

// One whole reply frame (the preamble may follow leading garbage).
Result<Reply, FrameError> parse_reply(std::span<const std::uint8_t> bytes);

// Frames out of a byte stream, as a transport reads it: garbage before a
// preamble is skipped, a frame with a bad LEN or checksum is reported and
// its first byte dropped so that the next preamble is found.
class FrameReader {
  public:
    // `min_body`: the fewest bytes a frame's body holds (replies: SW1 SW2 SW3;
    // requests, read by the simulator: CMD PARA).
    explicit FrameReader(std::size_t min_body = 3) : min_body_(min_body) {}
    void feed(std::span<const std::uint8_t> bytes);
    // The next complete reply or error; nullopt until more bytes arrive.
    std::optional<Result<Reply, FrameError>> next();
    // The next frame's body (between LEN and CHK), for requests.
    std::optional<Result<Bytes, FrameError>> next_body();
    // How many bytes were thrown away as garbage so far.
    std::size_t skipped() const { return skipped_; }
    std::size_t buffered() const { return buffer_.size(); }

  private:
    std::size_t min_body_;
    Bytes buffer_;
    std::size_t skipped_ = 0;
};

}  // namespace jiayi::drivers::idcard
