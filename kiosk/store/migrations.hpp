#pragma once
// The schema's history. Each migration runs once, in its own transaction, and
// PRAGMA user_version records how far a database has come. Never edit a
// migration that has shipped: add the next one.

#include <span>
#include <string_view>

namespace jiayi::store {

std::span<const std::string_view> migrations();

}  // namespace jiayi::store
