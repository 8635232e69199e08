#include "drivers/printer/profile.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <sstream>

namespace jiayi::drivers::printer {

namespace {

Result<Profile, std::string> profile_from(const std::string& id, const toml::table& t) {
    Profile p;
    p.id = id;
    auto where = [&](std::string_view field) {
        return "printer profile " + id + ": " + std::string(field);
    };
    p.name = t["name"].value_or(id);
    if (const toml::array* usb = t["usb"].as_array()) {
        for (const auto& item : *usb) {
            auto text = item.value<std::string>();
            if (!text || text->size() != 9 || (*text)[4] != ':') {
                return fail(where("usb") + " entries are \"vvvv:pppp\" in hex");
            }
            std::string lower = *text;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            p.usb.push_back(lower);
        }
    }
    p.dots = static_cast<int>(t["dots"].value_or(std::int64_t{0}));
    if (p.dots != 384 && p.dots != 512 && p.dots != 576) {
        return fail(where("dots") + " must be 384 (58 mm), 512 or 576 (80 mm)");
    }
    p.columns = static_cast<int>(t["columns"].value_or(std::int64_t{0}));
    if (p.columns < 24 || p.columns > 64 || p.dots / p.columns < 8) {
        return fail(where("columns") + " must be between 24 and 64, at least 8 dots each");
    }
    const std::string font = t["font"].value_or(std::string("gb2312"));
    const auto set = font_set_from_code(font);
    if (!set) {
        return fail(where("font") + " is gb2312, gbk or gb18030, not " + font);
    }
    p.font = *set;
    p.qr = t["qr"].value_or(false);
    p.qr_module = static_cast<int>(t["qr_module"].value_or(std::int64_t{p.dots >= 512 ? 8 : 6}));
    if (p.qr_module < 1 || p.qr_module > 16) {
        return fail(where("qr_module") + " must be 1 to 16");
    }
    const std::string cut = t["cut"].value_or(std::string("none"));
    if (cut == "none") {
        p.cut = Cut::None;
    } else if (cut == "partial") {
        p.cut = Cut::Partial;
    } else if (cut == "full") {
        p.cut = Cut::Full;
    } else {
        return fail(where("cut") + " is none, partial or full, not " + cut);
    }
    p.status = t["status"].value_or(false);
    p.feed_before_cut = static_cast<int>(t["feed_before_cut"].value_or(std::int64_t{4}));
    if (p.feed_before_cut < 0 || p.feed_before_cut > 20) {
        return fail(where("feed_before_cut") + " must be 0 to 20");
    }
    return p;
}

}  // namespace

std::string_view code(Cut cut) {
    switch (cut) {
        case Cut::Partial:
            return "partial";
        case Cut::Full:
            return "full";
        case Cut::None:
            break;
    }
    return "none";
}

Result<std::vector<Profile>, std::string> parse_profiles(std::string_view text) {
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        std::ostringstream where;
        where << "printer profiles, line " << e.source().begin.line << ": " << e.description();
        return fail(where.str());
    }
    std::vector<Profile> out;
    for (const auto& [key, node] : root) {
        const toml::table* t = node.as_table();
        if (t == nullptr) {
            return fail("printer profiles: " + std::string(key.str()) + " is not a [section]");
        }
        auto p = profile_from(std::string(key.str()), *t);
        if (!p) {
            return fail(p.error());
        }
        out.push_back(std::move(*p));
    }
    return out;
}

Result<std::vector<Profile>, std::string> load_profiles(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return fail("cannot read the printer profiles " + file.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_profiles(text.str());
}

const Profile* find_profile(const std::vector<Profile>& profiles, std::string_view id) {
    for (const Profile& p : profiles) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

}  // namespace jiayi::drivers::printer
