#pragma once
// The handwritten signature: strokes kept within the pad and within bounds,
// and their stored forms (JSON of the points, a PNG archive copy).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/image/raster.hpp"

namespace jiayi::flow {

inline constexpr std::size_t kMaxStrokes = 200;
inline constexpr std::size_t kMaxPointsPerStroke = 4000;

// Cuts a stroke to kMaxPointsPerStroke and clamps its points to the pad.
void clamp_to_pad(std::vector<image::Point>& stroke);

// Strokes as JSON ([[[x,y],…],…], pad units) and as a PNG for the store.
std::string strokes_json(const std::vector<std::vector<image::Point>>& strokes);
std::vector<std::uint8_t> strokes_png(const std::vector<std::vector<image::Point>>& strokes);

}  // namespace jiayi::flow
