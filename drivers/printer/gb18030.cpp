#include "drivers/printer/gb18030.hpp"

#include <iconv.h>

#include <map>
#include <memory>
#include <utility>

namespace jiayi::drivers::printer {

namespace {

// glibc's converters, opened once per thread and kept: opening one loads a
// gconv module (≈0.2 ms for GB2312), and receipts convert character by character.
class Converter {
  public:
    Converter(const char* to, const char* from) : cd_(::iconv_open(to, from)) {}
    ~Converter() {
        if (ok()) {
            ::iconv_close(cd_);
        }
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const { return cd_; }

  private:
    iconv_t cd_;
};

iconv_t converter(const char* to, const char* from) {
    thread_local std::map<std::pair<std::string, std::string>, std::unique_ptr<Converter>> open;
    auto& slot = open[{to, from}];
    if (!slot) {
        slot = std::make_unique<Converter>(to, from);
    }
    return slot->ok() ? slot->get() : reinterpret_cast<iconv_t>(-1);
}

// One conversion; nullopt when any input is unconvertible.
std::optional<std::string> convert(const char* to, const char* from, std::string_view in) {
    iconv_t cd = converter(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return std::nullopt;
    }
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
    std::string out(in.size() * 4 + 8, '\0');
    std::string input(in);
    char* src = input.data();
    std::size_t src_left = input.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    const std::size_t done = ::iconv(cd, &src, &src_left, &dst, &dst_left);
    if (done == static_cast<std::size_t>(-1) || src_left != 0) {
        return std::nullopt;
    }
    out.resize(out.size() - dst_left);
    return out;
}

std::string utf32le(char32_t cp) {
    std::string s(4, '\0');
    for (std::size_t i = 0; i < 4; ++i) {
        s[i] = static_cast<char>((cp >> (8 * i)) & 0xFF);
    }
    return s;
}

const char* iconv_name(FontSet set) {
    switch (set) {
        case FontSet::Gb2312:
            return "GB2312";
        case FontSet::Gbk:
            return "GBK";
        case FontSet::Gb18030:
            break;
    }
    return "GB18030";
}

}  // namespace

std::optional<FontSet> font_set_from_code(std::string_view code) {
    if (code == "gb2312") {
        return FontSet::Gb2312;
    }
    if (code == "gbk") {
        return FontSet::Gbk;
    }
    if (code == "gb18030") {
        return FontSet::Gb18030;
    }
    return std::nullopt;
}

std::string_view code(FontSet set) {
    switch (set) {
        case FontSet::Gb2312:
            return "gb2312";
        case FontSet::Gbk:
            return "gbk";
        case FontSet::Gb18030:
            break;
    }
    return "gb18030";
}

std::optional<std::string> gb18030(char32_t cp) {
    if (cp < 0x80) {
        return std::string(1, static_cast<char>(cp));
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return std::nullopt;
    }
    return convert("GB18030", "UTF-32LE", utf32le(cp));
}

bool printable(char32_t cp, FontSet set) {
    if (cp >= 0x20 && cp < 0x7F) {
        return true;
    }
    if (cp < 0x80) {
        return false;  // control characters are commands, not text
    }
    const auto bytes = gb18030(cp);
    if (!bytes || bytes->size() != 2) {
        return false;  // four-byte GB18030: outside every printer font we know
    }
    if (set == FontSet::Gb18030) {
        return true;
    }
    return convert(iconv_name(set), "UTF-32LE", utf32le(cp)).has_value();
}

std::string to_gb18030(std::u32string_view text) {
    std::string out;
    for (char32_t cp : text) {
        out += gb18030(cp).value_or("?");
    }
    return out;
}

std::u32string from_gb18030(std::string_view bytes) {
    std::u32string out;
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    while (i < bytes.size()) {
        const unsigned char b0 = byte(i);
        std::size_t length = 0;
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        if (b0 >= 0x81 && b0 <= 0xFE && i + 1 < bytes.size()) {
            const unsigned char b1 = byte(i + 1);
            if ((b1 >= 0x40 && b1 <= 0x7E) || (b1 >= 0x80 && b1 <= 0xFE)) {
                length = 2;
            } else if (b1 >= 0x30 && b1 <= 0x39 && i + 3 < bytes.size() && byte(i + 2) >= 0x81 &&
                       byte(i + 2) <= 0xFE && byte(i + 3) >= 0x30 && byte(i + 3) <= 0x39) {
                length = 4;
            }
        }
        if (length == 0) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        const auto u = convert("UTF-32LE", "GB18030", bytes.substr(i, length));
        if (u && u->size() == 4) {
            char32_t cp = 0;
            for (std::size_t k = 0; k < 4; ++k) {
                cp |= static_cast<char32_t>(static_cast<unsigned char>((*u)[k])) << (8 * k);
            }
            out.push_back(cp);
        } else {
            out.push_back(0xFFFD);
        }
        i += length;
    }
    return out;
}

}  // namespace jiayi::drivers::printer
