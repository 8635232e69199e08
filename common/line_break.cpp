#include "common/line_break.hpp"

#include <cstdint>
#include <string>

#include "common/utf8.hpp"

namespace jiayi::text {

namespace {

// GB/T 15834-2011 §5.1.7 (points, the second halves of quotes and brackets,
// ellipsis, interpunct), with their half-width forms and the signs that
// follow a number (%, ‰, ℃).
constexpr std::u32string_view kClosing =
    U"，。、；：？！．）］｝》〉」』】〕〗〙〛”’…‥·・％‰℃"
    U",.;:?!)]}%\"'";
// The first halves of quotes and brackets, and the currency signs that
// precede a number.
constexpr std::u32string_view kOpening =
    U"（［｛《〈「『【〔〖〘〚“‘￥¥＄£€(["
    U"{\"'";

// Letters and digits of a Latin word: ASCII (and the ASCII marks written
// against a word) and the accented Latin letters (U+00C0–U+024F, but × ÷).
bool word_char(char32_t cp) {
    if (cp < 0x80) {
        return cp != U' ' && cp != U'\n';
    }
    return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

// Marks written doubled that must not be split: "……", "——".
bool doubled_mark(char32_t cp) {
    return cp == U'…' || cp == U'—' || cp == U'⋯';
}

struct Char {
    char32_t cp;
    std::size_t size;
};

// The character at byte `i`; a bad byte is one U+FFFD, as decode_utf8 says.
Char char_at(std::string_view s, std::size_t i) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    std::size_t n = 1;
    if ((b & 0xE0) == 0xC0) {
        n = 2;
    } else if ((b & 0xF0) == 0xE0) {
        n = 3;
    } else if ((b & 0xF8) == 0xF0) {
        n = 4;
    }
    if (i + n > s.size()) {
        n = 1;
    }
    const std::u32string one = decode_utf8(s.substr(i, n));
    if (one.size() != 1) {
        return {kReplacement, 1};
    }
    return {one.front(), n};
}

// A piece no break falls inside (unless it is wider than a line): a Latin
// word, a doubled mark or one character. `end` is before the spaces after it.
struct Unit {
    std::size_t begin;
    std::size_t end;
    char32_t first;
    char32_t last;
};

// The units of the paragraph [begin, end), which holds no '\n'. The first
// unit starts at `begin`, so the spaces a paragraph starts with (its
// indentation) are kept.
std::vector<Unit> units_of(std::string_view text, std::size_t begin, std::size_t end) {
    std::vector<Unit> units;
    std::size_t i = begin;
    while (i < end && text[i] == ' ') {
        ++i;
    }
    while (i < end) {
        const Char c = char_at(text, i);
        Unit unit{i, i + c.size, c.cp, c.cp};
        const bool word = word_char(c.cp);
        while (unit.end < end) {
            const Char next = char_at(text, unit.end);
            if (word ? !word_char(next.cp) : !(doubled_mark(c.cp) && next.cp == c.cp)) {
                break;
            }
            unit.last = next.cp;
            unit.end += next.size;
        }
        i = unit.end;
        while (i < end && text[i] == ' ') {
            ++i;
        }
        units.push_back(unit);
    }
    if (!units.empty()) {
        units.front().begin = begin;
    }
    return units;
}

// Lines filled greedily with pieces; a piece that does not fit an empty line
// is split into finer pieces (chunk → units → characters).
class Filler {
  public:
    Filler(std::string_view text, float width, const Measure& measure)
        : text_(text), width_(width), measure_(measure) {}

    // Places [begin, end) as a whole if it fits a line; false when it does
    // not fit even an empty one (the caller then splits it).
    bool place(std::size_t begin, std::size_t end) {
        if (open_ && fits(line_.begin, end)) {
            line_.end = end;
            return true;
        }
        finish();
        if (fits(begin, end)) {
            open(begin, end);
            return true;
        }
        return false;
    }
    // A character wider than a line: a line of its own.
    void force(std::size_t begin, std::size_t end) {
        finish();
        open(begin, end);
        finish();
    }
    void finish() {
        if (open_) {
            lines_.push_back(line_);
            open_ = false;
        }
    }
    bool open() const { return open_; }
    std::vector<LineSpan> take() { return std::move(lines_); }
    void push_empty(std::size_t at) { lines_.push_back({at, at}); }

  private:
    bool fits(std::size_t begin, std::size_t end) const {
        return measure_(text_.substr(begin, end - begin)) <= width_;
    }
    void open(std::size_t begin, std::size_t end) {
        line_ = {begin, end};
        open_ = true;
    }

    std::string_view text_;
    float width_;
    const Measure& measure_;
    LineSpan line_;
    bool open_ = false;
    std::vector<LineSpan> lines_;
};

void place_unit(Filler& filler, std::string_view text, const Unit& unit) {
    if (filler.place(unit.begin, unit.end)) {
        return;
    }
    std::size_t i = unit.begin;
    while (i < unit.end) {
        const std::size_t next = i + char_at(text, i).size;
        if (!filler.place(i, next)) {
            filler.force(i, next);
        }
        i = next;
    }
}

}  // namespace

bool closing_mark(char32_t cp) {
    return kClosing.find(cp) != std::u32string_view::npos;
}

bool opening_mark(char32_t cp) {
    return kOpening.find(cp) != std::u32string_view::npos;
}

std::vector<LineSpan> break_lines(std::string_view text, float width, const Measure& measure) {
    Filler filler(text, width, measure);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t stop = text.find('\n', start);
        if (stop == std::string_view::npos) {
            stop = text.size();
        }
        const std::vector<Unit> units = units_of(text, start, stop);
        if (units.empty()) {
            filler.push_empty(start);
        }
        // Chunks: units joined where a break between them is forbidden.
        std::size_t first = 0;
        while (first < units.size()) {
            std::size_t last = first;
            while (last + 1 < units.size() &&
                   (opening_mark(units[last].last) || closing_mark(units[last + 1].first))) {
                ++last;
            }
            if (!filler.place(units[first].begin, units[last].end)) {
                for (std::size_t u = first; u <= last; ++u) {
                    place_unit(filler, text, units[u]);
                }
            }
            first = last + 1;
        }
        filler.finish();
        start = stop + 1;
    }
    return filler.take();
}

}  // namespace jiayi::text
