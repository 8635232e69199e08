#pragma once
// Where the shipped files (string catalogs, scripts, printer profiles) are.
// No path of the source tree is compiled in: the folder is found at run time,
// the first of
//   $JIAYI_ASSETS                      a folder named by hand (tests, a copy elsewhere)
//   <bin>/../share/jiayi/assets        installed: /usr/bin → /usr/share/jiayi/assets
//   <bin>/assets                       a build tree: CMake links build/<preset>/assets
//                                      to the source's assets/
// that holds a strings/ folder, where <bin> is the running program's folder.
// Without any, the installed place is returned, so the error names it.

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace jiayi {

// The running program's folder (from /proc/self/exe), or empty.
inline std::filesystem::path executable_dir() {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path{} : exe.parent_path();
}

inline std::filesystem::path assets_dir() {
    if (const char* named = std::getenv("JIAYI_ASSETS"); named != nullptr && *named != '\0') {
        return named;
    }
    const auto bin = executable_dir();
    const auto installed = bin.parent_path() / "share" / "jiayi" / "assets";
    for (const auto& candidate : {installed, bin / "assets"}) {
        std::error_code error;
        if (std::filesystem::is_directory(candidate / "strings", error)) {
            return candidate;
        }
    }
    return installed;
}

}  // namespace jiayi
