#include "drivers/idcard/simulator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

#include "common/pty.hpp"
#include "drivers/idcard/transport.hpp"

namespace jiayi::drivers::idcard {

namespace {

int baud_of(speed_t speed) {
    switch (speed) {
        case B9600:
            return 9600;
        case B19200:
            return 19200;
        case B38400:
            return 38400;
        case B57600:
            return 57600;
        case B115200:
            return 115200;
        default:
            return 0;
    }
}

}  // namespace

Result<std::unique_ptr<SamSimulator>, std::string> SamSimulator::create(int baud) {
    std::unique_ptr<SamSimulator> sim(new SamSimulator());
    sim->baud_ = baud;
    auto pty = open_raw_pty();
    if (!pty) {
        return fail(pty.error());
    }
    sim->master_ = std::move(pty->master);
    sim->device_ = pty->slave;
    sim->stop_ = open_pipe();
    if (!sim->stop_.read) {
        return fail(std::string("pipe: ") + std::strerror(errno));
    }
    sim->thread_ = std::thread([s = sim.get()] { s->run(); });
    return sim;
}

SamSimulator::~SamSimulator() {
    if (stop_.write) {
        const char stop = 1;
        (void)!::write(stop_.write.get(), &stop, 1);
    }
    if (thread_.joinable()) {
        thread_.join();
    }
}

void SamSimulator::run() {
    std::uint8_t buffer[512];
    for (;;) {
        pollfd fds[2] = {{master_.get(), POLLIN, 0}, {stop_.read.get(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (fds[1].revents != 0) {
            return;
        }
        if ((fds[0].revents & POLLIN) == 0) {
            // The slave side is closed (POLLHUP): wait for the next opener.
            pollfd stop{stop_.read.get(), POLLIN, 0};
            if (::poll(&stop, 1, 20) > 0) {
                return;
            }
            continue;
        }
        const ssize_t n = ::read(master_.get(), buffer, sizeof buffer);
        if (n <= 0) {
            continue;
        }
        // The line speed the host set; a reader at another speed hears noise.
        termios tio{};
        const bool heard =
            ::tcgetattr(master_.get(), &tio) == 0 && baud_of(::cfgetospeed(&tio)) == baud_;
        for (const Answer& a : receive(std::span(buffer, static_cast<std::size_t>(n)), heard)) {
            Bytes out = a.garbage;
            out.insert(out.end(), a.reply.begin(), a.reply.end());
            (void)!::write(master_.get(), out.data(), out.size());
        }
    }
}

}  // namespace jiayi::drivers::idcard
