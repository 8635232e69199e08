#pragma once
// A reader on USB bulk pipes (../shared/protocols/idcard-sam.md,
// "Transports"). The SAM's native USB mode splits every frame across two
// pipe pairs: the 7-byte header to EP 0x02 and the rest to EP 0x06; the
// reply's header from EP 0x81 and the rest (LEN bytes) from EP 0x85. Some
// firmware takes whole frames on one pipe pair instead (the interface's
// first bulk OUT and IN). Which one a reader speaks is configured, or found
// by asking for the SAM's status each way.
//
// Used by one thread, the reader's (see reader.hpp).

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "drivers/idcard/reader.hpp"
#include "drivers/idcard/transport.hpp"
#include "drivers/usb/bulk_device.hpp"

namespace jiayi::drivers::idcard {

// The split style's endpoints (protocol, "Transports").
inline constexpr std::uint8_t kHeaderOut = 0x02;
inline constexpr std::uint8_t kBodyOut = 0x06;
inline constexpr std::uint8_t kHeaderIn = 0x81;
inline constexpr std::uint8_t kBodyIn = 0x85;

enum class UsbPipes { Split, Single, Probe };
// "split", "single", "probe"; nullopt for anything else.
std::optional<UsbPipes> usb_pipes_from(std::string_view word);
std::string_view code(UsbPipes pipes);

class UsbTransport : public Transport {
  public:
    // `pipes`: Split or Single (Probe is for usb_reader, below).
    UsbTransport(std::unique_ptr<usb::BulkDevice> device, UsbPipes pipes);

    // A whole frame (a request as encode() builds it).
    Result<void, IoError> write(std::span<const std::uint8_t> frame) override;
    // One reply's bytes (or noise), as the reader sent them.
    Result<std::size_t, IoError> read(std::span<std::uint8_t> into,
                                      std::chrono::milliseconds timeout) override;
    std::string describe() const override;

    UsbPipes pipes() const { return pipes_; }
    void set_pipes(UsbPipes pipes) { pipes_ = pipes; }
    // Whether the interface has the four pipes the split style needs.
    bool can_split() const;
    // Reads and drops whatever the reader still had to say (after a probe,
    // whose wrong guess may have left a late answer behind).
    void drain(std::chrono::milliseconds quiet);

  private:
    Result<std::size_t, IoError> read_split(std::chrono::milliseconds timeout);
    Result<std::size_t, IoError> read_single(std::chrono::milliseconds timeout);

    std::unique_ptr<usb::BulkDevice> device_;
    UsbPipes pipes_;
    Bytes pending_;  // read from the device, not yet handed out
    // Whether an answer may still be waiting in the device that belongs to
    // no request: at first (a reply queued before a reconnection) and after
    // a read that failed or timed out. The next write drains it first, so
    // that a reply always answers the request just sent.
    bool unsettled_ = true;
};

// The pipe style a reader answers in: split first (the SAM's native mode),
// then single, each asked for the SAM's status within `timeout`; the
// transport is left in the style that answered.
Result<UsbPipes, IoError> probe_pipes(UsbTransport& transport, std::chrono::milliseconds timeout);

// The known USB readers (0400:c35a, 0316:5020), each on its vendor-class
// interface.
std::vector<usb::Match> known_usb_readers();

// A configured reader's name: "usb" (any known reader) or "usb:0400:c35a";
// nullopt when `device` names no USB reader (a serial path).
std::optional<std::vector<usb::Match>> usb_reader_matches(std::string_view device);

// A USB reader: the first of `candidates` attached, in the style `pipes`
// says (Probe: whichever answers).
Connect usb_reader(std::vector<usb::Match> candidates, UsbPipes pipes);

// The reader a configuration names: a USB one ("usb", "usb:VVVV:PPPP") or a
// serial device path at `baud` (0 probes).
Connect reader_at(const std::string& device, int baud, UsbPipes pipes);

}  // namespace jiayi::drivers::idcard
