#pragma once
// The kiosk's configuration: one TOML file read once into typed structs
// (DESIGN.md, "Configuration"). Strict: an unknown key, a wrong type or an
// out-of-range value refuses the whole file with `file:line: reason`; nothing
// is ever half-applied. Every key has a documented default (config/kiosk.toml).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_error.hpp"
#include "common/frame_size.hpp"
#include "common/result.hpp"
#include "kiosk/auth/staff.hpp"
#include "kiosk/domain/contract.hpp"
#include "kiosk/domain/package.hpp"
#include "kiosk/domain/rules.hpp"
#include "kiosk/text/language.hpp"

namespace jiayi::config {

struct KioskSection {
    std::string id = "kiosk-dev";
    std::string township;
    // The health center's name, in the screens' header (empty: none shown;
    // no English name: the Chinese one in both languages).
    std::string center_name_zh;
    std::string center_name_en;
    int utc_offset_minutes = 480;  // Asia/Shanghai: UTC+8, no daylight saving
    domain::Channel channel = domain::Channel::Kiosk;
};

struct HubSection {
    std::string url = "https://hub.invalid/fhir";
    std::string credential_file = "/etc/jiayi/hub-token";
    std::filesystem::path
        ca_file;             // the CA the hub's certificate must chain to; empty: the system's
    std::string pinned_key;  // "sha256//…" (';' between several); empty: no pin
    int connect_timeout_seconds = 10;
    int transfer_timeout_seconds = 60;
    int sync_period_seconds = 60;  // a push pass at least this often (and after each record)
    std::string center;            // the health center whose teams are offered: its id on the hub
    // Online signing (protocols/hub-fhir.md): how long a resident waits for
    // the center's answer to their signing while the hub is reachable; 0:
    // never waits (the receipt says it is confirmed when the kiosk reconnects).
    int online_wait_seconds = 5;
    // The heartbeat (kiosk/sync/heartbeat.hpp): the kiosk's health sent to
    // the hub this often, by the sync thread; 0: never.
    int heartbeat_seconds = 300;
};

struct PathsSection {
    std::filesystem::path database = "/var/lib/jiayi/kiosk.db";
    std::filesystem::path key_file = "/etc/jiayi/kiosk.key";
};

// The closed choices of the file are enums, read once here (STYLE.md,
// "Configuration is data"); nothing downstream compares their words.
enum class Orientation { Landscape, Portrait };  // "landscape" | "portrait"

// How a USB ID card reader takes frames (drivers/idcard/usb_transport.hpp
// says what each means; kiosk/devices maps this onto the driver's enum, so
// the configuration does not link the USB driver).
enum class UsbPipes { Split, Single, Probe };  // "split" | "single" | "probe"

struct ScreenSection {
    bool fullscreen = true;  // false: a window (development)
    Orientation orientation = Orientation::Landscape;
    text::Language language = text::Language::ZhCN;  // "zh-CN" | "en"
    bool large_text = false;
    int idle_seconds = 60;
    int countdown_seconds = 20;
    int dim_after_seconds = 300;  // at rest on the home screen; 0: never dims
};

// The kiosk's voice (drivers/voice; issue 13, "Spoken guidance"). During
// quiet hours the voice and the chimes play at quiet_volume instead of
// volume (0: silent), so a kiosk in a lobby open at night stays soft.
struct VoiceSection {
    bool enabled = true;  // false: no prompt and no chime
    int volume = 80;      // 0–100
    // The health center's recordings: <prompts>/zh-CN/<key>.wav and
    // <prompts>/en/<key>.wav; a prompt without one is synthesized. Empty: none.
    std::filesystem::path prompts = "/var/lib/jiayi/prompts";
    // Synthesized prompts, kept across restarts; empty: synthesized at each start.
    std::filesystem::path cache = "/var/cache/jiayi/voice";
    // Local minutes of the day, [from, to) wrapping past midnight; from == to: none.
    int quiet_from_minute = 22 * 60;
    int quiet_to_minute = 7 * 60;
    int quiet_volume = 30;  // 0–100
};

// The volume at `minute_of_day` (local, 0–1439): volume, or quiet_volume
// inside the quiet hours; 0 when the voice is off.
int voice_volume(const VoiceSection& voice, int minute_of_day);

struct StaffSection {
    std::vector<auth::StaffMember> members;  // [[staff.members]]; none: nurse mode is off
    std::string admin_pin_hash;  // Argon2id (libsodium crypto_pwhash_str); empty: disabled
    int max_pin_attempts = 5;
    int lockout_minutes = 15;
};

// The devices (drivers issue). An empty path: no such device on this kiosk.
struct DevicesSection {
    std::string idcard_reader;  // a serial device, e.g. /dev/ttyUSB0; "usb" or "usb:0400:c35a"
    int idcard_baud = 0;        // 0: probe 115200 → 9600
    UsbPipes idcard_usb_pipes = UsbPipes::Probe;  // a USB reader's pipes
    bool idcard_keep_photo = false;               // keep the card's photo blob (raw, never decoded)
    std::string qr_camera;                        // a V4L2 camera for QR codes, e.g. /dev/video0
    FrameSize qr_camera_size{1280, 720};          // the frame size asked of it ("1280x720")
    std::string qr_wedge;                         // a keyboard-wedge QR scanner's evdev device
    std::string printer;  // /dev/usb/lp0, tcp:HOST[:PORT], usb[:VVVV:PPPP], file:PATH
    std::string printer_profile = "gprinter-80";  // a [section] of the profiles file
    std::string printer_profiles;                 // a profiles file; empty: assets/printers.toml
};

struct PrivacySection {
    int purge_after_days = 30;  // personal data of acknowledged records
};

struct KioskConfig {
    KioskSection kiosk;
    HubSection hub;
    PathsSection paths;
    ScreenSection screen;
    VoiceSection voice;
    StaffSection staff;
    PrivacySection privacy;
    DevicesSection devices;
    domain::SigningRules rules;
    domain::Catalogue catalogue;
    std::string notice_version = "2026-2";  // the informed notice's text version
};

using ConfigError = ::jiayi::ConfigError;  // common/config_error.hpp

using ConfigResult = Result<KioskConfig, std::vector<ConfigError>>;

// Parses TOML text; `source` names it in errors; relative paths resolve
// against `base_dir`.
ConfigResult parse_config(std::string_view text, std::string_view source,
                          const std::filesystem::path& base_dir = {});

ConfigResult load_config(const std::filesystem::path& file);

}  // namespace jiayi::config
