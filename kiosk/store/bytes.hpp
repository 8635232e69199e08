#pragma once
// Bytes as the store keeps them (sealed fields, blobs): a name of its own, so
// that the store's public headers need not include sqlite.hpp (and SQLite's
// API) to say it.

#include <cstdint>
#include <vector>

namespace jiayi::store {

using Bytes = std::vector<std::uint8_t>;

}  // namespace jiayi::store
