#include "kiosk/config/config.hpp"

#include "kiosk/config/hub_url.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <utility>

#include "common/frame_size.hpp"
#include "common/qr_payload.hpp"
#include "kiosk/domain/region.hpp"

namespace jiayi::config {

std::string ConfigError::to_string() const {
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

namespace {

using Errors = std::vector<ConfigError>;

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

std::string non_empty(const std::string& value) {
    return value.empty() ? "must not be empty" : "";
}

// Reads one table: each known key is read with its type and range; whatever
// is left unread at finish() is an unknown key. Errors accumulate, so one run
// of `jiayi config check` lists every problem in the file.
class TableReader {
  public:
    TableReader(const toml::table* table, std::string path, std::string_view file, Errors& errors)
        : table_(table), path_(std::move(path)), file_(file), errors_(errors) {}

    void integer(std::string_view key, int& out, int min, int max) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        auto value = node->value_exact<std::int64_t>();
        if (!value) {
            error(*node, key, "must be a whole number");
        } else if (*value < min || *value > max) {
            error(*node, key,
                  "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", not " + std::to_string(*value));
        } else {
            out = static_cast<int>(*value);
        }
    }

    void boolean(std::string_view key, bool& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        if (auto value = node->value_exact<bool>()) {
            out = *value;
        } else {
            error(*node, key, "must be true or false");
        }
    }

    // A string; `check` returns an empty string when the value is fine, else the reason.
    template <class Check>
    void string(std::string_view key, std::string& out, Check check) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        auto value = node->value_exact<std::string>();
        if (!value) {
            error(*node, key, "must be a string");
            return;
        }
        if (std::string reason = check(*value); !reason.empty()) {
            error(*node, key, reason);
            return;
        }
        out = *value;
    }

    void string(std::string_view key, std::string& out) {
        string(key, out, [](const std::string&) { return std::string(); });
    }

    // One of a closed set of words, read straight into its enum; anything
    // else is refused naming the key, the value and every allowed word.
    template <class E>
    void choice(std::string_view key, E& out,
                std::type_identity_t<std::initializer_list<std::pair<const char*, E>>> options) {
        std::string word;
        string(key, word, [&](const std::string& value) {
            std::string list;
            for (const auto& [option, _] : options) {
                if (value == option) {
                    return std::string();
                }
                list += (list.empty() ? "\"" : ", \"") + std::string(option) + "\"";
            }
            return "must be one of " + list + ", not \"" + value + "\"";
        });
        for (const auto& [option, value] : options) {
            if (!word.empty() && word == option) {
                out = value;
            }
        }
    }

    // Money as "36.00" (yuan, up to two decimals) or a whole number of yuan.
    void money(std::string_view key, domain::Money& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        if (auto whole = node->value_exact<std::int64_t>();
            whole && *whole >= 0 && *whole <= 1'000'000'000) {
            out = domain::yuan(*whole);
            return;
        }
        if (auto text = node->value_exact<std::string>()) {
            if (auto parsed = domain::parse_yuan(*text)) {
                out = *parsed;
                return;
            }
        }
        error(*node, key, "must be an amount in yuan such as \"36.00\" or 36");
    }

    void populations(std::string_view key, domain::PopulationSet& out) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            error(*node, key, "must be a list of population codes");
            return;
        }
        domain::PopulationSet set;
        for (const toml::node& item : *array) {
            auto text = item.value_exact<std::string>();
            auto population = text ? domain::population_from_code(*text) : std::nullopt;
            if (!population) {
                error(item, key,
                      "has an unknown population code" + (text ? " \"" + *text + "\"" : ""));
                return;
            }
            set.add(*population);
        }
        out = set;
    }

    void path(std::string_view key, std::filesystem::path& out, const std::filesystem::path& base) {
        std::string text = out.string();
        string(key, text, non_empty);
        std::filesystem::path p = text;
        out = p.is_relative() && !base.empty() ? base / p : p;
    }

    // A sub-table; an absent one reads as empty, so every key keeps its default.
    TableReader table(std::string_view key) {
        const toml::node* node = take(key);
        if (node != nullptr && !node->is_table()) {
            error(*node, key, "must be a table ([" + qualified(key) + "])");
            node = nullptr;
        }
        return TableReader(node ? node->as_table() : nullptr, qualified(key), file_, errors_);
    }

