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

namespace jiayi::drivers {

struct Pty {
    int master = -1;    // the simulator's end; the caller closes it
    std::string slave;  // "/dev/pts/N", for the driver
};

inline Result<Pty, std::string> open_raw_pty() {
    Pty pty;
    pty.master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pty.master < 0 || ::grantpt(pty.master) != 0 || ::unlockpt(pty.master) != 0) {
        const std::string why = std::strerror(errno);
        if (pty.master >= 0) {
            ::close(pty.master);
        }
        return fail("cannot open a pty: " + why);
    }
    const char* name = ::ptsname(pty.master);
    if (name == nullptr) {
        const std::string why = std::strerror(errno);
        ::close(pty.master);
        return fail("ptsname: " + why);
    }
    pty.slave = name;
    termios tio{};
    ::tcgetattr(pty.master, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(pty.master, TCSANOW, &tio);
    return pty;
}

}  // namespace jiayi::drivers
