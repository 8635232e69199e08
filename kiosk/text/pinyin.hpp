#pragma once
// Tone-numbered pinyin beside a spoken Mandarin sentence (issue 13, "Spoken
// guidance"). Debian's espeak-ng reads Mandarin reliably only from pinyin
// (voice cmn-latn-pinyin; its "cmn" voice spells characters as English, and
// even cmn-latn-pinyin guesses polyphonic characters wrong, 银行 as yin2
// xing2), so every spoken zh-CN sentence carries its pinyin, written by a
// person who knows which reading the sentence means.
//
// The form, which espeak-ng's cmn-latn-pinyin reads:
// - one syllable per Han character, lower case, separated by spaces;
// - each syllable ends in its tone, 1–4, or 5 for the neutral tone (吗 ma5);
// - ü is written v (绿 lv4, 女 nv3);
// - the reading the sentence means: from characters espeak-ng 1.51 reads
//   重新 zhong4, 处理 chu4, 更换 geng4, 回应 ying1, 空闲 kong1 — wrong in ours;
// - the third tone as in the dictionary: espeak-ng applies the third-tone
//   sandhi itself (你好 ni3 hao3 is spoken ni2 hao3); but 一 and 不 as they
//   are spoken (一个 yi2 ge4, 一些 yi4 xie1, 不是 bu2 shi4), since it does not
//   change those;
// - the sentence's pauses as ASCII punctuation after a syllable: ，、 as ",",
//   。 as ".", ？ as "?", ！ as "!", ；as ";", ：as ":".
//
// The spoken sentence holds Han characters and punctuation only: numbers
// and letters are written out in characters (二维码, not 2维码), so that its
// length in syllables is its count of characters.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace jiayi::text {

// The number of Han characters in each clause of a spoken sentence (clauses
// end at ，、。？！；：), empty clauses left out; an error names a character
// a spoken sentence may not hold (a digit, a letter, a placeholder).
Result<std::vector<int>, std::string> sentence_clauses(std::string_view sentence);

// The number of syllables in each clause of `pinyin`, empty clauses left
// out; an error names the first syllable that is not well formed.
Result<std::vector<int>, std::string> pinyin_clauses(std::string_view pinyin);

// Whether `pinyin` is well formed and matches `sentence` clause by clause,
// one syllable per character; the error says where it does not.
Result<void, std::string> check_pinyin(std::string_view sentence, std::string_view pinyin);

}  // namespace jiayi::text
