#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "drivers/idcard/transport.hpp"

namespace jiayi::drivers::idcard {

namespace {

std::optional<speed_t> speed_of(int baud) {
    switch (baud) {
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        default:
            return std::nullopt;
    }
}

IoError failed(const std::string& what) {
    return {IoError::Kind::Failed, what + ": " + std::strerror(errno)};
}

}  // namespace

Result<std::unique_ptr<SerialTransport>, IoError> SerialTransport::open(const std::string& path,
                                                                        int baud) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return fail(failed("cannot open " + path));
    }
    std::unique_ptr<SerialTransport> t(new SerialTransport(fd, path));
    if (auto set = t->set_baud(baud); !set) {
        return fail(set.error());
    }
    return t;
}

SerialTransport::~SerialTransport() = default;

Result<void, IoError> SerialTransport::set_baud(int baud) {
    const auto speed = speed_of(baud);
    if (!speed) {
        return fail(IoError{IoError::Kind::Failed, std::to_string(baud) +
                                                       " is not a speed a reader uses (115200, "
                                                       "57600, 38400, 19200 or 9600)"});
    }
    termios tio{};
    if (::tcgetattr(fd_.get(), &tio) != 0) {
        return fail(failed("tcgetattr " + path_));
    }
    // Raw 8N1, no flow control, reads return what is there.
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS | CSTOPB | PARENB);
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    ::cfsetispeed(&tio, *speed);
    ::cfsetospeed(&tio, *speed);
    if (::tcsetattr(fd_.get(), TCSANOW, &tio) != 0) {
        return fail(failed("tcsetattr " + path_));
    }
    ::tcflush(fd_.get(), TCIOFLUSH);
    baud_ = baud;
    return Ok{};
}

Result<void, IoError> SerialTransport::write(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                pollfd p{fd_.get(), POLLOUT, 0};
                ::poll(&p, 1, 1000);
                continue;
            }
            return fail(failed("write " + path_));
        }
        done += static_cast<std::size_t>(n);
    }
    return Ok{};
}

Result<std::size_t, IoError> SerialTransport::read(std::span<std::uint8_t> into,
                                                   std::chrono::milliseconds timeout) {
    pollfd p{fd_.get(), POLLIN, 0};
    int ready = 0;
    do {
        ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        return fail(failed("poll " + path_));
    }
    if (ready == 0) {
        return fail(IoError{IoError::Kind::Timeout, "no answer from " + path_});
    }
    if ((p.revents & (POLLHUP | POLLERR)) != 0 && (p.revents & POLLIN) == 0) {
        return fail(IoError{IoError::Kind::Closed, path_ + " went away"});
    }
    const ssize_t n = ::read(fd_.get(), into.data(), into.size());
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
            return fail(IoError{IoError::Kind::Timeout, "no answer from " + path_});
        }
        return fail(failed("read " + path_));
    }
    if (n == 0) {
        return fail(IoError{IoError::Kind::Closed, path_ + " went away"});
    }
    return static_cast<std::size_t>(n);
}

std::string SerialTransport::describe() const {
    return "serial " + path_ + " at " + std::to_string(baud_);
}

}  // namespace jiayi::drivers::idcard
