#pragma once
// Where a line of Chinese, English or mixed text may break, said once for
// the screen (ImGui pixels) and the receipt (printer columns).
//
// The rules are those of Chinese typesetting (GB/T 15834-2011 §5, the same
// line-start/line-end rule JIS X 4051 calls kinsoku):
//   - a line never starts with a closing mark: a point (，。、；：？！), the
//     second half of a bracket or quote (）》」』】”’), an ellipsis (…), an
//     interpunct (·), a percent or degree sign — half-width forms too;
//   - a line never ends with an opening mark: the first half of a bracket
//     or quote (（《「『【“‘), or a currency sign that precedes a number (¥);
//   - a Latin word or a number (a run of letters, digits and the ASCII marks
//     attached to them, e.g. "ID", "2025-03-01", "36.00") is kept whole;
//     "……" and "——" are kept whole;
//   - otherwise a line may break between any two Chinese characters, and
//     at a space (the spaces at a break are not shown).
// Only when a piece that may not be broken is wider than the line itself is
// it broken anyway: between its parts, and a part wider than the line
// between its characters. A '\n' always ends a line.

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace jiayi::text {

// Marks a line may not start with (closing) or end with (opening). The ASCII
// quotes " and ' could be either, so they are both: they stay with the
// characters on each side.
bool closing_mark(char32_t cp);
bool opening_mark(char32_t cp);

// One line: bytes [begin, end) of the text, without the spaces at a break.
struct LineSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool operator==(const LineSpan&) const = default;
};

// The width of a piece of UTF-8 text in the caller's unit (pixels, columns).
using Measure = std::function<float(std::string_view)>;

// `text` (UTF-8) broken into lines no wider than `width` by `measure` (which
// is asked about whole candidate lines, so it need not be additive). Empty
// text has no lines; an empty paragraph (between two '\n', or only spaces) is
// one empty line; a '\n' at the very end adds no line. A character wider
// than `width` gets a line of its own.
std::vector<LineSpan> break_lines(std::string_view text, float width, const Measure& measure);

}  // namespace jiayi::text
