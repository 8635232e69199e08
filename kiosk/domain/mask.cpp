#include "kiosk/domain/mask.hpp"

#include <vector>

namespace jiayi::domain {

namespace {

// Splits UTF-8 into code-point substrings; a malformed byte stands alone.
std::vector<std::string_view> code_points(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t n = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xE  ? 3
                        : (lead >> 3) == 0x1E ? 4
                                              : 1;
        if (i + n > text.size()) {
            n = 1;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) {
                n = 1;
                break;
            }
        }
        out.push_back(text.substr(i, n));
        i += n;
    }
    return out;
}

std::string mask_middle(std::string_view text, std::size_t head, std::size_t tail) {
    const auto points = code_points(text);
    std::string out;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const bool visible = i < head || i + tail >= points.size();
        out += visible ? std::string(points[i]) : std::string("*");
    }
    return out;
}

}  // namespace

std::string mask_name(std::string_view name) {
    const auto points = code_points(name);
    if (points.size() <= 1) {
        return std::string(points.size(), '*');
    }
    if (points.size() == 2) {
        return std::string(points[0]) + "*";
    }
    return std::string(points.front()) + "*" + std::string(points.back());
}

std::string mask_id(std::string_view number, const MaskRules& rules) {
    const auto head = static_cast<std::size_t>(rules.id_visible_head);
    const auto tail = static_cast<std::size_t>(rules.id_visible_tail);
    if (number.size() <= head + tail) {
        return std::string(number.size(), '*');
    }
    return mask_middle(number, head, tail);
}

std::string mask_phone(std::string_view digits) {
    if (digits.size() <= 7) {
        return std::string(digits.size(), '*');
    }
    return mask_middle(digits, 3, 4);
}

}  // namespace jiayi::domain
