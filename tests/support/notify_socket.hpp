#pragma once
// A service manager's end of sd_notify(3) for tests: an AF_UNIX datagram
// socket bound in a temporary folder, its path in NOTIFY_SOCKET (and the
// watchdog's timeout in WATCHDOG_USEC) for as long as the object lives, so
// this process and the children it starts speak to it as they would to
// systemd. A thread reads every message as it comes (as systemd would: a
// sender never blocks on a full queue); next() waits for the next one with
// a limit that only bounds a failure.
//
//     test::NotifySocket systemd(std::chrono::milliseconds(400));  // WatchdogSec
//     start the program ...
//     CHECK(systemd.next_containing("READY=1"));

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/temp_dir.hpp"

namespace jiayi::test {

class NotifySocket {
  public:
    // `watchdog`: WATCHDOG_USEC; zero: none set.
    explicit NotifySocket(std::chrono::milliseconds watchdog = std::chrono::milliseconds(0)) {
        path_ = (folder_ / "notify").string();
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (fd_ < 0 || path_.size() >= sizeof address.sun_path) {
            throw std::runtime_error("cannot make the notify socket");
        }
        std::memcpy(address.sun_path, path_.c_str(), path_.size() + 1);
        if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw std::runtime_error("cannot bind the notify socket");
        }
        stop_ = ::eventfd(0, EFD_CLOEXEC);
        ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
        if (watchdog.count() > 0) {
            ::setenv("WATCHDOG_USEC", std::to_string(watchdog.count() * 1000).c_str(), 1);
        }
        ::unsetenv("WATCHDOG_PID");  // the children's own pid is not known before exec
        // Read at once, as systemd does: a sender never waits on a full
        // socket queue (ten datagrams by default) while the test is busy.
        reader_ = std::thread([this] { read_all(); });
    }
    ~NotifySocket() {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(stop_, &one, sizeof one);
        reader_.join();
        ::close(stop_);
        ::close(fd_);
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    // The next message (one datagram: one or more KEY=VALUE lines);
    // nullopt when none came within `limit`.
    std::optional<std::string> next(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, limit, [this] { return !messages_.empty(); })) {
            return std::nullopt;
        }
        std::string message = std::move(messages_.front());
        messages_.pop_front();
        return message;
    }

    // Reads messages until one contains `text`; every message read on the
    // way is appended to `seen` (when given). false: none within `limit`.
    bool next_containing(const std::string& text,
                         std::chrono::milliseconds limit = std::chrono::seconds(60),
                         std::string* seen = nullptr) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            auto message = next(std::max(left, std::chrono::milliseconds(0)));
            if (!message) {
                return false;
            }
            if (seen != nullptr) {
                *seen += *message + "\n";
            }
            if (message->find(text) != std::string::npos) {
                return true;
            }
        }
    }

    // Forgets the messages already received; returns them.
    std::string drain() {
        std::lock_guard lock(mutex_);
        std::string seen;
        for (const auto& message : messages_) {
            seen += message + "\n";
        }
        messages_.clear();
        return seen;
    }

    const std::string& path() const { return path_; }

  private:
    void read_all() {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_, POLLIN, 0}};
        for (;;) {
            if (::poll(fds, 2, -1) < 0) {
                continue;  // EINTR
            }
            if (fds[1].revents & POLLIN) {
                return;
            }
            char buffer[4096];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n >= 0) {
                {
                    std::lock_guard lock(mutex_);
                    messages_.emplace_back(buffer, static_cast<std::size_t>(n));
                }
                arrived_.notify_all();
            }
        }
    }

    TempDir folder_;
    std::string path_;
    int fd_ = -1;
    int stop_ = -1;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<std::string> messages_;
    std::thread reader_;
};

}  // namespace jiayi::test
