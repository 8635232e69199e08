#pragma once
// A request target's query, as the FHIR search it carries
// (protocols/hub-fhir.md, "Reads the kiosk needs"): name=value pairs in the
// order sent, percent-decoded. httplib 0.11 parses the query into a
// std::multimap, which loses the order (FHIR's _sort, and a search repeated
// with AND semantics, depend on it), so the HTTP layer reads the raw target.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jiayi::hub::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// %XX escapes decoded; '+' is a space when `plus_is_space` (HTML forms and
// every FHIR client send a space so; a literal plus arrives as %2B). nullopt
// for a '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// "a=1&b=x%7Cy&c" → {a,1} {b,x|y} {c,""}, in order; empty pieces ("a=1&&b=2")
// are skipped. nullopt when any piece has a malformed escape.
std::optional<QueryParams> parse_query(std::string_view query);

// The query of a request target ("/fhir/Slot?status=free" → "status=free").
std::string_view query_of(std::string_view target);

}  // namespace jiayi::hub::http
