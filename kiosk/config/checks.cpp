#include "kiosk/config/checks.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

#include "common/frame_size.hpp"
#include "common/qr_payload.hpp"
#include "kiosk/auth/pin.hpp"
#include "kiosk/config/hub_url.hpp"
#include "kiosk/domain/region.hpp"

namespace jiayi::config {

std::string check_kiosk_id(const std::string& id) {
    const bool ok = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
    return ok ? "" : "must be 1–64 letters, digits, '-' or '_'";
}

std::string check_region(const std::string& code) {
    if (code.size() != 6 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return "must be a six-digit region code such as \"500114\"";
    }
    return domain::province_of(code.substr(0, 2))
               ? ""
               : "has an unknown province \"" + code.substr(0, 2) + "\"";
}

// TLS always (hub-fhir.md, "Security"); plain HTTP only to this machine, for tests.
std::string hub_url_problem(const std::string& url) {
    return check_hub_url(std::string_view(url)).value_or("");
}

// A pinned public key as libcurl takes it: "sha256//BASE64" hashes of the
// hub's SubjectPublicKeyInfo, several joined by ';' (a key and its successor).
std::string check_pinned_key(const std::string& pins) {
    if (pins.empty()) {
        return "";
    }
    std::size_t at = 0;
    while (at <= pins.size()) {
        const std::size_t end = std::min(pins.find(';', at), pins.size());
        const std::string pin = pins.substr(at, end - at);
        if (!pin.starts_with("sha256//") || pin.size() != 8 + 44) {
            return "must be sha256// and the base64 SHA-256 of the hub's public key (44 "
                   "characters), several joined by ';'";
        }
        at = end + 1;
    }
    return "";
}

// A camera frame size: WIDTHxHEIGHT, 160x120 to 4096x2160 (common/frame_size.hpp).
std::string check_frame_size(const std::string& size) {
    return parse_frame_size(size) ? "" : "must be WIDTHxHEIGHT, from 160x120 to 4096x2160";
}

// The ID card reader: a serial device's path, "usb" (any known USB reader)
// or "usb:VVVV:PPPP" (one VID:PID, in hex).
std::string check_idcard_reader(const std::string& reader) {
    if (!reader.starts_with("usb") || reader == "usb") {
        return "";
    }
    auto hex4 = [&](std::size_t at) {
        return std::all_of(reader.begin() + static_cast<std::ptrdiff_t>(at),
                           reader.begin() + static_cast<std::ptrdiff_t>(at + 4),
                           [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    };
    if (reader.size() == 13 && reader[3] == ':' && reader[8] == ':' && hex4(4) && hex4(9)) {
        return "";
    }
    return "must be a serial device's path, \"usb\", or \"usb:VVVV:PPPP\" (VID:PID in hex)";
}

// The forms drivers/printer/link.hpp opens.
std::string check_printer(const std::string& printer) {
    if (printer.empty() || printer.starts_with("/") || printer.starts_with("lp:/") ||
        printer.starts_with("file:") || (printer.starts_with("tcp:") && printer.size() > 4)) {
        return "";
    }
    if (printer.starts_with("usb") && check_idcard_reader(printer).empty()) {
        return "";
    }
    return "must be /dev/usb/lpN, \"tcp:HOST\" or \"tcp:HOST:PORT\", \"usb\" or "
           "\"usb:VVVV:PPPP\", or \"file:PATH\"";
}

std::string check_pin_hash(const std::string& hash) {
    return hash.empty() || auth::well_formed_pin_hash(hash)
               ? ""
               : "must be an Argon2id hash from `jiayi pin hash`, or empty";
}

// The badge's grammar (common/qr_payload.hpp), so every member's badge scans.
std::string check_staff_id(const std::string& id) {
    return qr_payload::valid_staff_id(id)
               ? ""
               : "must be 1–32 letters, digits, '-' or '_' (it is printed on the badge)";
}

// "22:00-07:00" as local minutes of the day (from, to).
std::optional<std::pair<int, int>> parse_quiet_hours(std::string_view text) {
    const auto minute = [](std::string_view hhmm) -> std::optional<int> {
        if (hhmm.size() != 5 || hhmm[2] != ':') {
            return std::nullopt;
        }
        for (const std::size_t i : {0u, 1u, 3u, 4u}) {
            if (hhmm[i] < '0' || hhmm[i] > '9') {
                return std::nullopt;
            }
        }
        const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
        const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
        if (h > 23 || m > 59) {
            return std::nullopt;
        }
        return h * 60 + m;
    };
    if (text.size() != 11 || text[5] != '-') {
        return std::nullopt;
    }
    const auto from = minute(text.substr(0, 5));
    const auto to = minute(text.substr(6, 5));
    if (!from || !to) {
        return std::nullopt;
    }
    return std::pair{*from, *to};
}

}  // namespace jiayi::config
