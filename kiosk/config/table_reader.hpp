#pragma once
// How config.cpp reads config/kiosk.toml's tables: each key with its type
// and range, errors gathered (not thrown) with the file and line, unknown
// keys reported. Private to jiayi_config (it needs toml++).

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/config/config.hpp"

namespace jiayi::config::detail {

using Errors = std::vector<ConfigError>;

inline int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

inline std::string non_empty(const std::string& value) {
    return value.empty() ? "must not be empty" : "";
}

// Reads one table: each known key is read with its type and range; whatever
// is left unread at finish() is an unknown key. Errors accumulate, so one run
// of `jiayi config check` lists every problem in the file.
class TableReader {
  public:
    TableReader(const toml::table* table, std::string path, std::string_view file, Errors& errors)
        : table_(table), path_(std::move(path)), file_(file), errors_(errors) {}

    void integer(std::string_view key, int& out, int min, int max) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        auto value = node->value_exact<std::int64_t>();
        if (!value) {
            error(*node, key, "must be a whole number");
        } else if (*value < min || *value > max) {
            error(*node, key,
                  "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", not " + std::to_string(*value));
        } else {
            out = static_cast<int>(*value);
        }
    }

    void boolean(std::string_view key, bool& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        if (auto value = node->value_exact<bool>()) {
            out = *value;
        } else {
            error(*node, key, "must be true or false");
        }
    }

    // A string; `check` returns an empty string when the value is fine, else the reason.
    template <class Check>
    void string(std::string_view key, std::string& out, Check check) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        auto value = node->value_exact<std::string>();
        if (!value) {
            error(*node, key, "must be a string");
            return;
        }
        if (std::string reason = check(*value); !reason.empty()) {
            error(*node, key, reason);
            return;
        }
        out = *value;
    }

    void string(std::string_view key, std::string& out) {
        string(key, out, [](const std::string&) { return std::string(); });
    }

    // One of a closed set of words, read straight into its enum; anything
    // else is refused naming the key, the value and every allowed word.
    template <class E>
    void choice(std::string_view key, E& out,
                std::type_identity_t<std::initializer_list<std::pair<const char*, E>>> options) {
        std::string word;
        string(key, word, [&](const std::string& value) {
            std::string list;
            for (const auto& [option, _] : options) {
                if (value == option) {
                    return std::string();
                }
                list += (list.empty() ? "\"" : ", \"") + std::string(option) + "\"";
            }
            return "must be one of " + list + ", not \"" + value + "\"";
        });
        for (const auto& [option, value] : options) {
            if (!word.empty() && word == option) {
                out = value;
            }
        }
    }

    // Money as "36.00" (yuan, up to two decimals) or a whole number of yuan.
    void money(std::string_view key, domain::Money& out) {
        const toml::node* node = take(key);
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
        error(*node, key, "must be an amount in yuan such as \"36.00\" or 36");
    }

    void populations(std::string_view key, domain::PopulationSet& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            error(*node, key, "must be a list of population codes");
            return;
        }
        domain::PopulationSet set;
        for (const toml::node& item : *array) {
            auto text = item.value_exact<std::string>();
            auto population = text ? domain::population_from_code(*text) : std::nullopt;
            if (!population) {
                error(item, key,
                      "has an unknown population code" + (text ? " \"" + *text + "\"" : ""));
                return;
            }
            set.add(*population);
        }
        out = set;
    }

    void path(std::string_view key, std::filesystem::path& out, const std::filesystem::path& base) {
        std::string text = out.string();
        string(key, text, non_empty);
        std::filesystem::path p = text;
        out = p.is_relative() && !base.empty() ? base / p : p;
    }

    // A sub-table; an absent one reads as empty, so every key keeps its default.
    TableReader table(std::string_view key) {
        const toml::node* node = take(key);
        if (node != nullptr && !node->is_table()) {
            error(*node, key, "must be a table ([" + qualified(key) + "])");
            node = nullptr;
        }
        return TableReader(node ? node->as_table() : nullptr, qualified(key), file_, errors_);
    }

    // An array of tables ([[key]]); nullptr when absent.
    const toml::array* array_of_tables(std::string_view key) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return nullptr;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            error(*node, key, "must be a list of tables ([[" + qualified(key) + "]])");
            return nullptr;
        }
        return array;
    }

    // Reports every key that no reader asked for.
    void finish() {
        if (table_ == nullptr) {
            return;
        }
        for (const auto& [key, node] : *table_) {
            if (!read_.contains(std::string(key.str()))) {
                errors_.push_back({std::string(file_), line_of(node),
                                   "unknown key \"" + qualified(key.str()) + "\""});
            }
        }
    }

    void error(const toml::node& node, std::string_view key, const std::string& reason) {
        errors_.push_back({std::string(file_), line_of(node), qualified(key) + " " + reason});
    }

    bool present() const { return table_ != nullptr; }
    int line() const { return table_ ? line_of(*table_) : 0; }
    const std::string& path_name() const { return path_; }

  private:
    const toml::node* take(std::string_view key) {
        read_.insert(std::string(key));
        return table_ ? table_->get(key) : nullptr;
    }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const toml::table* table_;
    std::string path_;
    std::string_view file_;
    Errors& errors_;
    std::set<std::string> read_;
};

}  // namespace jiayi::config::detail
