#pragma once
// ID cards' 256-byte text blocks for made-up people (the layout of
// ../shared/protocols/idcard-sam.md): spaces everywhere, UCS-2 little-endian
// text written at a field's offset.

#include <cstdint>
#include <string>
#include <vector>

namespace jiayi::test {

struct TextBlock {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(256, 0);

    TextBlock() {
        for (std::size_t i = 0; i < bytes.size(); i += 2) {
            bytes[i] = ' ';
        }
    }
    TextBlock& put(std::size_t offset, const std::u16string& text) {
        for (char16_t c : text) {
            bytes[offset++] = static_cast<std::uint8_t>(c & 0xFF);
            bytes[offset++] = static_cast<std::uint8_t>(c >> 8);
        }
        return *this;
    }
    TextBlock& put(std::size_t offset, const std::string& ascii) {
        return put(offset, std::u16string(ascii.begin(), ascii.end()));
    }
};

// A resident ID card's block: name at 0, address at 52, number at 122.
inline std::vector<std::uint8_t> resident_card(const std::string& number,
                                               const std::u16string& name = u"测试甲",
                                               const std::u16string& address = u"示例村1号") {
    TextBlock b;
    b.put(0, name).put(52, address).put(122, number);
    return b.bytes;
}

}  // namespace jiayi::test
