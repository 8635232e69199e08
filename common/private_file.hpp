#pragma once
// A database file only its owner may read. SQLite creates a new file 0644
// (less the umask) and gives its -wal and -shm the database's own mode, so
// the file is made 0600 before SQLite opens it, and one an older program
// left wider is narrowed, with whatever -wal and -shm it has. Used by the
// kiosk's store and the hub's SQLite database alike.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "common/unique_fd.hpp"

namespace jiayi {

struct PrivateFileError {
    // Not opened: the caller may leave the saying to SQLite's own open.
    bool opened = false;
    std::string message;  // "open PATH: why"
};

inline Result<void, PrivateFileError> make_private(const std::filesystem::path& path) {
    const UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) {
        const int why = errno;  // before anything else may change it
        return fail(PrivateFileError{false, "open " + path.string() + ": " + std::strerror(why)});
    }
    struct stat info {};
    const bool wide = ::fstat(fd.get(), &info) == 0 && (info.st_mode & 077) != 0;
    if (wide && ::fchmod(fd.get(), 0600) != 0) {
        const int why = errno;
        return fail(PrivateFileError{
            true, "open " + path.string() +
                      ": cannot make it private (chmod 600): " + std::strerror(why)});
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::filesystem::path side = path.string() + suffix;
        if (::stat(side.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
            ::chmod(side.c_str(), 0600);
        }
    }
    return Ok{};
}

}  // namespace jiayi
