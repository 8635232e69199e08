#pragma once
// The kiosk's one font file (Noto Sans CJK, Debian's fonts-noto-cjk), mapped
// read-only: the screen's glyph atlas and our printed raster lines both draw
// from it, so both name it here and map it the same way.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "common/unique_fd.hpp"

namespace jiayi {

inline constexpr const char* kFontFile = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
// In the collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK.
inline constexpr int kFontFaceSimplifiedChinese = 2;

class MappedFile {
  public:
    // The file mapped whole, or why not (with the package to install for
    // the font).
    static Result<std::unique_ptr<MappedFile>, std::string> open(
        const std::filesystem::path& path) {
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        struct stat info {};
        if (!fd || ::fstat(fd.get(), &info) != 0 || info.st_size <= 0) {
            return fail("cannot read the font " + path.string() + ": " + std::strerror(errno) +
                        " (install fonts-noto-cjk)");
        }
        const auto size = static_cast<std::size_t>(info.st_size);
        void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
        if (data == MAP_FAILED) {
            return fail("cannot map the font " + path.string() + ": " + std::strerror(errno));
        }
        // The mapping outlives the descriptor, which closes here.
        return std::unique_ptr<MappedFile>(new MappedFile(data, size));
    }
    ~MappedFile() { ::munmap(data_, size_); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const { return static_cast<const unsigned char*>(data_); }
    void* mutable_data() const { return data_; }
    std::size_t size() const { return size_; }

  private:
    MappedFile(void* data, std::size_t size) : data_(data), size_(size) {}
    void* data_;
    std::size_t size_;
};

}  // namespace jiayi
