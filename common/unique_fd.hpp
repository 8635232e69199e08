#pragma once
// A file descriptor with one owner: closed when the owner goes, moved (never
// copied) to a new owner. Every class of ours that opens a device, a socket
// or a file holds one of these instead of closing by hand.

#include <fcntl.h>
#include <unistd.h>

#include <utility>

namespace jiayi {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    explicit operator bool() const { return valid(); }

    // Gives the descriptor up without closing it.
    int release() { return std::exchange(fd_, -1); }
    // Closes the descriptor held (if any) and holds `fd`.
    void reset(int fd = -1) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = fd;
    }

  private:
    int fd_ = -1;
};

// Both ends of a pipe, each with its owner: how a thread is told to stop
// (the stopper writes a byte, the thread polls the read end).
struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

// A close-on-exec pipe; both ends invalid when the system refused one
// (errno says why).
inline Pipe open_pipe() {
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return {};
    }
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace jiayi
