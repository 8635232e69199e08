#include "apps/jiayi/doctor_checks.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "apps/jiayi/device_states.hpp"
#include "common/font_file.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/hub_check.hpp"
#include "kiosk/sync/settings.hpp"

namespace jiayi::cli {

namespace {

std::string megabytes(std::uintmax_t bytes) {
    const std::uintmax_t tenths = bytes * 10 / (1024 * 1024);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

std::string duration_words(std::int64_t seconds) {
    seconds = std::abs(seconds);
    if (seconds < 120) {
        return std::to_string(seconds) + " s";
    }
    if (seconds < 2 * 3600) {
        return std::to_string(seconds / 60) + " min";
    }
    if (seconds < 2 * 86400) {
        return std::to_string(seconds / 3600) + " h";
    }
    return std::to_string(seconds / 86400) + " days";
}

Check key_check(const config::KioskConfig& config, std::optional<store::KeyRing>& keys) {
    auto loaded = store::KeyRing::load(config.paths.key_file);
    if (!loaded) {
        // The key's own words name the fix (chmod 600, chown, `jiayi key generate`).
        return {"key", false, loaded.error().message};
    }
    keys = std::move(loaded).value();
    return {"key", true,
            config.paths.key_file.string() + ": readable by this user only, a valid key"};
}

Check store_check(const config::KioskConfig& config, const std::optional<store::KeyRing>& keys,
                  Instant now, std::unique_ptr<store::Store>& opened) {
    const auto& path = config.paths.database;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        return {"store", false,
                "no store at " + path.string() +
                    ": start the kiosk once (it creates it), or correct [paths] database"};
    }
    if (!keys) {
        return {"store", false, path.string() + ": not opened: it needs the key (see key)"};
    }
    auto store = store::Store::open(path, *keys, now, /*migrate=*/false);
    if (!store && store.error().kind == store::StoreErrorKind::WrongKey) {
        return {"store", false,
                path.string() +
                    " does not open with this key: put back the key file it was made "
                    "with ([paths] key_file, from the kiosk's backup)"};
    }
    if (!store && store.error().kind == store::StoreErrorKind::SchemaTooNew) {
        return {"store", false,
                store.error().message + ": install the jiayi version that wrote it, or newer"};
    }
    if (!store) {
        return {"store", false,
                path.string() + " does not open (" + store.error().message +
                    "): stop the kiosk, keep a copy of the file, and restore the last backup"};
    }
    auto problems = store.value()->integrity_problems();
    if (!problems) {
        return {"store", false,
                path.string() + ": the integrity check could not run (" + problems.error().message +
                    "): stop the kiosk, keep a copy of the file, and restore the last backup"};
    }
    if (!problems->empty()) {
        return {"store", false,
                path.string() + " is damaged (" + problems->front() +
                    "): stop the kiosk, keep a copy of the file, and restore the last backup"};
    }
    std::uintmax_t size = std::filesystem::file_size(path, error);
    const auto wal = std::filesystem::file_size(path.string() + "-wal", error);
    if (!error) {
        size += wal;
    }
    const int version = store.value()->schema_version();
    opened = std::move(store).value();
    std::string say = path.string() + ": " + megabytes(size) + ", integrity ok, schema " +
                      std::to_string(version);
    if (version < store::Store::latest_schema_version()) {
        say += " (the kiosk brings it to " + std::to_string(store::Store::latest_schema_version()) +
               " when it starts)";
    }
    return {"store", true, say};
}

Check disk_check(const config::KioskConfig& config, std::int64_t min_free) {
    const auto folder = config.paths.database.parent_path().empty()
                            ? std::filesystem::path(".")
                            : config.paths.database.parent_path();
    struct statvfs fs {};
    if (::statvfs(folder.c_str(), &fs) != 0) {
        return {"disk", false,
                "cannot look at the disk of " + folder.string() +
                    ": create the folder and give it to the kiosk's user"};
    }
    const auto free = static_cast<std::uintmax_t>(fs.f_bavail) * fs.f_frsize;
    const auto total = static_cast<std::uintmax_t>(fs.f_blocks) * fs.f_frsize;
    const std::string facts =
        megabytes(free) + " free of " + megabytes(total) + " on " + folder.string();
    if (free < static_cast<std::uintmax_t>(min_free)) {
        return {"disk", false,
                "only " + facts +
                    ": free space (old logs, files left in /tmp) before the store "
                    "cannot write a signing"};
    }
    return {"disk", true, facts};
}

Check fonts_check() {
    auto font = MappedFile::open(kFontFile);
    if (!font) {
        return {"fonts", false, font.error()};
    }
    return {"fonts", true, std::string(kFontFile) + " (" + megabytes(font.value()->size()) + ")"};
}

std::string what_to_do(const Configured& c) {
    if (c.state == "missing") {
        return "plug it in, or correct [devices] in the configuration";
    }
    if (c.state == "unreachable") {
        return "check its power and cable (or its network address), or correct [devices]";
    }
    if (c.state == "not-ready") {
        return "load paper, close the cover, or correct [devices] printer_profile";
    }
    return "";  // no-access: its detail says what to install
}

Check devices_check(const config::KioskConfig& config, const std::filesystem::path& profiles) {
    auto usb = usb::list();
    const auto states = configured_states(config.devices, profiles, usb ? &usb.value() : nullptr);
    std::string fine;
    std::string wrong;
    for (const auto& c : states) {
        if (!c.configured()) {
            continue;
        }
        std::string line = c.role + " " + c.address + " " + c.state;
        if (!c.detail.empty()) {
            line += " (" + c.detail + ")";
        }
        if (c.fine()) {
            fine += (fine.empty() ? "" : "; ") + line;
        } else {
            const std::string todo = what_to_do(c);
            wrong += (wrong.empty() ? "" : "; ") + line + (todo.empty() ? "" : ": " + todo);
        }
    }
    if (!wrong.empty()) {
        return {"devices", false, wrong};
    }
    if (fine.empty()) {
        return {"devices", true, "none configured ([devices] is empty: a kiosk for the desk only)"};
    }
    return {"devices", true, fine};
}

struct HubChecks {
    Check hub;
    Check clock;
};

std::string transport_advice(const sync::TransportError& e, const config::KioskConfig& config) {
    const std::string& url = config.hub.url;
    switch (e.kind) {
        case sync::TransportFailure::Unreachable:
            return "cannot reach the hub at " + url + " (" + e.message +
                   "): check the network, the firewall and [hub] url";
        case sync::TransportFailure::Timeout:
            return "the hub at " + url + " did not answer in time (" + e.message +
                   "): check the network and the firewall, or ask the hub's administrator";
        case sync::TransportFailure::Certificate:
            return "the hub's TLS certificate does not verify (" + e.message +
                   "): check [hub] ca_file and pinned_key, and this kiosk's clock";
        case sync::TransportFailure::Credential:
            return e.message +
                   ": write the kiosk's token (from `jiayi-hub token issue`) into it, readable "
                   "by the kiosk's user only";
        case sync::TransportFailure::Setup:
            return e.message + ": correct [hub] url";
        case sync::TransportFailure::NotHttp:
        case sync::TransportFailure::ConnectionLost:
            return "something at " + url + " answers, but not as the hub (" + e.message +
                   "): check [hub] url (https://…/fhir) and any proxy in between";
        case sync::TransportFailure::Cancelled:
            break;
    }
    return "the hub could not be asked (" + e.message + ")";
}

HubChecks hub_checks(const config::KioskConfig& config, const DoctorOptions& options) {
    auto settings = sync::settings_from(config);
    settings.endpoint.connect_timeout =
        std::min<std::chrono::milliseconds>(settings.endpoint.connect_timeout, options.hub_timeout);
    settings.endpoint.transfer_timeout = std::min<std::chrono::milliseconds>(
        settings.endpoint.transfer_timeout, options.hub_timeout);
    sync::HubClient client(settings.endpoint);
    auto contact = sync::contact_hub(client, config.kiosk.id);
    const Check not_compared{"clock", false,
                             "not compared with the hub's clock: the hub did not answer (see hub)"};
    if (!contact) {
        return {{"hub", false, transport_advice(contact.error(), config)}, not_compared};
    }
    const std::string token = config.hub.credential_file;
    Check hub{"hub", false, ""};
    switch (contact->verdict) {
        case sync::HubVerdict::Accepted:
            hub = {
                "hub", true,
                config.hub.url + " answers" +
                    (config.hub.url.starts_with("https://") ? ", its certificate verified" : "") +
                    ", the kiosk's token accepted"};
            break;
        case sync::HubVerdict::TokenRefused:
            hub.say = "the hub refused the kiosk's token in " + token +
                      " (401): issue a new one on the hub (`jiayi-hub token issue " +
                      config.kiosk.id + " --township …`) and write it there";
            break;
        case sync::HubVerdict::Forbidden:
            hub.say = "the hub knows the token but not for kiosk \"" + config.kiosk.id +
                      "\" (403): check [kiosk] id, or issue this kiosk's own token";
            break;
        case sync::HubVerdict::Unavailable:
            hub.say =
                "the hub answers but cannot reach its database (503): tell the hub's "
                "administrator";
            break;
        case sync::HubVerdict::OtherAnswer:
            hub.say = "the hub answered HTTP " + std::to_string(contact->status) +
                      " to an authenticated read: check [hub] url, or tell the hub's administrator";
            break;
    }
    if (!contact->hub_time) {
        return {hub,
                {"clock", false,
                 "the hub sent no Date header: the clocks cannot be compared (update "
                 "jiayi-hub)"}};
    }
    const std::int64_t skew = options.now.unix_seconds - contact->hub_time->unix_seconds;
    if (std::abs(skew) > options.max_clock_skew.count()) {
        return {hub,
                {"clock", false,
                 "this kiosk's clock is " + duration_words(skew) +
                     (skew > 0 ? " ahead of" : " behind") +
                     " the hub's: contract dates would be wrong; turn on time "
                     "synchronisation (timedatectl set-ntp true) or set the clock"}};
    }
    return {hub, {"clock", true, "within " + duration_words(skew) + " of the hub's"}};
}

Check outbox_check(store::Store* store, const DoctorOptions& options) {
    if (store == nullptr) {
        return {"outbox", false, "not read: the store did not open (see store)"};
    }
    auto status = store->status();
    if (!status) {
        return {"outbox", false,
                "the store's outbox cannot be read (" + status.error().message + ")"};
    }
    const auto& s = status.value();
    if (s.outbox_refused > 0) {
        return {"outbox", false,
                std::to_string(s.outbox_refused) +
                    " records refused by the center wait for a nurse: sign in as staff at the "
                    "kiosk and settle them"};
    }
    if (s.outbox_pending == 0) {
        return {"outbox", true, "empty: everything was sent"};
    }
    std::string say = std::to_string(s.outbox_pending) + " records wait to be sent";
    if (s.oldest_pending_at) {
        say += " (oldest " + *s.oldest_pending_at + ")";
        const auto oldest = parse_iso8601(*s.oldest_pending_at);
        const auto limit =
            std::chrono::duration_cast<std::chrono::seconds>(options.outbox_age_limit);
        if (oldest && options.now.unix_seconds - oldest->unix_seconds > limit.count()) {
            return {"outbox", false,
                    say + ": nothing was sent for " +
                        duration_words(options.now.unix_seconds - oldest->unix_seconds) +
                        "; fix the hub line, then `jiayi sync now`"};
        }
    }
    return {"outbox", true, say};
}

}  // namespace

std::vector<Check> run_checks(const DoctorOptions& options) {
    std::vector<Check> checks;
    auto loaded = config::load_config(options.config_file);
    if (!loaded) {
        std::string say;
        for (const auto& e : loaded.error()) {
            say += (say.empty() ? "" : "; ") + e.to_string();
        }
        checks.push_back(
            {"config", false, say + ": correct the file (config/kiosk.toml documents every key)"});
        checks.push_back(fonts_check());
        return checks;
    }
    const config::KioskConfig& config = loaded.value();
    checks.push_back(
        {"config", true, options.config_file.string() + " reads (kiosk " + config.kiosk.id + ")"});
    std::optional<store::KeyRing> keys;
    checks.push_back(key_check(config, keys));
    std::unique_ptr<store::Store> store;
    checks.push_back(store_check(config, keys, options.now, store));
    checks.push_back(disk_check(config, options.min_free_bytes));
    checks.push_back(fonts_check());
    const auto profiles = config.devices.printer_profiles.empty()
                              ? options.printer_profiles
                              : std::filesystem::path(config.devices.printer_profiles);
    checks.push_back(devices_check(config, profiles));
    auto hub = hub_checks(config, options);
    checks.push_back(std::move(hub.hub));
    checks.push_back(std::move(hub.clock));
    checks.push_back(outbox_check(store.get(), options));
    return checks;
}

}  // namespace jiayi::cli
