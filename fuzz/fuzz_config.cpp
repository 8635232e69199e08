// config::parse_config on any text (config/kiosk.toml's format): nothing is
// thrown out of the parser; a refused file lists its errors in line order,
// each naming the file and a line of the text, so `jiayi config check` can
// point at it; an accepted file holds only values its checks allow — every
// number in its documented range (kiosk/config/config.cpp's table), a basic
// package that costs at least basic_fee_min, funds' shares within it.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "kiosk/config/config.hpp"

using namespace jiayi;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

bool within(int value, int min, int max) {
    return value >= min && value <= max;
}

bool digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_accepted(const config::KioskConfig& c) {
    const domain::SigningRules& r = c.rules;
    check(within(r.site.cross_region_level, 2, 6) && r.site.cross_region_level % 2 == 0);
    check(r.site.region_code.size() == 6);
    check(within(c.kiosk.utc_offset_minutes, -720, 840));
    check(!c.kiosk.id.empty() && c.kiosk.id.size() <= 64);
    check(c.hub.url.starts_with("https://") || c.hub.url.starts_with("http://"));
    check(!c.paths.database.empty() && !c.paths.key_file.empty());
    check(within(c.screen.idle_seconds, 15, 600) && within(c.screen.countdown_seconds, 20, 120));
    check(within(c.staff.max_pin_attempts, 1, 20) && within(c.staff.lockout_minutes, 1, 1440));
    check(within(c.devices.idcard_baud, 0, 115200));
    check(within(c.devices.qr_camera_size.width, 160, 4096) &&
          within(c.devices.qr_camera_size.height, 120, 2160));
    check(digits(r.site.region_code));
    check(c.staff.admin_pin_hash.empty() || c.staff.admin_pin_hash.starts_with("$argon2id$"));
    check(within(c.privacy.purge_after_days, 1, 3650));
    check(within(r.mask.id_visible_head, 0, 6) && within(r.mask.id_visible_tail, 0, 6));
    check(within(r.contract.term_years, 1, 5));
    check(within(r.contract.guardian_required_under, 14, 18));
    check(!c.notice_version.empty());
    check(within(r.team.default_capacity, 1, 100000));
    check(within(r.populations.child_max_age, 0, 17));
    check(r.fees.basic_insurance_fund + r.fees.basic_public_health <= r.fees.basic_fee_min);
    check(r.fees.basic_fee_min.fen >= 0);
    bool basic = false;
    std::set<std::string> ids;
    for (const domain::Package& p : c.catalogue.packages) {
        check(!p.id.empty() && !p.name_zh.empty() && !p.name_en.empty());
        check(ids.insert(p.id).second);
        if (p.kind == domain::PackageKind::Basic) {
            basic = true;
            check(p.price >= r.fees.basic_fee_min);
        }
    }
    check(basic);
    for (const domain::Hospital& h : c.catalogue.hospitals) {
        check(!h.id.empty() && within(h.level, 2, 3));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;

    // An exception out of parse_config ends the run here (std::terminate).
    const config::ConfigResult parsed = config::parse_config(text, "fuzz.toml", "/base");
    if (parsed) {
        check_accepted(*parsed);
        // Relative paths resolve against the file's folder.
        check(parsed->paths.database.is_absolute() && parsed->paths.key_file.is_absolute());
        return 0;
    }
    const auto& errors = parsed.error();
    check(!errors.empty());
    int previous = 0;
    for (const config::ConfigError& e : errors) {
        check(e.file == "fuzz.toml");
        check(!e.message.empty());
        check(e.line >= 1 && e.line <= lines);
        check(e.line >= previous);
        check(e.to_string().starts_with("fuzz.toml:" + std::to_string(e.line) + ": "));
        previous = e.line;
    }
    return 0;
}
