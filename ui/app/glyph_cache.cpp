#include "ui/app/glyph_cache.hpp"

#include <chrono>

namespace jiayi::ui {

std::string view_text(const flow::View& v) {
    std::string s = v.person.masked_name + v.person.team_name + v.person.doctor;
    for (const auto& t : v.teams) {
        s += t.name + t.doctor + t.specialties + t.villages;
    }
    for (const auto& c : v.choices) {
        s += c.name_zh + c.name_en;
    }
    // Booking: the names come from the center, not the catalogs.
    const auto slot_text = [](const flow::SlotView& b) {
        return b.hospital_zh + b.hospital_en + b.department_zh + b.department_en + b.place_zh +
               b.place_en;
    };
    for (const auto& o : v.booking.options) {
        s += o.name_zh + o.name_en;
    }
    s += slot_text(v.booking.slot);
    for (const auto& b : v.booking.bookings) {
        s += slot_text(b);
    }
    if (v.receipt) {
        for (const auto& line : v.receipt->lines) {
            for (const auto& a : line.args) {
                s += a;
            }
        }
    }
    return s;
}

GlyphCache::~GlyphCache() {
    if (building_) {
        building_->wait();
    }
}

FontRequest GlyphCache::request(std::string text) const {
    FontRequest r;
    r.body_px = body_px_;
    r.title_px = title_px_;
    r.text = std::move(text);
    return r;
}

Result<void, std::string> GlyphCache::load(const Theme& theme, std::string text,
                                           std::string later) {
    if (auto done = finish(true); !done) {
        return done;
    }
    later_ = std::move(later);
    body_px_ = theme.body_px();
    title_px_ = theme.title_px();
    auto fonts = platform_.load_fonts(request(text));
    if (!fonts) {
        return fail(fonts.error());
    }
    fonts_ = *fonts;
    atlas_text_ = std::move(text);
    return Ok{};
}

Result<void, std::string> GlyphCache::resize(const Theme& theme) {
    // What a build still running adds is kept: it is finished first.
    if (auto done = finish(true); !done) {
        return done;
    }
    return load(theme, atlas_text_ + later_);
}

void GlyphCache::start(std::string text) {
    // What was left for later comes with any build.
    building_text_ = std::move(text) + later_;
    later_.clear();
    building_ = std::async(std::launch::async, [r = request(building_text_)] {
        auto atlas = build_atlas(r);
        Platform::wake();
        return atlas;
    });
}

Result<void, std::string> GlyphCache::follow(const std::string& wanted, bool wait) {
    if (!covers(atlas_text_, wanted) && !building_) {
        start(atlas_text_ + wanted);
    }
    return finish(wait);
}

Result<void, std::string> GlyphCache::complete(bool wait) {
    if (!later_.empty() && !building_) {
        start(atlas_text_);
    }
    return finish(wait);
}

Result<void, std::string> GlyphCache::finish(bool wait) {
    if (!building_) {
        return Ok{};
    }
    if (!wait && building_->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return Ok{};
    }
    auto atlas = building_->get();
    building_.reset();
    if (!atlas) {
        return fail(atlas.error());
    }
    auto fonts = platform_.install_fonts(std::move(atlas).value());
    if (!fonts) {
        return fail(fonts.error());
    }
    fonts_ = *fonts;
    atlas_text_ = std::move(building_text_);
    return Ok{};
}

}  // namespace jiayi::ui
