#include "kiosk/config/config.hpp"

#include "kiosk/config/checks.hpp"
#include "kiosk/config/hub_url.hpp"
#include "kiosk/config/table_reader.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "common/frame_size.hpp"

namespace jiayi::config {

namespace {

using detail::Errors;
using detail::line_of;
using detail::money;
using detail::non_empty;
using detail::path;
using detail::populations;
using detail::TableReader;

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
        money(t, "price", p.price);
        populations(t, "targets", p.targets);
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
    path(paths, "database", config.paths.database, base_dir);
    path(paths, "key_file", config.paths.key_file, base_dir);
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

    auto population_ages = top.table("populations");
    population_ages.integer("elderly_min_age", rules.populations.elderly_min_age, 50, 100);
    population_ages.integer("child_max_age", rules.populations.child_max_age, 0, 17);
    population_ages.finish();

    auto fees = top.table("fees");
    money(fees, "basic_fee_min", rules.fees.basic_fee_min);
    money(fees, "insurance_fund_share", rules.fees.basic_insurance_fund);
    money(fees, "public_health_share", rules.fees.basic_public_health);
    populations(fees, "personal_share_waived_for", rules.fees.personal_share_waived_for);
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
