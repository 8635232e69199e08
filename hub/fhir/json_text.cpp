#include "hub/fhir/json_text.hpp"

#include <simdjson.h>

#include <cstdint>
#include <string>

namespace jiayi::hub::fhir {

namespace {

using nlohmann::json;
namespace dom = simdjson::dom;

json convert(dom::element element) {
    switch (element.type()) {
        case dom::element_type::OBJECT: {
            json out = json::object();
            for (const dom::key_value_pair field : dom::object(element)) {
                out[std::string(field.key)] = convert(field.value);  // a repeated key: the last
            }
            return out;
        }
        case dom::element_type::ARRAY: {
            json out = json::array();
            for (const dom::element item : dom::array(element)) {
                out.push_back(convert(item));
            }
            return out;
        }
        case dom::element_type::STRING:
            return std::string(std::string_view(element));
        case dom::element_type::INT64: {
            const auto value = std::int64_t(element);
            // nlohmann reads a non-negative integer as unsigned.
            return value >= 0 ? json(static_cast<std::uint64_t>(value)) : json(value);
        }
        case dom::element_type::UINT64:
            return std::uint64_t(element);
        case dom::element_type::DOUBLE:
            return double(element);
        case dom::element_type::BOOL:
            return bool(element);
        case dom::element_type::NULL_VALUE:
            break;
    }
    return nullptr;
}

// Past this, a body is parsed by a parser of its own: a thread's parser
// keeps the buffers of the largest body it read (~14 bytes per byte of
// text: indexes, tape, strings), a sync Bundle of 200 contracts is
// megabytes, and the server has dozens of threads. A signing's is ~25 KB.
constexpr std::size_t kKeptCapacity = 256 * 1024;

// nlohmann's parse skips a UTF-8 byte order mark; simdjson 3.0 does not.
std::string_view without_bom(std::string_view text) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}

}  // namespace

std::optional<json> parse_json(std::string_view text) {
    text = without_bom(text);
    // simdjson reads past the end of its input (SIMDJSON_PADDING bytes): the
    // text is copied into a padded buffer.
    const simdjson::padded_string padded(text);
    thread_local dom::parser kept;
    dom::parser once;
    dom::parser& parser = text.size() <= kKeptCapacity ? kept : once;
    dom::element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return convert(root);
}

}  // namespace jiayi::hub::fhir
