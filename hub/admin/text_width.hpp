#pragma once
// The width of UTF-8 text in a terminal's columns: East Asian wide and
// fullwidth characters (汉字, fullwidth forms, most emoji) take two, combining
// marks and zero-width characters none, everything else one (Unicode UAX #11,
// the ranges wcwidth() uses, without a locale).

#include <cstddef>
#include <string>
#include <string_view>

namespace jiayi::hub::admin {

int char_width(char32_t cp);
int display_width(std::string_view utf8);

}  // namespace jiayi::hub::admin
