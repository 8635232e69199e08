#include "hub/http/stop_signals.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "common/unique_fd.hpp"

namespace jiayi::hub::http {

namespace {

sigset_t stop_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

StopSignals::StopSignals() {
    const sigset_t set = stop_set();
    if (pthread_sigmask(SIG_BLOCK, &set, &previous_) != 0) {
        throw std::runtime_error("cannot block SIGTERM and SIGINT");
    }
    signal_fd_.reset(signalfd(-1, &set, SFD_CLOEXEC));
    if (!signal_fd_) {
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
        throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
    }
}

StopSignals::~StopSignals() {
    signal_fd_.reset();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

Result<int, std::string> StopSignals::serve(Server& server) {
    // Wakes the watcher when the server stops for another reason.
    UniqueFd done(eventfd(0, EFD_CLOEXEC));
    if (!done) {
        return fail(std::string("eventfd: ") + std::strerror(errno));
    }
    std::atomic<int> received{0};
    std::thread watcher([&] {
        pollfd fds[2] = {{signal_fd_.get(), POLLIN, 0}, {done.get(), POLLIN, 0}};
        for (;;) {
            if (::poll(fds, 2, -1) < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return;
            }
            if (fds[0].revents & POLLIN) {
                signalfd_siginfo info{};
                if (::read(signal_fd_.get(), &info, sizeof info) ==
                    static_cast<ssize_t>(sizeof info)) {
                    received = static_cast<int>(info.ssi_signo);
                    server.stop();
                }
                return;
            }
            if (fds[1].revents & POLLIN) {
                return;
            }
        }
    });
    auto served = server.serve();
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(done.get(), &one, sizeof one);
    watcher.join();
    if (!served) {
        return fail(served.error());
    }
    return received.load();
}

}  // namespace jiayi::hub::http
