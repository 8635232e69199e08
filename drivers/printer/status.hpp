#pragma once
// What a printer says about itself (escpos.md, "real-time status"): DLE EOT
// 1, 2 and 4, one byte each, shaped 0xx1xx10. No answer, or a byte of the
// wrong shape, is Unknown — never "fine".

#include <cstdint>
#include <optional>
#include <string>

namespace jiayi::drivers::printer {

enum class Paper { Ok, NearEnd, Out, Unknown };

struct Status {
    bool known = false;  // every answer came back well-formed
    bool offline = false;
    bool cover_open = false;
    bool error = false;
    Paper paper = Paper::Unknown;

    // Ready for a receipt: known, online, cover shut, no error, paper in.
    bool ready() const {
        return known && !offline && !cover_open && !error &&
               (paper == Paper::Ok || paper == Paper::NearEnd);
    }
    bool operator==(const Status&) const = default;
};

// The three requests, in the order they are asked.
inline constexpr std::uint8_t kStatusRequests[] = {1, 2, 4};

// Whether `byte` has the fixed bits of a status answer.
constexpr bool well_formed(std::uint8_t byte) {
    return (byte & 0x93) == 0x12;
}

// The status from the three answers (nullopt = no answer to that request).
Status decode_status(std::optional<std::uint8_t> printer, std::optional<std::uint8_t> offline_cause,
                     std::optional<std::uint8_t> paper);

// "ready", "paper out", "cover open", "offline", "error", "unknown" — for logs
// and `jiayi printer status`; several problems are joined with ", ".
std::string describe_status(const Status& status);

}  // namespace jiayi::drivers::printer
