#include "kiosk/text/catalog.hpp"

#include <toml++/toml.h>

#include "kiosk/text/pinyin.hpp"

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

constexpr std::string_view kSpoken = "say.";
constexpr std::string_view kPinyinSuffix = "_pinyin";

bool is_pinyin_key(const std::string& key) {
    return key.starts_with(kSpoken) && key.ends_with(kPinyinSuffix);
}

// Takes the pinyin out of zh-CN's table and checks the spoken sentences of
// both (catalog.hpp says the rules).
Result<std::map<std::string, std::string>, std::string> take_pinyin(
    std::map<std::string, std::string>& zh, const std::map<std::string, std::string>& en) {
    for (const auto& [key, _] : en) {
        if (is_pinyin_key(key)) {
            return fail("en.toml holds \"" + key +
                        "\": pinyin belongs beside the sentence in zh-CN.toml only");
        }
    }
    std::map<std::string, std::string> pinyin;
    for (auto it = zh.begin(); it != zh.end();) {
        if (!is_pinyin_key(it->first)) {
            ++it;
            continue;
        }
        const std::string sentence = it->first.substr(0, it->first.size() - kPinyinSuffix.size());
        if (!zh.contains(sentence)) {
            return fail("zh-CN.toml holds \"" + it->first + "\" but no sentence \"" + sentence +
                        "\" for it");
        }
        pinyin[sentence] = it->second;
        it = zh.erase(it);
    }
    using Table = const std::map<std::string, std::string>;
    for (const auto& [file, table] : {std::pair<const char*, Table*>{"zh-CN.toml", &zh},
                                      std::pair<const char*, Table*>{"en.toml", &en}}) {
        for (const auto& [key, text] : *table) {
            if (key.starts_with(kSpoken) && text.find('{') != std::string::npos) {
                return fail(std::string(file) + ": \"" + key +
                            "\" is spoken, so it holds no \"{0}\" value (it could be personal)");
            }
        }
    }
    for (const auto& [key, text] : zh) {
        if (!key.starts_with(kSpoken)) {
            continue;
        }
        auto found = pinyin.find(key);
        if (found == pinyin.end()) {
            return fail("zh-CN.toml lacks \"" + key + std::string(kPinyinSuffix) +
                        "\": espeak-ng reads a spoken Mandarin sentence from its pinyin only");
        }
        if (auto checked = check_pinyin(text, found->second); !checked) {
            return fail("zh-CN.toml: \"" + key + std::string(kPinyinSuffix) +
                        "\" does not fit its sentence: " + checked.error());
        }
    }
    return pinyin;
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
    auto pinyin = take_pinyin(*zh, *en);
    if (!pinyin) {
        return fail(pinyin.error());
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
    catalog.pinyin_ = std::move(pinyin).value();
    return catalog;
}

std::string Catalog::pinyin(const std::string& key) const {
    auto it = pinyin_.find(key);
    return it != pinyin_.end() ? it->second : std::string();
}

std::vector<std::string> Catalog::keys(std::string_view prefix) const {
    std::vector<std::string> out;
    for (auto it = zh_.lower_bound(std::string(prefix)); it != zh_.end(); ++it) {
        if (!it->first.starts_with(prefix)) {
            break;
        }
        out.push_back(it->first);
    }
    return out;
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
