#pragma once
// The glyph atlas that follows the view: built at start from the first
// screen's words, then completed with every text the screens may show (on a
// worker, right after the first frame), and grown when a view brings a
// character it lacks (a rare character in a name). Building on a worker, the
// new atlas is swapped in between frames, on the UI thread, so a frame is
// never late. Building the whole catalog's glyphs before the first frame
// cost more than the rest of a start (the atlas of ~500 characters at two
// sizes against ~60 on the home screen).

#include <future>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "kiosk/flow/view_model.hpp"
#include "ui/platform/sdl_platform.hpp"
#include "ui/text/fonts.hpp"
#include "ui/theme.hpp"

namespace jiayi::ui {

// The characters a view shows beyond the catalog: names, teams, receipts.
std::string view_text(const flow::View& view);

class GlyphCache {
  public:
    explicit GlyphCache(Platform& platform) : platform_(platform) {}
    ~GlyphCache();  // waits for a build still running
    GlyphCache(const GlyphCache&) = delete;
    GlyphCache& operator=(const GlyphCache&) = delete;

    // An atlas of every character of `text` at the theme's sizes, now;
    // `later` (what other screens may show) joins it in the next build.
    Result<void, std::string> load(const Theme& theme, std::string text, std::string later = {});
    // Adds what load() left for later: starts the build on the worker (the
    // next follow() installs it once done); with `wait`, installs it now.
    Result<void, std::string> complete(bool wait);
    // The same characters at the theme's new sizes (large text), now.
    Result<void, std::string> resize(const Theme& theme);
    // Makes the atlas cover `wanted`: starts a build on the worker when it
    // does not; installs a finished build (with `wait`, waits for it).
    Result<void, std::string> follow(const std::string& wanted, bool wait);
    bool pending() const { return building_.has_value(); }
    const FontSet& fonts() const { return fonts_; }

  private:
    FontRequest request(std::string text) const;
    void start(std::string text);  // a build of `text` on the worker
    Result<void, std::string> finish(bool wait);

    Platform& platform_;
    float body_px_ = 0;
    float title_px_ = 0;
    FontSet fonts_;
    std::string atlas_text_;  // every character the installed atlas holds
    std::string later_;       // what the next build adds (empty while one runs)
    std::optional<std::future<Result<Atlas, std::string>>> building_;
    std::string building_text_;
};

}  // namespace jiayi::ui
