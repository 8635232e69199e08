#include "kiosk/text/catalog.hpp"

#include <toml++/toml.h>

namespace jiayi::text {

namespace {

// Flattens nested tables into "a.b.c" keys; every leaf must be a string.
Result<void, std::string> flatten(const toml::table& table, const std::string& prefix,
                                  const std::filesystem::path& file,
                                  std::map<std::string, std::string>& out) {
    for (const auto& [key, value] : table) {
        const std::string name = prefix + std::string(key.str());
        if (const toml::table* inner = value.as_table()) {
            if (auto done = flatten(*inner, name + ".", file, out); !done) {
                return done;
            }
            continue;
        }
        auto text = value.value_exact<std::string>();
        if (!text || prefix.empty()) {
            return fail(file.string() + ":" + std::to_string(value.source().begin.line) + ": " +
                        name + " must be a string inside a [section]");
        }
        out[name] = *text;
    }
    return Ok{};
}

Result<std::map<std::string, std::string>, std::string> read(const std::filesystem::path& file) {
    std::map<std::string, std::string> out;
    try {
        const toml::table root = toml::parse_file(file.string());
        if (auto done = flatten(root, "", file, out); !done) {
            return fail(done.error());
        }
    } catch (const toml::parse_error& e) {
        return fail(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                    std::string(e.description()));
    }
    return out;
}

}  // namespace

std::string format(std::string_view pattern, const std::vector<std::string>& args) {
    std::string out;
    out.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
            pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
            const auto index = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (index < args.size()) {
                out += args[index];
                i += 2;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}

Result<Catalog, std::string> Catalog::load(const std::filesystem::path& dir) {
    auto zh = read(dir / "zh-CN.toml");
    if (!zh) {
        return fail(zh.error());
    }
    auto en = read(dir / "en.toml");
    if (!en) {
        return fail(en.error());
    }
    for (const auto& [key, _] : *zh) {
        if (!en->contains(key)) {
            return fail("en.toml lacks \"" + key + "\", which zh-CN.toml has");
        }
    }
    for (const auto& [key, _] : *en) {
        if (!zh->contains(key)) {
            return fail("zh-CN.toml lacks \"" + key + "\", which en.toml has");
        }
    }
    Catalog catalog;
    catalog.zh_ = std::move(zh).value();
    catalog.en_ = std::move(en).value();
    return catalog;
}

const std::string& Catalog::text(Language language, const std::string& key) const {
    const auto& table = language == Language::ZhCN ? zh_ : en_;
    auto it = table.find(key);
    return it != table.end() ? it->second : key;
}

std::string Catalog::all_text() const {
    std::string out;
    for (const auto* table : {&zh_, &en_}) {
        for (const auto& [_, text] : *table) {
            out += text;
        }
    }
    return out;
}

}  // namespace jiayi::text
