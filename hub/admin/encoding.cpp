#include "hub/admin/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>

#include "common/utf8.hpp"

namespace jiayi::hub::admin {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// The physical line of a byte, counted as the CSV reader counts: CRLF, LF and
// a lone CR each end a line.
int line_at(std::string_view bytes, std::size_t offset) {
    int line = 1;
    for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n' ||
            (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))) {
            ++line;
        }
    }
    return line;
}

// One iconv conversion descriptor, closed always.
class Converter {
  public:
    Converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
    ~Converter() {
        if (valid()) {
            iconv_close(cd_);
        }
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    bool valid() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

    // The whole input converted, or the offset of the byte that stopped it
    // (an invalid sequence, or one cut short by the end of the input).
    Result<std::string, std::size_t> convert(std::string_view in) {
        if (!valid()) {
            return fail(std::size_t{0});
        }
        std::string out;
        // iconv's API takes non-const pointers; it does not write the input.
        char* src = const_cast<char*>(in.data());
        std::size_t src_left = in.size();
        char buffer[4096];
        while (src_left > 0) {
            char* dst = buffer;
            std::size_t dst_left = sizeof buffer;
            const std::size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
            out.append(buffer, static_cast<std::size_t>(dst - buffer));
            if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) {
                return fail(in.size() - src_left);
            }
        }
        return out;
    }

  private:
    iconv_t cd_;
};

std::string_view strip_bom(std::string_view text) {
    return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}

}  // namespace

std::optional<Encoding> encoding_from_name(std::string_view text) {
    const std::string n = lower(text);
    if (n == "auto") {
        return Encoding::Auto;
    }
    if (n == "utf-8" || n == "utf8") {
        return Encoding::Utf8;
    }
    if (n == "gb18030") {
        return Encoding::Gb18030;
    }
    return std::nullopt;
}

std::string_view name(Encoding encoding) {
    switch (encoding) {
        case Encoding::Auto:
            return "auto";
        case Encoding::Utf8:
            return "UTF-8";
        case Encoding::Gb18030:
            return "GB18030";
    }
    return "auto";
}

Result<std::string, std::size_t> gb18030_to_utf8(std::string_view bytes) {
    Converter converter("UTF-8", "GB18030");
    return converter.convert(bytes);
}

Result<std::string, std::size_t> utf8_to_gb18030(std::string_view utf8) {
    Converter converter("GB18030", "UTF-8");
    return converter.convert(utf8);
}

Result<DecodedText, EncodingError> decode_text(std::string_view bytes, Encoding encoding) {
    const auto bad_utf8 =
        encoding == Encoding::Gb18030 ? std::nullopt : text::first_invalid_utf8(bytes);
    if (encoding != Encoding::Gb18030 && !bad_utf8) {
        return DecodedText{std::string(strip_bom(bytes)), Encoding::Utf8};
    }
    if (encoding == Encoding::Utf8) {
        const int line = line_at(bytes, bad_utf8.value_or(bytes.size()));
        return fail(
            EncodingError{line, "line " + std::to_string(line) + ": bytes that are not UTF-8"});
    }
    auto converted = gb18030_to_utf8(bytes);
    if (converted) {
        // GB18030 has a byte-order mark of its own (84 31 95 33); iconv
        // turns it into U+FEFF.
        return DecodedText{std::string(strip_bom(converted.value())), Encoding::Gb18030};
    }
    const int gb_line = line_at(bytes, converted.error());
    if (encoding == Encoding::Gb18030) {
        return fail(EncodingError{
            gb_line, "line " + std::to_string(gb_line) + ": bytes that are not GB18030"});
    }
    // Neither reads the file: the encoding that read further is the likelier
    // one (a UTF-8 file with one broken byte fails as GB18030 at its first
    // Chinese character, and a GB18030 file fails as UTF-8 likewise).
    const std::size_t utf8_end = bad_utf8.value_or(bytes.size());
    const bool utf8_further = utf8_end >= converted.error();
    const int line = utf8_further ? line_at(bytes, utf8_end) : gb_line;
    return fail(
        EncodingError{line, "line " + std::to_string(line) + ": bytes that are not " +
                                (utf8_further ? "UTF-8" : "GB18030") +
                                " (the file is neither UTF-8 nor GB18030; try --encoding)"});
}

}  // namespace jiayi::hub::admin
