#pragma once
// The ESC/POS commands we speak, as one table (../shared/protocols/escpos.md,
// "Commands"): each command's name, the bytes it starts with and the shape of
// what follows. The encoder (escpos.cpp) writes its commands from this table
// and our renderer (render.cpp) reads bytes back with it, so an opcode is
// spelled once. Pure: no I/O.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace jiayi::drivers::printer {

enum class Op : std::uint8_t {
    LineFeed,           // LF: print the line, then down one line
    CarriageReturn,     // CR: nothing (LF prints)
    Initialise,         // ESC @
    ChineseOn,          // FS &: text is two-byte GB18030 from here
    ChineseOff,         // FS .
    Bold,               // ESC E n
    Size,               // GS ! n
    Align,              // ESC a n
    Feed,               // ESC d n
    Qr,                 // GS ( k pL pH cn fn …: the QR functions below
    OtherFunction,      // GS ( fn pL pH …: functions we never send, skipped by their length
    Raster,             // GS v 0 m xL xH yL yH d…
    Cut,                // GS V m
    FeedAndCutFull,     // GS V A n
    FeedAndCutPartial,  // GS V B n
    RealTimeStatus,     // DLE EOT n
    TransmitStatus,     // GS r n
};

// Commands that touch the same state, each read by one handler of the
// renderer.
enum class Family : std::uint8_t {
    Mode,         // how text prints: initialise, Chinese mode, bold, size
    Position,     // where the next thing prints: line feed, alignment, feed
    Qr,           // the printer's QR code
    Raster,       // a 1-bit image
    Cut,          // the end of a sheet
    Status,       // questions the printer answers with a byte
    Unsupported,  // known only well enough to be skipped
};

// What follows a command's prefix: `header` parameter bytes always, and then
enum class Shape : std::uint8_t {
    Fixed,    // nothing
    Counted,  // as many bytes as the header's last two say (pL + pH×256)
    Rows,     // (xL + xH×256) × (yL + yH×256) bytes: the header's last four
};

struct Prefix {
    std::array<std::uint8_t, 3> bytes{};
    std::size_t size = 0;

    constexpr Prefix(std::initializer_list<std::uint8_t> list) {
        for (std::uint8_t b : list) {
            bytes[size++] = b;
        }
    }
    std::span<const std::uint8_t> view() const { return {bytes.data(), size}; }
};

struct Command {
    Op op;
    Family family;
    std::string_view name;  // as escpos.md's table calls it
    Prefix prefix;
    std::size_t header;  // parameter bytes right after the prefix
    Shape shape;
};

// Every command, in the order of Op.
std::span<const Command> commands();
const Command& command(Op op);

// GS ( k with cn = 31: the QR symbol's functions, the bytes after pL pH.
inline constexpr std::uint8_t kQrSymbol = 0x31;
enum class QrFunction : std::uint8_t {
    Model = 0x41,       // 31 41 n 00: n = 32, model 2
    ModuleSize = 0x43,  // 31 43 n: 1–16 dots
    Level = 0x45,       // 31 45 n: error correction, 30–33 (QrLevel)
    Store = 0x50,       // 31 50 30 d…
    Print = 0x51,       // 31 51 30
};

// One command read from the front of a stream of bytes.
struct Parsed {
    enum class Kind : std::uint8_t {
        Command,     // `command` with its `header` and `data`, `size` bytes in all
        Incomplete,  // the start of a command: wait for more bytes
        Unknown,     // a command's first byte and a second no command has: `size` 2
        Text,        // not a command: a text (or stray control) byte
    };
    Kind kind = Kind::Incomplete;
    const Command* command = nullptr;
    std::span<const std::uint8_t> header;
    std::span<const std::uint8_t> data;
    std::size_t size = 0;
};

// Where prefixes overlap (GS V m and GS V B n; GS ( fn and GS ( k) the longer
// one wins.
Parsed parse(std::span<const std::uint8_t> bytes);

}  // namespace jiayi::drivers::printer
