#pragma once
// UTF-8 to code points and back. Bad bytes become U+FFFD, one per bad byte,
// so a broken string still shows where it broke.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiayi::text {

inline constexpr char32_t kReplacement = 0xFFFD;

// One code point read at in[at], and how many bytes it took.
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0;
};

// The code point at in[at], for at < in.size(); nullopt when the bytes
// there are not well-formed UTF-8: a byte that cannot start a code point, a
// sequence cut short or broken by a byte that does not continue it, an
// overlong form, a surrogate, or past U+10FFFF.
inline std::optional<CodePoint> code_point_at(std::string_view in, std::size_t at) {
    const auto b0 = static_cast<std::uint8_t>(in[at]);
    if (b0 < 0x80) {
        return CodePoint{b0, 1};
    }
    std::size_t extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return std::nullopt;
    }
    if (at + extra >= in.size()) {  // cut short
        return std::nullopt;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto b = static_cast<std::uint8_t>(in[at + k]);
        if ((b & 0xC0) != 0x80) {
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    return CodePoint{cp, extra + 1};
}

inline std::u32string decode_utf8(std::string_view in) {
    std::u32string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        if (const auto cp = code_point_at(in, i)) {
            out.push_back(cp->value);
            i += cp->length;
        } else {
            out.push_back(kReplacement);
            ++i;
        }
    }
    return out;
}

// Where `in` stops being well-formed UTF-8 (code_point_at), nullopt when it is.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view in) {
    std::size_t i = 0;
    while (i < in.size()) {
        const auto cp = code_point_at(in, i);
        if (!cp) {
            return i;
        }
        i += cp->length;
    }
    return std::nullopt;
}

inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

inline std::string encode_utf8(std::u32string_view in) {
    std::string out;
    for (char32_t cp : in) {
        append_utf8(out, cp);
    }
    return out;
}

}  // namespace jiayi::text
