#include "drivers/printer/commands.hpp"

#include <algorithm>

namespace jiayi::drivers::printer {

namespace {

using enum Family;
using enum Shape;

constexpr std::array<Command, 17> kCommands = {{
    {Op::LineFeed, Position, "line feed", {0x0A}, 0, Fixed},
    {Op::CarriageReturn, Position, "carriage return", {0x0D}, 0, Fixed},
    {Op::Initialise, Mode, "initialise", {0x1B, 0x40}, 0, Fixed},
    {Op::ChineseOn, Mode, "Chinese mode on", {0x1C, 0x26}, 0, Fixed},
    {Op::ChineseOff, Mode, "Chinese mode off", {0x1C, 0x2E}, 0, Fixed},
    {Op::Bold, Mode, "bold", {0x1B, 0x45}, 1, Fixed},
    {Op::Size, Mode, "size", {0x1D, 0x21}, 1, Fixed},
    {Op::Align, Position, "align", {0x1B, 0x61}, 1, Fixed},
    {Op::Feed, Position, "feed n lines", {0x1B, 0x64}, 1, Fixed},
    {Op::Qr, Family::Qr, "QR", {0x1D, 0x28, 0x6B}, 2, Counted},
    {Op::OtherFunction, Unsupported, "function", {0x1D, 0x28}, 3, Counted},
    {Op::Raster, Family::Raster, "raster image", {0x1D, 0x76, 0x30}, 5, Rows},
    {Op::Cut, Family::Cut, "cut", {0x1D, 0x56}, 1, Fixed},
    {Op::FeedAndCutFull, Family::Cut, "feed and cut", {0x1D, 0x56, 0x41}, 1, Fixed},
    {Op::FeedAndCutPartial, Family::Cut, "feed and partial cut", {0x1D, 0x56, 0x42}, 1, Fixed},
    {Op::RealTimeStatus, Status, "real-time status", {0x10, 0x04}, 1, Fixed},
    {Op::TransmitStatus, Status, "transmit status", {0x1D, 0x72}, 1, Fixed},
}};

constexpr bool in_op_order() {
    for (std::size_t i = 0; i < kCommands.size(); ++i) {
        if (static_cast<std::size_t>(kCommands[i].op) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_op_order(), "command(op) indexes the table by Op");

std::size_t little_endian(std::span<const std::uint8_t> two) {
    return two[0] | (static_cast<std::size_t>(two[1]) << 8);
}

}  // namespace

std::span<const Command> commands() {
    return kCommands;
}

const Command& command(Op op) {
    return kCommands[static_cast<std::size_t>(op)];
}

Parsed parse(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) {
        return {};
    }
    const Command* best = nullptr;
    bool starts_a_command = false;
    bool could_be_longer = false;
    for (const Command& c : kCommands) {
        const std::span<const std::uint8_t> prefix = c.prefix.view();
        if (prefix[0] != bytes[0]) {
            continue;
        }
        starts_a_command = true;
        const std::size_t n = std::min(prefix.size(), bytes.size());
        if (!std::equal(prefix.begin(), prefix.begin() + static_cast<std::ptrdiff_t>(n),
                        bytes.begin())) {
            continue;
        }
        if (bytes.size() < prefix.size()) {
            could_be_longer = true;
        } else if (best == nullptr || prefix.size() > best->prefix.size) {
            best = &c;
        }
    }
    if (!starts_a_command) {
        return {Parsed::Kind::Text, nullptr, {}, {}, 1};
    }
    if (could_be_longer) {
        return {};
    }
    if (best == nullptr) {
        return {Parsed::Kind::Unknown, nullptr, {}, {}, 2};
    }
    const std::size_t header_end = best->prefix.size + best->header;
    if (bytes.size() < header_end) {
        return {};
    }
    const std::span<const std::uint8_t> header = bytes.subspan(best->prefix.size, best->header);
    std::size_t data_size = 0;
    switch (best->shape) {
        case Fixed:
            break;
        case Counted:
            data_size = little_endian(header.last(2));
            break;
        case Rows:
            data_size = little_endian(header.last(4).first(2)) * little_endian(header.last(2));
            break;
    }
    if (bytes.size() - header_end < data_size) {
        return {};
    }
    return {Parsed::Kind::Command, best, header, bytes.subspan(header_end, data_size),
            header_end + data_size};
}

}  // namespace jiayi::drivers::printer
