#include "kiosk/text/pinyin.hpp"

#include <algorithm>
#include <array>

namespace jiayi::text {

namespace {

// One code point of UTF-8 text at `i`, advancing `i`; U+FFFD for a broken
// sequence (which is then no Han character and refused).
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    int extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : 3;
    if ((lead & 0xC0) == 0x80 || (lead >> 3) > 0x1E) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = extra == 0   ? lead
                  : extra == 1 ? lead & 0x1F
                  : extra == 2 ? lead & 0x0F
                               : lead & 0x07;
    ++i;
    for (; extra > 0; --extra, ++i) {
        if (i >= s.size() || (byte(i) & 0xC0) != 0x80) {
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i) & 0x3F);
    }
    return cp;
}

bool is_han(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

// Where a spoken sentence pauses: espeak-ng pauses at the pinyin's ASCII
// punctuation, so the sentence's clauses and the pinyin's must agree.
bool ends_clause(char32_t c) {
    constexpr std::array<char32_t, 13> kMarks = {U'，', U'、', U'。', U'？', U'！', U'；', U'：',
                                                 U',',  U'.',  U'?',  U'!',  U';',  U':'};
    return std::find(kMarks.begin(), kMarks.end(), c) != kMarks.end();
}

// Marks a sentence may hold that are not read: quotes around a button's
// label (点“好的”), book-title marks, brackets.
bool is_silent_mark(char32_t c) {
    constexpr std::array<char32_t, 10> kMarks = {U'“',  U'”',  U'‘',  U'’',  U'《',
                                                 U'》', U'「', U'」', U'（', U'）'};
    return std::find(kMarks.begin(), kMarks.end(), c) != kMarks.end();
}

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

// Whether `base` (a syllable without its tone) is a Mandarin syllable: an
// initial and a final that go together, ü written v. Permissive where the
// tables allow (it accepts a few syllables no word uses); the espeak-ng
// test hears the rest.
bool is_syllable(std::string_view base) {
    std::string_view initial;
    for (std::string_view i : {"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g",
                               "k",  "h",  "j",  "q", "x", "r", "z", "c", "s", "y", "w"}) {
        if (base.starts_with(i)) {
            initial = i;
            break;
        }
    }
    const std::string_view final = base.substr(initial.size());
    if (initial.empty()) {
        return one_of(final,
                      {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"});
    }
    if (initial == "y") {
        return one_of(final, {"a", "o", "e", "i", "ao", "ou", "an", "in", "ang", "ing", "ong", "u",
                              "ue", "uan", "un"});
    }
    if (initial == "w") {
        return one_of(final, {"u", "a", "o", "ai", "ei", "an", "en", "ang", "eng"});
    }
    // ü written v stays only after n and l (nv3, lve4); after j, q, x it is u.
    if (final.starts_with("v") && initial != "n" && initial != "l") {
        return false;
    }
    return one_of(
        final, {"a",  "o",   "e",  "ai",  "ei", "ao",   "ou", "an",   "en",  "ang",  "eng", "ong",
                "i",  "ia",  "ie", "iao", "iu", "ian",  "in", "iang", "ing", "iong", "u",   "ua",
                "uo", "uai", "ui", "uan", "un", "uang", "v",  "ve",   "van", "vn",   "ue"});
}

}  // namespace

Result<std::vector<int>, std::string> sentence_clauses(std::string_view sentence) {
    std::vector<int> clauses;
    int count = 0;
    for (std::size_t i = 0; i < sentence.size();) {
        const char32_t c = next_code_point(sentence, i);
        if (is_han(c)) {
            ++count;
        } else if (ends_clause(c)) {
            if (count > 0) {
                clauses.push_back(count);
            }
            count = 0;
        } else if (!is_silent_mark(c)) {
            return fail("\"" + utf8(c) +
                        "\" cannot be spoken from pinyin: write numbers and letters out in Chinese "
                        "characters, and no placeholders");
        }
    }
    if (count > 0) {
        clauses.push_back(count);
    }
    return clauses;
}

Result<std::vector<int>, std::string> pinyin_clauses(std::string_view pinyin) {
    std::vector<int> clauses;
    int count = 0;
    std::size_t i = 0;
    while (i < pinyin.size()) {
        const char c = pinyin[i];
        if (c == ' ') {
            ++i;
            continue;
        }
        if (ends_clause(static_cast<unsigned char>(c))) {
            if (count > 0) {
                clauses.push_back(count);
            }
            count = 0;
            ++i;
            continue;
        }
        // A syllable: lower-case letters, then its tone.
        std::size_t end = i;
        while (end < pinyin.size() && pinyin[end] >= 'a' && pinyin[end] <= 'z') {
            ++end;
        }
        const std::string_view base = pinyin.substr(i, end - i);
        const bool toned = end < pinyin.size() && pinyin[end] >= '1' && pinyin[end] <= '5';
        std::size_t after = toned ? end + 1 : end;
        const bool separated = after == pinyin.size() || pinyin[after] == ' ' ||
                               ends_clause(static_cast<unsigned char>(pinyin[after]));
        if (base.empty() || !toned || !separated || !is_syllable(base)) {
            while (after < pinyin.size() && pinyin[after] != ' ') {
                ++after;
            }
            return fail("\"" + std::string(pinyin.substr(i, after - i)) +
                        "\" is not a tone-numbered pinyin syllable (like hao3, ma5, lv4)");
        }
        ++count;
        i = after;
    }
    if (count > 0) {
        clauses.push_back(count);
    }
    return clauses;
}

Result<void, std::string> check_pinyin(std::string_view sentence, std::string_view pinyin) {
    auto chars = sentence_clauses(sentence);
    if (!chars) {
        return fail(chars.error());
    }
    auto syllables = pinyin_clauses(pinyin);
    if (!syllables) {
        return fail(syllables.error());
    }
    const auto sum = [](const std::vector<int>& v) {
        int n = 0;
        for (int x : v) {
            n += x;
        }
        return n;
    };
    if (sum(*chars) != sum(*syllables)) {
        return fail("the sentence has " + std::to_string(sum(*chars)) + " characters, its pinyin " +
                    std::to_string(sum(*syllables)) + " syllables");
    }
    if (*chars != *syllables) {
        return fail("the pinyin's pauses (, . ?) are not where the sentence's are");
    }
    return Ok{};
}

}  // namespace jiayi::text
