// parse() on any bytes, as our renderer and the printer simulator read them:
// what it takes lies inside what it was given, an unknown command is two
// bytes, and a command it reads writes back to the same bytes through the
// table.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "drivers/printer/commands.hpp"

using namespace jiayi::drivers::printer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> bytes(data, size);
    while (!bytes.empty()) {
        const Parsed p = parse(bytes);
        switch (p.kind) {
            case Parsed::Kind::Incomplete:
                return 0;
            case Parsed::Kind::Text:
                if (p.size != 1) {
                    std::abort();
                }
                break;
            case Parsed::Kind::Unknown:
                if (p.size != 2 || bytes.size() < 2) {
                    std::abort();
                }
                break;
            case Parsed::Kind::Command: {
                const auto prefix = p.command->prefix.view();
                if (p.size > bytes.size() || p.header.size() != p.command->header ||
                    p.size != prefix.size() + p.header.size() + p.data.size() ||
                    !std::equal(prefix.begin(), prefix.end(), bytes.begin()) ||
                    p.header.data() != bytes.data() + prefix.size() ||
                    p.data.data() != p.header.data() + p.header.size()) {
                    std::abort();
                }
                break;
            }
        }
        bytes = bytes.subspan(p.size);
    }
    return 0;
}
