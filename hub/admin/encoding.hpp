#pragma once
// The bytes of an import file, as UTF-8. District spreadsheets export CSV as
// GB18030 (Excel's "CSV" on a Chinese Windows) or UTF-8, with or without a
// byte-order mark; the reader finds which, or is told (--encoding).

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace jiayi::hub::admin {

enum class Encoding { Auto, Utf8, Gb18030 };

// "auto", "utf-8"/"utf8", "gb18030" (case-insensitive).
std::optional<Encoding> encoding_from_name(std::string_view name);
std::string_view name(Encoding encoding);

// Bytes that are not text in the encoding: the physical line (1-based) where
// the first bad byte sits, and what was tried.
struct EncodingError {
    int line = 0;
    std::string message;
};

struct DecodedText {
    std::string utf8;   // without a byte-order mark
    Encoding encoding;  // the one found (never Auto)
};

// Auto: valid UTF-8 (a BOM or none) is UTF-8; anything else is tried as
// GB18030 (through glibc's iconv). When neither reads the whole file, the
// error names the encoding that read further, and the line where it stopped.
Result<DecodedText, EncodingError> decode_text(std::string_view bytes, Encoding encoding);

// GB18030 → UTF-8 through iconv; on failure, the offset of the bad byte.
Result<std::string, std::size_t> gb18030_to_utf8(std::string_view bytes);
// UTF-8 → GB18030 (the tests write district-style files with it).
Result<std::string, std::size_t> utf8_to_gb18030(std::string_view utf8);

}  // namespace jiayi::hub::admin
