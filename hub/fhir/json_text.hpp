#pragma once
// A request's body read as JSON: parsed by simdjson (Debian's libsimdjson
// 3.0) and handed to the rest of the hub as the nlohmann::json it works
// with. nlohmann's own parser reads a character at a time and keeps each
// one again for its error messages: a signing's 23 KB Bundle (a 16 KiB
// signature image in base64) cost ~0.4 ms of the hub's ~1.8 ms of CPU per
// signing; simdjson and the conversion take ~0.03 ms (bench/README.md,
// hub_bench).

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace jiayi::hub::fhir {

// The tree nlohmann::json::parse makes of the same text — the same types
// (a non-negative integer unsigned, a negative one signed, any other number
// a double; only -0 differs, an unsigned 0 where nlohmann keeps a signed 0,
// equal and written alike) and a repeated key's last value — or nullopt when the text is
// not one JSON value: bad syntax, bad UTF-8, nothing, text after it. Beyond
// nlohmann's limits, also nullopt: nesting deeper than 1 024, an integer
// that does not fit 64 bits (FHIR has neither).
std::optional<nlohmann::json> parse_json(std::string_view text);

}  // namespace jiayi::hub::fhir
