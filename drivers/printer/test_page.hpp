#pragma once

#include <string>

#include "common/image/typeface.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/profile.hpp"

namespace jiayi::drivers::printer {

// The page `jiayi printer test` prints: the profile, a ruler of its columns,
// Chinese text, a rare character as raster, a QR code, the cut. Words for the
// technician installing the printer, in both languages at once; no resident
// reads them.
Bytes test_page(const Profile& profile, const image::Typeface& face, const std::string& when);

}  // namespace jiayi::drivers::printer
