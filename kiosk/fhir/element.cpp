#include "kiosk/fhir/element.hpp"

#include <cmath>

namespace jiayi::fhir::detail {

void bad(const std::string& path, const std::string& problem) {
    throw BadElement{ParseError{path, problem}};
}

Element Element::at(std::string_view key) const {
    auto found = find(key);
    if (!found) {
        bad(path_ + "." + std::string(key), "missing");
    }
    return *found;
}

std::optional<Element> Element::find(std::string_view key) const {
    if (!value_->is_object()) {
        bad(path_, "not an object");
    }
    auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) {
        return std::nullopt;
    }
    return Element(*it, path_ + "." + std::string(key));
}

std::vector<Element> Element::items(std::string_view key) const {
    std::vector<Element> out;
    auto array = find(key);
    if (!array) {
        return out;
    }
    if (!array->value().is_array()) {
        bad(array->path(), "not an array");
    }
    std::size_t i = 0;
    for (const auto& item : array->value()) {
        out.emplace_back(item, array->path() + "[" + std::to_string(i++) + "]");
    }
    return out;
}

Element Element::first(std::string_view key) const {
    auto all = items(key);
    if (all.empty()) {
        bad(path_ + "." + std::string(key), "missing");
    }
    return all.front();
}

std::string Element::string() const {
    if (!value_->is_string()) {
        bad(path_, "not a string");
    }
    return value_->get<std::string>();
}

std::string Element::string_or(std::string_view key, std::string fallback) const {
    auto found = find(key);
    return found ? found->string() : std::move(fallback);
}

std::int64_t Element::integer() const {
    if (!value_->is_number_integer()) {
        bad(path_, "not an integer");
    }
    return value_->get<std::int64_t>();
}

bool Element::boolean() const {
    if (!value_->is_boolean()) {
        bad(path_, "not a boolean");
    }
    return value_->get<bool>();
}

domain::Date Element::date() const {
    auto parsed = domain::parse_iso_date(string());
    if (!parsed) {
        bad(path_, "not a date (YYYY-MM-DD)");
    }
    return *parsed;
}

Instant Element::instant() const {
    auto parsed = parse_iso8601(string());
    if (!parsed) {
        bad(path_, "not an instant (YYYY-MM-DDThh:mm:ssZ)");
    }
    return *parsed;
}

domain::Money Element::money() const {
    if (string_or("currency", "") != "CNY") {
        bad(path_ + ".currency", "not CNY");
    }
    const Element amount = at("value");
    if (!amount.value().is_number()) {
        bad(amount.path(), "not a number");
    }
    const double yuan = amount.value().get<double>();
    const double fen = yuan * 100.0;
    // Fen are whole: 12.345 yuan is not money here.
    if (!std::isfinite(fen) || std::fabs(fen - std::round(fen)) > 1e-6 || fen < 0) {
        bad(amount.path(), "not a non-negative amount in whole fen");
    }
    return domain::Money{static_cast<std::int64_t>(std::llround(fen))};
}

void Element::expect_resource(std::string_view type) const {
    if (string("resourceType") != type) {
        bad(path_ + ".resourceType", "expected " + std::string(type));
    }
}

std::vector<Element> Element::extensions(std::string_view url) const {
    std::vector<Element> out;
    for (auto& ext : items("extension")) {
        if (ext.string("url") == url) {
            out.push_back(ext);
        }
    }
    return out;
}

std::optional<Element> Element::extension(std::string_view url) const {
    auto all = extensions(url);
    if (all.empty()) {
        return std::nullopt;
    }
    return all.front();
}

std::string Element::code_in(std::string_view system) const {
    for (auto& c : items("coding")) {
        if (c.string_or("system", "") == system) {
            return c.string("code");
        }
    }
    bad(path_ + ".coding", "no code from " + std::string(system));
}

std::string Element::reference_id(std::string_view type) const {
    const Element ref = at("reference");
    const std::string text = ref.string();
    const std::string typed = std::string(type) + "/";
    constexpr std::string_view kUuid = "urn:uuid:";
    std::string id;
    if (text.rfind(typed, 0) == 0) {
        id = text.substr(typed.size());
    } else if (text.rfind(kUuid, 0) == 0) {
        id = text.substr(kUuid.size());
    }
    if (id.empty() || id.find('/') != std::string::npos) {
        bad(ref.path(), "not a reference to " + std::string(type));
    }
    return id;
}

json coding(std::string_view system, std::string_view code) {
    return {{"system", system}, {"code", code}};
}

json concept_of(std::string_view system, std::string_view code) {
    return {{"coding", json::array({coding(system, code)})}};
}

json reference(std::string_view type, std::string_view id) {
    return {{"reference", std::string(type) + "/" + std::string(id)}};
}

json identifier(std::string_view system, std::string_view value) {
    return {{"system", system}, {"value", value}};
}

json money(domain::Money amount) {
    // FHIR decimals are JSON numbers; fen / 100 prints in its shortest exact
    // form ("12.34"), and is read back by rounding to the fen.
    return {{"value", static_cast<double>(amount.fen) / 100.0}, {"currency", "CNY"}};
}

json extension(std::string_view url, std::string_view value_key, json value) {
    return {{"url", url}, {std::string(value_key), std::move(value)}};
}

}  // namespace jiayi::fhir::detail
