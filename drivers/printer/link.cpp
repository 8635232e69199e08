#include "drivers/printer/link.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/unique_fd.hpp"
#include "drivers/printer/usb_link.hpp"

namespace jiayi::drivers::printer {

namespace {

using std::chrono::milliseconds;

IoError io_error(const std::string& what) {
    const int e = errno;
    IoError error;
    error.kind = (e == ENODEV || e == EPIPE || e == ECONNRESET || e == EIO || e == ENXIO)
                     ? IoError::Kind::Closed
                     : IoError::Kind::Failed;
    error.message = what + ": " + std::strerror(e);
    return error;
}

int wait_for(int fd, short events, milliseconds timeout) {
    pollfd p{fd, events, 0};
    for (;;) {
        const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r > 0 && (p.revents & (POLLERR | POLLNVAL)) != 0 && (p.revents & events) == 0) {
            errno = EIO;
            return -1;
        }
        return r;
    }
}

// A file descriptor: usblp devices, TCP sockets, ptys, files.
class FdLink : public Link {
  public:
    FdLink(UniqueFd fd, std::string name, bool readable)
        : fd_(std::move(fd)), name_(std::move(name)), readable_(readable) {}

    Result<void, IoError> write(std::span<const std::uint8_t> bytes,
                                milliseconds timeout) override {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const int ready = wait_for(fd_.get(), POLLOUT, timeout);
            if (ready < 0) {
                return fail(io_error("write to " + name_));
            }
            if (ready == 0) {
                // A usblp write blocks while the printer is out of paper.
                return fail(IoError{IoError::Kind::Timeout, "the printer took no data for " +
                                                                std::to_string(timeout.count()) +
                                                                " ms (" + name_ + ")"});
            }
            const ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) {
                    continue;
                }
                return fail(io_error("write to " + name_));
            }
            done += static_cast<std::size_t>(n);
        }
        return Ok{};
    }

    Result<std::size_t, IoError> read(std::span<std::uint8_t> into, milliseconds timeout) override {
        if (!readable_) {
            return fail(IoError{IoError::Kind::Timeout, name_ + " never answers"});
        }
        const int ready = wait_for(fd_.get(), POLLIN, timeout);
        if (ready < 0) {
            return fail(io_error("read from " + name_));
        }
        if (ready == 0) {
            return fail(IoError{IoError::Kind::Timeout, "no answer from " + name_});
        }
        const ssize_t n = ::read(fd_.get(), into.data(), into.size());
        if (n < 0) {
            if (errno == EAGAIN) {
                return fail(IoError{IoError::Kind::Timeout, "no answer from " + name_});
            }
            return fail(io_error("read from " + name_));
        }
        if (n == 0) {
            return fail(IoError{IoError::Kind::Closed, name_ + " closed"});
        }
        return static_cast<std::size_t>(n);
    }

    bool can_read() const override { return readable_; }
    std::string describe() const override { return name_; }

  private:
    UniqueFd fd_;
    std::string name_;
    bool readable_;
};

Result<std::unique_ptr<Link>, IoError> open_device(const std::string& path) {
    // O_NONBLOCK: usblp allows one opener and would block us behind CUPS;
    // every wait is a poll with a timeout instead.
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        IoError e = io_error("cannot open " + path);
        if (errno == EBUSY) {
            e.message += " (another program holds the printer: CUPS or a second kiosk?)";
        }
        if (errno == EACCES) {
            e.message += " (install packaging/udev/60-jiayi.rules and add the kiosk user to lp)";
        }
        return fail(e);
    }
    return std::unique_ptr<Link>(new FdLink(std::move(fd), path, true));
}

Result<std::unique_ptr<Link>, IoError> open_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) {
        return fail(io_error("cannot open " + path));
    }
    return std::unique_ptr<Link>(new FdLink(std::move(fd), "file " + path, false));
}

Result<std::unique_ptr<Link>, IoError> open_tcp(const std::string& where, milliseconds timeout) {
    std::string host = where;
    std::string port = "9100";
    if (const auto colon = where.rfind(':'); colon != std::string::npos) {
        host = where.substr(0, colon);
        port = where.substr(colon + 1);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int r = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); r != 0) {
        return fail(IoError{IoError::Kind::Failed,
                            "cannot find printer " + where + ": " + ::gai_strerror(r)});
    }
    std::string last = "no address";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        // An address that fails closes its socket as the loop moves on.
        UniqueFd fd(
            ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
        if (!fd) {
            continue;
        }
        if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            last = std::strerror(errno);
            continue;
        }
        const int ready = wait_for(fd.get(), POLLOUT, timeout);
        int error = 0;
        socklen_t length = sizeof error;
        if (ready <= 0 || ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 ||
            error != 0) {
            last = ready == 0 ? "no answer" : std::strerror(error != 0 ? error : errno);
            continue;
        }
        int on = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ::freeaddrinfo(found);
        return std::unique_ptr<Link>(new FdLink(std::move(fd), "tcp " + where, true));
    }
    ::freeaddrinfo(found);
    return fail(IoError{IoError::Kind::Failed, "cannot connect to printer " + where + ": " + last});
}

}  // namespace

Result<std::unique_ptr<Link>, IoError> open_link(const std::string& address, milliseconds timeout) {
    if (address.starts_with("file:")) {
        return open_file(address.substr(5));
    }
    if (address.starts_with("tcp:")) {
        return open_tcp(address.substr(4), timeout);
    }
    if (address == "usb" || address.starts_with("usb:")) {
        return open_usb_link(address == "usb" ? "" : address.substr(4));
    }
    if (address.starts_with("lp:")) {
        return open_device(address.substr(3));
    }
    if (address.starts_with("/")) {
        return open_device(address);
    }
    return fail(
        IoError{IoError::Kind::Failed,
                "printer address \"" + address +
                    "\" is not /dev/usb/lpN, tcp:HOST[:PORT], usb[:VVVV:PPPP] or file:PATH"});
}

}  // namespace jiayi::drivers::printer
