#include "ui/text/fonts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <imgui_internal.h>

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
    Atlas out;
    out.atlas_ = IM_NEW(ImFontAtlas)();
    ImFontAtlas& atlas = *out.atlas_;

    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());  // Latin, digits, punctuation
    builder.AddText(request.text.c_str());
    builder.AddText("…·：，。？！（）");
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);

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
                                                 request.body_px, &config, ranges.Data);
    out.fonts_.title = atlas.AddFontFromMemoryTTF(
        file.mutable_data(), static_cast<int>(file.size()), request.title_px, &config, ranges.Data);
    for (ImFontConfig& added : atlas.ConfigData) {
        added.FontDataOwnedByAtlas = false;
    }
    if (out.fonts_.body == nullptr || out.fonts_.title == nullptr || !atlas.Build()) {
        return fail("cannot build the glyph atlas from " + request.file.string());
    }
    // The texture's pixels, made here so that the UI thread only uploads them.
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &width, &height);
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
