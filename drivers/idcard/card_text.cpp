#include "drivers/idcard/card_text.hpp"

#include <array>

namespace jiayi::drivers::idcard {

namespace {

constexpr std::size_t kBlock = 256;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The field at [offset, offset + size) of the block, as trimmed UTF-8.
std::string field(std::span<const std::uint8_t> block, std::size_t offset, std::size_t size) {
    return ucs2le_to_utf8(block.subspan(offset, size));
}

constexpr std::array<std::string_view, 56> kNations = {
    "汉",     "蒙古",   "回",       "藏",     "维吾尔",   "苗",   "彝",     "壮",
    "布依",   "朝鲜",   "满",       "侗",     "瑶",       "白",   "土家",   "哈尼",
    "哈萨克", "傣",     "黎",       "傈僳",   "佤",       "畲",   "高山",   "拉祜",
    "水",     "东乡",   "纳西",     "景颇",   "柯尔克孜", "土",   "达斡尔", "仫佬",
    "羌",     "布朗",   "撒拉",     "毛南",   "仡佬",     "锡伯", "阿昌",   "普米",
    "塔吉克", "怒",     "乌孜别克", "俄罗斯", "鄂温克",   "德昂", "保安",   "裕固",
    "京",     "塔塔尔", "独龙",     "鄂伦春", "赫哲",     "门巴", "珞巴",   "基诺"};

}  // namespace

std::string ucs2le_to_utf8(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        std::uint32_t unit = bytes[i] | (std::uint32_t{bytes[i + 1]} << 8);
        // A surrogate pair, should a card ever carry one.
        if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
            const std::uint32_t low = bytes[i + 2] | (std::uint32_t{bytes[i + 3]} << 8);
            if (low >= 0xDC00 && low < 0xE000) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        if (unit >= 0xD800 && unit < 0xE000) {
            unit = 0xFFFD;  // a lone surrogate is not a character
        }
        append_utf8(out, unit);
    }
    const auto first = out.find_first_not_of(std::string_view(" \0", 2));
    if (first == std::string::npos) {
        return {};
    }
    const auto last = out.find_last_not_of(std::string_view(" \0", 2));
    return out.substr(first, last - first + 1);
}

std::string_view code(TextError error) {
    switch (error) {
        case TextError::WrongSize:
            return "wrong-size";
        case TextError::UnknownType:
            return "unknown-card-type";
        case TextError::NoNumber:
            return "no-number";
        case TextError::ShortReply:
            return "short-reply";
    }
    return "unknown";
}

std::string_view code(CardType type) {
    switch (type) {
        case CardType::Resident:
            return "resident-id";
        case CardType::HmtPermit:
            return "hmt-permit";
        case CardType::Foreigner2017:
            return "foreigner-2017";
        case CardType::Foreigner2023:
            return "foreigner-2023";
    }
    return "unknown";
}

std::string_view sex_name(std::string_view code) {
    if (code == "1") {
        return "male";
    }
    if (code == "2") {
        return "female";
    }
    if (code == "9") {
        return "unspecified";
    }
    return "unknown";
}

std::optional<std::string_view> nation_name(std::string_view code) {
    if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') {
        return std::nullopt;
    }
    const int n = (code[0] - '0') * 10 + (code[1] - '0');
    if (n >= 1 && n <= 56) {
        return kNations[static_cast<std::size_t>(n - 1)];
    }
    if (n == 97) {
        return "其他";
    }
    if (n == 98) {
        return "外国血统中国籍人士";
    }
    return std::nullopt;
}

Result<CardText, TextError> parse_card_text(std::span<const std::uint8_t> b) {
    if (b.size() != kBlock) {
        return fail(TextError::WrongSize);
    }
    CardText t;
    const std::uint8_t type = b[248];
    switch (type) {
        case ' ':
        case 'J':
            t.type = type == ' ' ? CardType::Resident : CardType::HmtPermit;
            t.name = field(b, 0, 30);
            t.sex_code = field(b, 30, 2);
            if (type == ' ') {
                t.nation_code = field(b, 32, 4);
            }
            t.birth = field(b, 36, 16);
            t.address = field(b, 52, 70);
            t.number = field(b, 122, 36);
            t.authority = field(b, 158, 30);
            t.valid_from = field(b, 188, 16);
            t.valid_to = field(b, 204, 16);
            if (type == 'J') {
                t.permit_number = field(b, 220, 18);
                t.issue_count = field(b, 238, 4);
            }
            break;
        case 'I':
            t.type = CardType::Foreigner2017;
            t.english_name = field(b, 0, 120);
            t.sex_code = field(b, 120, 2);
            t.number = field(b, 122, 30);
            t.nationality = field(b, 152, 6);
            t.name = field(b, 158, 30);
            t.valid_from = field(b, 188, 16);
            t.valid_to = field(b, 204, 16);
            t.birth = field(b, 220, 16);
            t.card_version = field(b, 236, 4);
            t.office_code = field(b, 240, 8);
            break;
        case 'Y': {
            t.type = CardType::Foreigner2023;
            t.name = field(b, 0, 30);
            t.sex_code = field(b, 30, 2);
            t.renewal_count = field(b, 32, 4);
            t.birth = field(b, 36, 16);
            // The English name runs on from its first field into its second:
            // joined before trimming, so a space at the seam survives.
            Bytes name(b.begin() + 52, b.begin() + 122);
            name.insert(name.end(), b.begin() + 220, b.begin() + 242);
            t.english_name = ucs2le_to_utf8(name);
            t.number = field(b, 122, 36);
            t.valid_from = field(b, 188, 16);
            t.valid_to = field(b, 204, 16);
            t.nationality = field(b, 242, 6);
            t.old_number = field(b, 250, 6);
            break;
        }
        default:
            return fail(TextError::UnknownType);
    }
    if (t.valid_to == "长期") {
        t.long_term = true;
        t.valid_to.clear();
    }
    if (t.number.empty()) {
        return fail(TextError::NoNumber);
    }
    return t;
}

std::vector<std::string> parse_appended_addresses(std::span<const std::uint8_t> data) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at + 70 <= data.size() && out.size() < 4; at += 70) {
        if (auto address = ucs2le_to_utf8(data.subspan(at, 70)); !address.empty()) {
            out.push_back(std::move(address));
        }
    }
    return out;
}

Result<TextAndPhoto, TextError> split_read_reply(std::span<const std::uint8_t> data) {
    if (data.size() < 4) {
        return fail(TextError::ShortReply);
    }
    const std::size_t tl = (std::size_t{data[0]} << 8) | data[1];
    const std::size_t pl = (std::size_t{data[2]} << 8) | data[3];
    if (data.size() < 4 + tl + pl) {
        return fail(TextError::ShortReply);
    }
    TextAndPhoto out;
    out.text.assign(data.begin() + 4, data.begin() + 4 + static_cast<std::ptrdiff_t>(tl));
    out.photo.assign(data.begin() + 4 + static_cast<std::ptrdiff_t>(tl),
                     data.begin() + 4 + static_cast<std::ptrdiff_t>(tl + pl));
    return out;
}

}  // namespace jiayi::drivers::idcard
