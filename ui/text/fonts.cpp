#include "ui/text/fonts.hpp"

#include <fcntl.h>
#include <imgui.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jiayi::ui {

namespace {

// The font file, mapped read-only for the length of one build.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& path) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat info {};
        if (fd_ < 0 || ::fstat(fd_, &info) != 0 || info.st_size <= 0) {
            return;
        }
        size_ = static_cast<std::size_t>(info.st_size);
        void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
        data_ = data == MAP_FAILED ? nullptr : data;
    }
    ~MappedFile() {
        if (data_ != nullptr) {
            ::munmap(data_, size_);
        }
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    void* data() const { return data_; }
    int size() const { return static_cast<int>(size_); }

  private:
    int fd_ = -1;
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace

Result<FontSet, std::string> build_fonts(const FontRequest& request) {
    MappedFile file(request.file);
    if (file.data() == nullptr) {
        return fail("cannot read the font " + request.file.string() + ": " + std::strerror(errno) +
                    " (install fonts-noto-cjk)");
    }
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();

    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());  // Latin, digits, punctuation
    builder.AddText(request.text.c_str());
    builder.AddText("…·：，。？！（）");
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);

    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // ImGui copies it; our mapping is released below
    config.FontNo = request.face;
    config.OversampleH = 1;  // CJK at these sizes needs no oversampling
    config.OversampleV = 1;
    FontSet fonts;
    fonts.body = io.Fonts->AddFontFromMemoryTTF(file.data(), file.size(), request.body_px, &config,
                                                ranges.Data);
    fonts.title = io.Fonts->AddFontFromMemoryTTF(file.data(), file.size(), request.title_px,
                                                 &config, ranges.Data);
    if (fonts.body == nullptr || fonts.title == nullptr || !io.Fonts->Build()) {
        io.Fonts->Clear();
        return fail("cannot build the glyph atlas from " + request.file.string());
    }
    // The glyphs are in the atlas; the copies of the font file are not needed
    // until the next build. (The pixels stay until the texture is made.)
    io.Fonts->ClearInputData();
    return fonts;
}

}  // namespace jiayi::ui
