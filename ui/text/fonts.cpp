#include "ui/text/fonts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include <imgui_internal.h>

#include "common/image/typeface.hpp"

namespace jiayi::ui {

Atlas::~Atlas() {
    if (atlas_ != nullptr) {
        IM_DELETE(atlas_);
    }
}

Atlas::Atlas(Atlas&& other) noexcept
    : atlas_(std::exchange(other.atlas_, nullptr)), fonts_(other.fonts_) {}

Atlas& Atlas::operator=(Atlas&& other) noexcept {
    if (this != &other) {
        if (atlas_ != nullptr) {
            IM_DELETE(atlas_);
        }
        atlas_ = std::exchange(other.atlas_, nullptr);
        fonts_ = other.fonts_;
    }
    return *this;
}

ImFontAtlas* Atlas::release() {
    return std::exchange(atlas_, nullptr);
}

Result<Atlas, std::string> build_atlas(const FontRequest& request) {
    auto mapped = MappedFile::open(request.file);
    if (!mapped) {
        return fail(mapped.error());
    }
    const MappedFile& file = **mapped;
    // ImGui sizes a font by its line height (ascent minus descent, about 1.45 em
    // for Noto Sans CJK), so a font asked for at 32 px would draw a 22 px
    // character. The request is in ems; ImGui gets the line height for it.
    // (ImGui 1.86 takes a negative size as an em, but then reports a negative
    // FontSize, which every measurement uses.)
    auto typeface = image::Typeface::open(request.file, request.face);
    if (!typeface) {
        return fail(typeface.error());
    }
    const float body_line = (*typeface)->line_height(request.body_px);
    const float title_line = (*typeface)->line_height(request.title_px);
    Atlas out;
    out.atlas_ = IM_NEW(ImFontAtlas)();
    ImFontAtlas& atlas = *out.atlas_;
    // The software renderer takes any texture height: a power of two would
    // round the glyphs' rows up by as much again.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    ImFontGlyphRangesBuilder builder;
    // ASCII always (digits, letters typed on the keypads); any other character
    // only where a text has it. ImGui's default range adds Latin-1's 96
    // accented letters and signs at every size, 0.6 MB of texture no
    // catalog needs (the few it uses, ¥ · ×, come with the text).
    static const ImWchar kAscii[] = {0x0020, 0x007E, 0};
    builder.AddRanges(kAscii);
    builder.AddText(request.text.c_str());
    builder.AddText("…·：，。？！（）");
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);

    // The icons, each its own range: only the glyphs the screens use are
    // rasterised (a few dozen of the font's two thousand).
    std::unique_ptr<MappedFile> icons;
    if (!request.icon_file.empty()) {
        // Missing, the kiosk runs on with words only (FontSet::icons says so).
        if (auto mapped_icons = MappedFile::open(request.icon_file); mapped_icons) {
            icons = std::move(mapped_icons).value();
        }
    }
    std::vector<ImWchar> icon_ranges;
    for (Icon icon : all_icons()) {
        icon_ranges.push_back(icon);
        icon_ranges.push_back(icon);
    }
    icon_ranges.push_back(0);
    // Merged into the font added just before, at its size: the glyphs join
    // that font, so a label and its icon draw with one font.
    const auto merge_icons = [&](float size) {
        if (icons == nullptr) {
            return;
        }
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.FontDataOwnedByAtlas = true;
        merge.PixelSnapH = true;
        merge.OversampleH = 1;
        merge.OversampleV = 1;
        atlas.AddFontFromMemoryTTF(icons->mutable_data(), static_cast<int>(icons->size()), size,
                                   &merge, icon_ranges.data());
    };

    // ImGui copies a font it does not own (19 MB for the collection, per
    // font). Saying it owns our mapping skips the copy; the ownership is taken
    // back below before anything could free it, so ImGui reads the mapped
    // file while it builds and never holds it after.
    ImFontConfig config;
    config.FontDataOwnedByAtlas = true;
    config.FontNo = request.face;
    config.OversampleH = 1;  // CJK at these sizes needs no oversampling
    config.OversampleV = 1;
    out.fonts_.body = atlas.AddFontFromMemoryTTF(file.mutable_data(), static_cast<int>(file.size()),
                                                 body_line, &config, ranges.Data);
    merge_icons(body_line);
    out.fonts_.title = atlas.AddFontFromMemoryTTF(
        file.mutable_data(), static_cast<int>(file.size()), title_line, &config, ranges.Data);
    merge_icons(title_line);
    out.fonts_.icons = icons != nullptr;
    for (ImFontConfig& added : atlas.ConfigData) {
        added.FontDataOwnedByAtlas = false;
    }
    if (out.fonts_.body == nullptr || out.fonts_.title == nullptr || !atlas.Build()) {
        return fail("cannot build the glyph atlas from " + request.file.string());
    }
    // The texture's pixels, one byte each, made here (on the builder's
    // thread); the platform uploads them in colour a strip at a time.
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
    // The glyphs are in the atlas; the copies of the font file are not needed
    // until the next build.
    atlas.ClearInputData();
    return out;
}

bool covers(const std::string& have, const std::string& want) {
    auto decode = [](const std::string& s) {
        std::vector<unsigned> out;
        const char* p = s.c_str();
        const char* end = p + s.size();
        while (p < end) {
            unsigned c = 0;
            const int n = ImTextCharFromUtf8(&c, p, end);
            if (n <= 0) {
                break;
            }
            p += n;
            out.push_back(c);
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    const auto h = decode(have);
    for (unsigned c : decode(want)) {
        if (c >= 0x80 && !std::binary_search(h.begin(), h.end(), c)) {
            return false;
        }
    }
    return true;
}

}  // namespace jiayi::ui
