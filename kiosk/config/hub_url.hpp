#pragma once
// Whether a hub URL may carry the kiosk's token (protocols/hub-fhir.md,
// "Security": TLS always). One check, used where the configuration is read
// (a mistake names its line at start) and again by the sync before a
// request (an endpoint built in code gets the same answer).

#include <optional>
#include <string>
#include <string_view>

namespace jiayi::config {

// nullopt when `url` may be used: https, or plain http to this machine
// (127.0.0.1, localhost, [::1]; for tests and a hub beside the kiosk).
// Otherwise the reason, for staff. The URL is parsed by libcurl's own
// parser, the one the sync connects with: a prefix test would let
// http://127.evil.example or http://localhost@evil.example through.
std::optional<std::string> check_hub_url(std::string_view url);

}  // namespace jiayi::config
