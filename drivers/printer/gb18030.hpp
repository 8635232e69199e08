#pragma once
// Text for a Chinese receipt printer: GB18030 bytes, and whether the printer's
// font can draw a character at all (escpos.md, "text encoding"). Printers hold
// a GB2312 or GBK font, or GB18030's two-byte area; anything else — a rare
// name character, a four-byte GB18030 sequence — must not be sent as text.

#include <optional>
#include <string>
#include <string_view>

namespace jiayi::drivers::printer {

enum class FontSet { Gb2312, Gbk, Gb18030 };

std::optional<FontSet> font_set_from_code(std::string_view code);
std::string_view code(FontSet set);

// The GB18030 bytes of one code point; nullopt when it has none.
std::optional<std::string> gb18030(char32_t cp);

// Whether a printer whose font is `set` draws `cp` from text bytes:
// printable ASCII always; others when the set holds them in two bytes.
bool printable(char32_t cp, FontSet set);

// UTF-8 → GB18030 for text the caller has checked with printable();
// a character without GB18030 bytes becomes '?'.
std::string to_gb18030(std::u32string_view text);

// GB18030 → code points, as a printer (or our simulator) reads them: ASCII,
// two-byte and four-byte sequences; a byte that starts nothing is U+FFFD.
std::u32string from_gb18030(std::string_view bytes);

}  // namespace jiayi::drivers::printer