    // An array of tables ([[key]]); nullptr when absent.
    const toml::array* array_of_tables(std::string_view key) {
        const toml::node* node = take(key);
        if (node == nullptr) {
            return nullptr;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            error(*node, key, "must be a list of tables ([[" + qualified(key) + "]])");
            return nullptr;
        }
        return array;
    }

    // Reports every key that no reader asked for.
    void finish() {
        if (table_ == nullptr) {
            return;
        }
        for (const auto& [key, node] : *table_) {
            if (!read_.contains(std::string(key.str()))) {
                errors_.push_back({std::string(file_), line_of(node),
                                   "unknown key \"" + qualified(key.str()) + "\""});
            }
        }
    }

    void error(const toml::node& node, std::string_view key, const std::string& reason) {
        errors_.push_back({std::string(file_), line_of(node), qualified(key) + " " + reason});
    }

    bool present() const { return table_ != nullptr; }
    int line() const { return table_ ? line_of(*table_) : 0; }
    const std::string& path_name() const { return path_; }

  private:
    const toml::node* take(std::string_view key) {
        read_.insert(std::string(key));
        return table_ ? table_->get(key) : nullptr;
    }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const toml::table* table_;
    std::string path_;
    std::string_view file_;
    Errors& errors_;
    std::set<std::string> read_;
};

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

// Reads [[staff.members]]: one per nurse, each with an id of their own.
void read_staff_members(TableReader& staff, KioskConfig& config, std::string_view file,
                        Errors& errors) {
    const toml::array* array = staff.array_of_tables("members");
    if (array == nullptr) {
        return;  // no members: nurse mode is off
    }
    std::set<std::string> ids;
    int pin_only = 0;
    for (const toml::node& node : *array) {
        TableReader t(node.as_table(), "staff.members", file, errors);
        const std::size_t errors_before = errors.size();
        auth::StaffMember m;
        t.string("id", m.id, [&](const std::string& id) {
            return ids.contains(id) ? "\"" + id + "\" is used by two staff members"
                                    : check_staff_id(id);
        });
        t.string("name", m.name, [](const std::string& name) {
            return name.size() <= 64 ? "" : std::string("must be at most 64 bytes");
        });
        t.string("pin_hash", m.pin_hash, [](const std::string& hash) {
            return auth::well_formed_pin_hash(hash)
                       ? ""
                       : std::string("must be an Argon2id hash from `jiayi pin hash`");
        });
        t.boolean("badge_required", m.badge_required);
        t.finish();
        if (m.id.empty() || m.pin_hash.empty()) {
            if (errors.size() == errors_before) {
                errors.push_back({std::string(file), line_of(node),
                                  "each [[staff.members]] needs id and pin_hash"});
            }
            continue;
        }
        if (!m.badge_required && ++pin_only == auth::kMaxPinOnlyMembers + 1) {
            errors.push_back(
                {std::string(file), line_of(node),
                 "more than " + std::to_string(auth::kMaxPinOnlyMembers) +
                     " staff members sign in by PIN alone (a try checks each of their PINs, "
                     "about 0.15 s apiece); give the others badge_required = true"});
        }
        ids.insert(m.id);
        config.staff.members.push_back(std::move(m));
    }
}

// Reads [[packages]]; returns the line of each package, for later checks.
std::map<std::string, int> read_packages(TableReader& root, KioskConfig& config,
                                         std::string_view file, Errors& errors) {
    std::map<std::string, int> lines;
    const toml::array* array = root.array_of_tables("packages");
    if (array == nullptr) {
        return lines;  // the defaults hold one basic package
    }
    config.catalogue.packages.clear();
    std::set<std::string> ids;
    for (const toml::node& node : *array) {
        TableReader t(node.as_table(), "packages", file, errors);
        const std::size_t errors_before = errors.size();
        domain::Package p;
        t.string("id", p.id, [&](const std::string& id) {
            return ids.contains(id) ? "\"" + id + "\" is used by two packages" : non_empty(id);
        });
        t.string("name_zh", p.name_zh, non_empty);
        t.string("name_en", p.name_en, non_empty);
        p.kind = domain::PackageKind::Basic;
        t.choice("kind", p.kind,
                 {{"basic", domain::PackageKind::Basic},
                  {"personalised", domain::PackageKind::Personalised}});
        t.money("price", p.price);
        t.populations("targets", p.targets);
        t.finish();
        if (p.id.empty() || p.name_zh.empty() || p.name_en.empty()) {
            if (errors.size() == errors_before) {
                errors.push_back({std::string(file), line_of(node),
                                  "each [[packages]] needs id, name_zh and name_en"});
            }
            continue;
        }
        ids.insert(p.id);
        lines[p.id] = line_of(node);
        config.catalogue.packages.push_back(std::move(p));
    }
    const bool has_basic =
        std::any_of(config.catalogue.packages.begin(), config.catalogue.packages.end(),
                    [](const domain::Package& p) { return p.kind == domain::PackageKind::Basic; });
    if (!has_basic) {
        errors.push_back(
            {std::string(file), line_of(*array), "[[packages]] must include a basic package"});
    }
    return lines;
}

