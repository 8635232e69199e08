#pragma once
// The kiosk's configuration: one TOML file read once into typed structs
// (DESIGN.md, "Configuration"). Strict: an unknown key, a wrong type or an
// out-of-range value refuses the whole file with `file:line: reason`; nothing
// is ever half-applied. Every key has a documented default (config/kiosk.toml).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/common/result.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/package.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::config {

struct KioskSection {
    std::string id = "kiosk-dev";
    std::string township;
    int utc_offset_minutes = 480;  // Asia/Shanghai: UTC+8, no daylight saving
    domain::Channel channel = domain::Channel::Kiosk;
};

struct HubSection {
    std::string url = "https://hub.invalid/fhir";
    std::string credential_file = "/etc/jiayi/hub-token";
};

struct PathsSection {
    std::filesystem::path database = "/var/lib/jiayi/kiosk.db";
    std::filesystem::path key_file = "/etc/jiayi/kiosk.key";
};

struct ScreenSection {
    bool fullscreen = true;                 // false: a window (development)
    std::string orientation = "landscape";  // landscape | portrait
    std::string language = "zh-CN";         // zh-CN | en
    bool large_text = false;
    int idle_seconds = 60;
    int countdown_seconds = 20;
};

struct StaffSection {
    std::string nurse_pin_hash;  // Argon2id (libsodium crypto_pwhash_str); empty: disabled
    std::string admin_pin_hash;
    int max_pin_attempts = 5;
    int lockout_minutes = 15;
};

// The devices (drivers issue). An empty path: no such device on this kiosk.
struct DevicesSection {
    std::string idcard_reader;  // a serial device, e.g. /dev/ttyUSB0
    int idcard_baud = 0;        // 0: probe 115200 → 9600
};

struct PrivacySection {
    int purge_after_days = 30;  // personal data of acknowledged records
};

struct KioskConfig {
    KioskSection kiosk;
    HubSection hub;
    PathsSection paths;
    ScreenSection screen;
    StaffSection staff;
    PrivacySection privacy;
    DevicesSection devices;
    domain::SigningRules rules;
    domain::Catalogue catalogue;
    std::string notice_version = "2026-1";  // the informed notice's text version
};

struct ConfigError {
    std::string file;
    int line = 0;  // 0 when the error has no line (a missing file)
    std::string message;
    std::string to_string() const;
};

using ConfigResult = Result<KioskConfig, std::vector<ConfigError>>;

// Parses TOML text; `source` names it in errors; relative paths resolve
// against `base_dir`.
ConfigResult parse_config(std::string_view text, std::string_view source,
                          const std::filesystem::path& base_dir = {});

ConfigResult load_config(const std::filesystem::path& file);

}  // namespace jiayi::config
