#pragma once
// A camera frame size, "WIDTHxHEIGHT", as the configuration names it and the
// V4L2 camera asks for it: read once, here, for both.

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace jiayi {

struct FrameSize {
    int width = 1280;
    int height = 720;
};

inline constexpr FrameSize kMinFrameSize{160, 120};
inline constexpr FrameSize kMaxFrameSize{4096, 2160};

// "1280x720" → a size within kMinFrameSize … kMaxFrameSize; nullopt for
// anything else. Digits only: sscanf's %d skipped spaces and a sign and let
// "4294967936" wrap to 640.
inline std::optional<FrameSize> parse_frame_size(std::string_view text) {
    auto number = [](std::string_view digits, int& out) {
        const char* end = digits.data() + digits.size();
        const auto [stop, ec] = std::from_chars(digits.data(), end, out);
        return !digits.empty() && digits[0] != '-' && ec == std::errc() && stop == end;
    };
    const auto x = text.find('x');
    FrameSize size;
    if (x == std::string_view::npos || !number(text.substr(0, x), size.width) ||
        !number(text.substr(x + 1), size.height) || size.width < kMinFrameSize.width ||
        size.height < kMinFrameSize.height || size.width > kMaxFrameSize.width ||
        size.height > kMaxFrameSize.height) {
        return std::nullopt;
    }
    return size;
}

}  // namespace jiayi