// Every basic package, configured or default, costs at least basic_fee_min.
void check_basic_prices(const KioskConfig& config, const std::map<std::string, int>& lines,
                        int fees_line, std::string_view file, Errors& errors) {
    for (const domain::Package& p : config.catalogue.packages) {
        if (p.kind != domain::PackageKind::Basic || p.price >= config.rules.fees.basic_fee_min) {
            continue;
        }
        const auto line = lines.find(p.id);
        errors.push_back({std::string(file), line != lines.end() ? line->second : fees_line,
                          "basic package \"" + p.id + "\" costs " +
                              domain::to_yuan_string(p.price) + ", below fees.basic_fee_min " +
                              domain::to_yuan_string(config.rules.fees.basic_fee_min)});
    }
}

void read_hospitals(TableReader& root, KioskConfig& config, std::string_view file, Errors& errors) {
    const toml::array* array = root.array_of_tables("hospitals");
    if (array == nullptr) {
        return;
    }
    for (const toml::node& node : *array) {
        TableReader t(node.as_table(), "hospitals", file, errors);
        const std::size_t errors_before = errors.size();
        domain::Hospital h;
        t.string("id", h.id, non_empty);
        t.string("name_zh", h.name_zh, non_empty);
        t.string("name_en", h.name_en, non_empty);
        t.integer("level", h.level, 2, 3);
        t.finish();
        if (h.id.empty() || h.name_zh.empty() || h.name_en.empty()) {
            if (errors.size() == errors_before) {
                errors.push_back({std::string(file), line_of(node),
                                  "each [[hospitals]] needs id, name_zh and name_en"});
            }
            continue;
        }
        config.catalogue.hospitals.push_back(std::move(h));
    }
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

domain::Catalogue default_catalogue() {
    domain::Catalogue c;
    c.packages.push_back(
        {"basic", "基础服务包", "Basic package", domain::PackageKind::Basic, domain::yuan(36), {}});
    return c;
}

}  // namespace

