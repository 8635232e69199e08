#pragma once
// How a program reads its TOML configuration (config/kiosk.toml,
// config/hub.toml): each key with its type and range, errors gathered (not
// thrown) with the file and line, so one check lists every problem in the
// file, and every key nobody asked for reported as unknown.

#include <toml++/toml.h>

#include <cassert>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/config_error.hpp"

namespace jiayi {

inline int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

// A string check (TableReader::string): why the value is refused, "" when fine.
inline std::string non_empty(const std::string& value) {
    return value.empty() ? "must not be empty" : "";
}

// Reads one table: each known key is read with its type and range; whatever
// is left unread at finish() is an unknown key. A reader of a kind of value
// of its own (money, a time of day) takes its node with take() and says
// what is wrong with error().
class TableReader {
  public:
    using Errors = std::vector<ConfigError>;

    TableReader(const toml::table* table, std::string path, std::string_view file, Errors& errors)
        : table_(table), path_(std::move(path)), file_(file), errors_(errors) {}

    // A whole number within [min, max], both of which `Int` holds.
    template <class Int>
    void integer(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
        assert(std::in_range<Int>(min) && std::in_range<Int>(max));
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
            out = static_cast<Int>(*value);
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

    // A string; `check` returns an empty string when the value is fine, else
    // the reason. The node when a value was taken, else nullptr.
    template <class Check>
    const toml::node* string(std::string_view key, std::string& out, Check check) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return nullptr;
        }
        auto value = node->value_exact<std::string>();
        if (!value) {
            error(*node, key, "must be a string");
            return nullptr;
        }
        if (std::string reason = check(*value); !reason.empty()) {
            error(*node, key, reason);
            return nullptr;
        }
        out = *value;
        return node;
    }

    // Any string, the empty one included; string(key, out, non_empty) for one
    // that must say something.
    const toml::node* string(std::string_view key, std::string& out) {
        return string(key, out, [](const std::string&) { return std::string(); });
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

    // The key's node, now read (nullptr when absent).
    const toml::node* take(std::string_view key) {
        read_.insert(std::string(key));
        return table_ ? table_->get(key) : nullptr;
    }

    void error(const toml::node& node, std::string_view key, const std::string& reason) {
        errors_.push_back({std::string(file_), line_of(node), qualified(key) + " " + reason});
    }

    // A rule across keys, reported at the table (or the file when absent).
    void error_here(const std::string& message) {
        errors_.push_back({std::string(file_), line(), message});
    }

    bool present() const { return table_ != nullptr; }
    bool has(std::string_view key) const { return table_ && table_->contains(key); }
    int line() const { return table_ ? line_of(*table_) : 0; }
    const std::string& path_name() const { return path_; }

  private:
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const toml::table* table_;
    std::string path_;
    std::string_view file_;
    Errors& errors_;
    std::set<std::string> read_;
};

}  // namespace jiayi
