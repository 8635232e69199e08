#pragma once
// A pseudo-terminal for a device simulator: the simulator keeps the master,
// the driver under test opens the slave's path as it would a serial line or
// a character device. Raw both ways: no echo, no line editing of the bytes.

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/result.hpp"
#include "common/unique_fd.hpp"

namespace jiayi::drivers {

struct Pty {
    UniqueFd master;    // the simulator's end
    std::string slave;  // "/dev/pts/N", for the driver
};

inline Result<Pty, std::string> open_raw_pty() {
    Pty pty;
    pty.master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    const int fd = pty.master.get();
    if (fd < 0 || ::grantpt(fd) != 0 || ::unlockpt(fd) != 0) {
        return fail(std::string("cannot open a pty: ") + std::strerror(errno));
    }
    const char* name = ::ptsname(fd);
    if (name == nullptr) {
        return fail(std::string("ptsname: ") + std::strerror(errno));
    }
    pty.slave = name;
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
    return pty;
}

}  // namespace jiayi::drivers
