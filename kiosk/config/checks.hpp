#pragma once
// The rules of config/kiosk.toml's values that are more than a type and a
// range: each returns what is wrong with a value ("" when it is right), the
// words `jiayi config check` prints after the key.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jiayi::config {

// 1–64 letters, digits, '-' or '_'.
std::string check_kiosk_id(const std::string& id);
// A six-digit region code of a known province ("500114").
std::string check_region(const std::string& code);
// TLS always (hub-fhir.md, "Security"); plain HTTP only to this machine, for tests.
std::string hub_url_problem(const std::string& url);
// "sha256//BASE64" hashes of the hub's public key, several joined by ';'.
std::string check_pinned_key(const std::string& pins);
// WIDTHxHEIGHT, 160x120 to 4096x2160.
std::string check_frame_size(const std::string& size);
// A serial device's path, "usb" or "usb:VVVV:PPPP".
std::string check_idcard_reader(const std::string& reader);
// The forms drivers/printer/link.hpp opens.
std::string check_printer(const std::string& printer);
// An Argon2id hash from `jiayi pin hash`, or empty.
std::string check_pin_hash(const std::string& hash);
// The badge's grammar (common/qr_payload.hpp).
std::string check_staff_id(const std::string& id);
// "22:00-07:00" as local minutes of the day (from, to); nullopt when malformed.
std::optional<std::pair<int, int>> parse_quiet_hours(std::string_view text);

}  // namespace jiayi::config