ConfigResult parse_config(std::string_view text, std::string_view source,
                          const std::filesystem::path& base_dir) {
    Errors errors;
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        errors.push_back({std::string(source), static_cast<int>(e.source().begin.line),
                          std::string(e.description())});
        return fail(std::move(errors));
    }

    KioskConfig config;
    config.catalogue = default_catalogue();
    domain::SigningRules& rules = config.rules;
    TableReader top(&root, "", source, errors);

    auto kiosk = top.table("kiosk");
    kiosk.string("id", config.kiosk.id, check_kiosk_id);
    kiosk.string("township", config.kiosk.township);
    kiosk.string("center_name_zh", config.kiosk.center_name_zh);
    kiosk.string("center_name_en", config.kiosk.center_name_en);
    kiosk.string("region_code", rules.site.region_code, check_region);
    kiosk.integer("cross_region_level", rules.site.cross_region_level, 2, 6);
    if (rules.site.cross_region_level % 2 != 0) {
        errors.push_back(
            {std::string(source), kiosk.line(), "kiosk.cross_region_level must be 2, 4 or 6"});
    }
    kiosk.integer("utc_offset_minutes", config.kiosk.utc_offset_minutes, -720, 840);
    kiosk.choice(
        "channel", config.kiosk.channel,
        {{"kiosk", domain::Channel::Kiosk}, {"on-site-event", domain::Channel::OnSiteEvent}});
    kiosk.finish();

    auto hub = top.table("hub");
    hub.string("url", config.hub.url, hub_url_problem);
    hub.string("credential_file", config.hub.credential_file);
    std::string ca_file;
    hub.string("ca_file", ca_file);
    if (!ca_file.empty()) {
        const std::filesystem::path ca = ca_file;
        config.hub.ca_file = ca.is_relative() && !base_dir.empty() ? base_dir / ca : ca;
    }
    hub.string("pinned_key", config.hub.pinned_key, check_pinned_key);
    hub.integer("connect_timeout_seconds", config.hub.connect_timeout_seconds, 1, 120);
    hub.integer("transfer_timeout_seconds", config.hub.transfer_timeout_seconds, 1, 600);
    hub.integer("sync_period_seconds", config.hub.sync_period_seconds, 5, 86400);
    hub.string("center", config.hub.center);
    hub.integer("online_wait_seconds", config.hub.online_wait_seconds, 0, 30);
    hub.integer("heartbeat_seconds", config.hub.heartbeat_seconds, 0, 86400);
    hub.finish();

    auto paths = top.table("paths");
    paths.path("database", config.paths.database, base_dir);
    paths.path("key_file", config.paths.key_file, base_dir);
    paths.finish();

    auto screen = top.table("screen");
    screen.boolean("fullscreen", config.screen.fullscreen);
    screen.choice("orientation", config.screen.orientation,
                  {{"landscape", Orientation::Landscape}, {"portrait", Orientation::Portrait}});
    screen.choice("language", config.screen.language,
                  {{"zh-CN", text::Language::ZhCN}, {"en", text::Language::En}});
    screen.boolean("large_text", config.screen.large_text);
    screen.integer("idle_seconds", config.screen.idle_seconds, 15, 600);
    screen.integer("dim_after_seconds", config.screen.dim_after_seconds, 0, 3600);
    screen.integer("countdown_seconds", config.screen.countdown_seconds, 20, 120);
    screen.finish();

    auto voice = top.table("voice");
    voice.boolean("enabled", config.voice.enabled);
    voice.integer("volume", config.voice.volume, 0, 100);
    // Empty names no folder (no recordings, no cache kept).
    const auto folder = [&](std::string_view key, std::filesystem::path& out) {
        std::string given = out.string();
        voice.string(key, given);
        const std::filesystem::path p = given;
        out = !p.empty() && p.is_relative() && !base_dir.empty() ? base_dir / p : p;
    };
    folder("prompts", config.voice.prompts);
    folder("cache", config.voice.cache);
    std::string quiet = "22:00-07:00";
    voice.string("quiet_hours", quiet, [](const std::string& value) {
        return value.empty() || parse_quiet_hours(value)
                   ? std::string()
                   : std::string("must be \"HH:MM-HH:MM\" (local times) or \"\" for none");
    });
    if (auto hours = parse_quiet_hours(quiet)) {
        config.voice.quiet_from_minute = hours->first;
        config.voice.quiet_to_minute = hours->second;
    } else if (quiet.empty()) {
        config.voice.quiet_from_minute = config.voice.quiet_to_minute = 0;
    }
    voice.integer("quiet_volume", config.voice.quiet_volume, 0, 100);
    voice.finish();

    auto staff = top.table("staff");
    // One PIN shared by every nurse named nobody; each nurse has their own now.
    std::string shared_nurse_pin;
    staff.string("nurse_pin_hash", shared_nurse_pin, [](const std::string& hash) {
        const char* moved =
            "(one PIN for every nurse) is replaced by [[staff.members]]: give each nurse an id "
            "and a PIN of their own (`jiayi pin hash`), then remove this line";
        return hash.empty() ? std::string() : std::string(moved);
    });
    read_staff_members(staff, config, source, errors);
    staff.string("admin_pin_hash", config.staff.admin_pin_hash, check_pin_hash);
    staff.integer("max_pin_attempts", config.staff.max_pin_attempts, 1, 20);
    staff.integer("lockout_minutes", config.staff.lockout_minutes, 1, 1440);
    staff.finish();

    auto devices = top.table("devices");
    devices.string("idcard_reader", config.devices.idcard_reader, check_idcard_reader);
    devices.integer("idcard_baud", config.devices.idcard_baud, 0, 115200);
    devices.choice(
        "idcard_usb_pipes", config.devices.idcard_usb_pipes,
        {{"split", UsbPipes::Split}, {"single", UsbPipes::Single}, {"probe", UsbPipes::Probe}});
    devices.boolean("idcard_keep_photo", config.devices.idcard_keep_photo);
    devices.string("qr_camera", config.devices.qr_camera);
    std::string frame_size;
    devices.string("qr_camera_size", frame_size, check_frame_size);
    config.devices.qr_camera_size =
        parse_frame_size(frame_size).value_or(config.devices.qr_camera_size);
    devices.string("qr_wedge", config.devices.qr_wedge);
    devices.string("printer", config.devices.printer, check_printer);
    devices.string("printer_profile", config.devices.printer_profile);
    devices.string("printer_profiles", config.devices.printer_profiles);
    devices.finish();

    auto privacy = top.table("privacy");
    privacy.integer("purge_after_days", config.privacy.purge_after_days, 1, 3650);
    privacy.integer("id_visible_head", rules.mask.id_visible_head, 0, 6);
    privacy.integer("id_visible_tail", rules.mask.id_visible_tail, 0, 6);
    privacy.finish();

    auto contract = top.table("contract");
    contract.integer("term_years", rules.contract.term_years, 1, 5);
    contract.integer("renewal_days_before", rules.contract.renewal_days_before, 0, 365);
    contract.integer("renewal_days_after", rules.contract.renewal_days_after, 0, 365);
    contract.boolean("allow_midterm_switch", rules.contract.allow_midterm_switch);
    contract.integer("guardian_required_under", rules.contract.guardian_required_under, 14, 18);
    contract.string("notice_version", config.notice_version, non_empty);
    contract.finish();

    auto team = top.table("team");
    team.integer("default_capacity", rules.team.default_capacity, 1, 100000);
    team.finish();

    auto populations = top.table("populations");
    populations.integer("elderly_min_age", rules.populations.elderly_min_age, 50, 100);
    populations.integer("child_max_age", rules.populations.child_max_age, 0, 17);
    populations.finish();

    auto fees = top.table("fees");
    fees.money("basic_fee_min", rules.fees.basic_fee_min);
    fees.money("insurance_fund_share", rules.fees.basic_insurance_fund);
    fees.money("public_health_share", rules.fees.basic_public_health);
    fees.populations("personal_share_waived_for", rules.fees.personal_share_waived_for);
    fees.boolean("employee_account_pays_personal", rules.fees.employee_account_pays_personal);
    fees.finish();
    if (rules.fees.basic_insurance_fund + rules.fees.basic_public_health >
        rules.fees.basic_fee_min) {
        errors.push_back({std::string(source), fees.line(),
                          "fees: the funds' shares add up to more than basic_fee_min"});
    }

    auto phone = top.table("phone");
    phone.integer("shared_number_threshold", rules.phone.shared_number_threshold, 2, 1000);
    phone.finish();

    auto signature = top.table("signature");
    signature.integer("min_ink", rules.signature.min_ink, 0, 3000);
    signature.integer("min_width", rules.signature.min_width, 0, 1000);
    signature.integer("min_height", rules.signature.min_height, 0, 333);
    signature.finish();

    auto booking = top.table("booking");
    booking.integer("max_open_bookings", rules.booking.max_open_bookings, 1, 20);
    booking.integer("cancel_deadline_hours", rules.booking.cancel_deadline_hours, 0, 720);
    booking.integer("pool_release_days_before", rules.booking.pool_release_days_before, 0, 30);
    booking.integer("pool_min_percent", rules.booking.pool_min_percent, 0, 100);
    booking.finish();

    auto coverage = top.table("coverage");
    coverage.integer("resident_percent", rules.coverage.resident_percent, 0, 100);
    coverage.integer("key_population_percent", rules.coverage.key_population_percent, 0, 100);
    coverage.integer("priority_percent", rules.coverage.priority_percent, 0, 100);
    coverage.finish();

    const auto package_lines = read_packages(top, config, source, errors);
    check_basic_prices(config, package_lines, fees.line(), source, errors);
    read_hospitals(top, config, source, errors);
    top.finish();

    if (!errors.empty()) {
        std::stable_sort(
            errors.begin(), errors.end(),
            [](const ConfigError& a, const ConfigError& b) { return a.line < b.line; });
        return fail(std::move(errors));
    }
    return config;
}

int voice_volume(const VoiceSection& voice, int minute_of_day) {
    if (!voice.enabled) {
        return 0;
    }
    const int from = voice.quiet_from_minute;
    const int to = voice.quiet_to_minute;
    const bool quiet = from < to ? minute_of_day >= from && minute_of_day < to
                                 : from > to && (minute_of_day >= from || minute_of_day < to);
    return quiet ? voice.quiet_volume : voice.volume;
}

ConfigResult load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return fail(Errors{{file.string(), 0, "cannot be read (missing, or no permission)"}});
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), file.string(), file.parent_path());
}

}  // namespace jiayi::config
