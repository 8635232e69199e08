#pragma once
// The mapping's own tools for reading and writing FHIR JSON, shared by its
// files (not meant for callers). Reading walks an Element: a JSON value with
// its path. A missing or ill-typed element throws BadElement inside a parser;
// every public parse function catches it at its edge (read_guarded) and
// returns it as a ParseError value.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/instant.hpp"
#include "common/result.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/domain/money.hpp"
#include "kiosk/fhir/parse_error.hpp"

namespace jiayi::fhir::detail {

using nlohmann::json;

struct BadElement {
    ParseError error;
};

[[noreturn]] void bad(const std::string& path, const std::string& problem);

class Element {
  public:
    Element(const json& value, std::string path) : value_(&value), path_(std::move(path)) {}

    const json& value() const { return *value_; }
    const std::string& path() const { return path_; }

    // A required member, or BadElement("missing").
    Element at(std::string_view key) const;
    std::optional<Element> find(std::string_view key) const;
    // The members of an array (none when absent).
    std::vector<Element> items(std::string_view key) const;
    // The first item of a required, non-empty array.
    Element first(std::string_view key) const;

    std::string string() const;
    std::string string(std::string_view key) const { return at(key).string(); }
    std::string string_or(std::string_view key, std::string fallback) const;
    std::int64_t integer() const;
    bool boolean() const;
    domain::Date date() const;
    Instant instant() const;
    domain::Money money() const;  // a Money in CNY

    // Checks resourceType.
    void expect_resource(std::string_view type) const;
    // The extensions of this element with a URL.
    std::vector<Element> extensions(std::string_view url) const;
    std::optional<Element> extension(std::string_view url) const;
    // The code of the first coding of a CodeableConcept with `system`.
    std::string code_in(std::string_view system) const;
    // The id in a Reference to `type`: "Type/id" or "urn:uuid:id".
    std::string reference_id(std::string_view type) const;

  private:
    const json* value_;
    std::string path_;
};

template <class T, class F>
Result<T, ParseError> read_guarded(F&& read) {
    try {
        return read();
    } catch (const BadElement& failure) {
        return fail(failure.error);
    } catch (const json::exception& failure) {
        return fail(ParseError{"", failure.what()});
    }
}

// Enum parsing through the domain's from_code functions: unknown codes are
// BadElement at the element's path.
template <class T>
T known(std::optional<T> value, const Element& where, std::string_view what) {
    if (!value) {
        bad(where.path(), "unknown " + std::string(what) + " code");
    }
    return *value;
}

// --- Writing ---

json coding(std::string_view system, std::string_view code);
json concept_of(std::string_view system, std::string_view code);
json reference(std::string_view type, std::string_view id);
json identifier(std::string_view system, std::string_view value);
json money(domain::Money amount);
json extension(std::string_view url, std::string_view value_key, json value);

}  // namespace jiayi::fhir::detail
