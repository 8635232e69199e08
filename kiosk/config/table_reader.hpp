#pragma once
// The kinds of value only config/kiosk.toml has, read with the common
// TableReader (common/toml/table_reader.hpp). Private to jiayi_config.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/toml/table_reader.hpp"
#include "kiosk/config/config.hpp"

namespace jiayi::config::detail {

using Errors = std::vector<ConfigError>;
using ::jiayi::line_of;
using ::jiayi::non_empty;
using ::jiayi::TableReader;

// Money as "36.00" (yuan, up to two decimals) or a whole number of yuan.
inline void money(TableReader& table, std::string_view key, domain::Money& out) {
    const toml::node* node = table.take(key);
    if (node == nullptr) {
        return;
    }
    if (auto whole = node->value_exact<std::int64_t>();
        whole && *whole >= 0 && *whole <= 1'000'000'000) {
        out = domain::yuan(*whole);
        return;
    }
    if (auto text = node->value_exact<std::string>()) {
        if (auto parsed = domain::parse_yuan(*text)) {
            out = *parsed;
            return;
        }
    }
    table.error(*node, key, "must be an amount in yuan such as \"36.00\" or 36");
}

inline void populations(TableReader& table, std::string_view key, domain::PopulationSet& out) {
    const toml::node* node = table.take(key);
    if (node == nullptr) {
        return;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        table.error(*node, key, "must be a list of population codes");
        return;
    }
    domain::PopulationSet set;
    for (const toml::node& item : *array) {
        auto text = item.value_exact<std::string>();
        auto population = text ? domain::population_from_code(*text) : std::nullopt;
        if (!population) {
            table.error(item, key,
                        "has an unknown population code" + (text ? " \"" + *text + "\"" : ""));
            return;
        }
        set.add(*population);
    }
    out = set;
}

// A file, read from the configuration's folder when relative (its default
// too, when the key is absent).
inline void path(TableReader& table, std::string_view key, std::filesystem::path& out,
                 const std::filesystem::path& base) {
    std::string text = out.string();
    table.string(key, text, non_empty);
    std::filesystem::path p = text;
    out = p.is_relative() && !base.empty() ? base / p : p;
}

}  // namespace jiayi::config::detail
