#include "drivers/idcard/simulator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

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
    sim->master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (sim->master_ < 0 || ::grantpt(sim->master_) != 0 || ::unlockpt(sim->master_) != 0) {
        return fail(std::string("cannot open a pty: ") + std::strerror(errno));
    }
    const char* name = ::ptsname(sim->master_);
    if (name == nullptr) {
        return fail(std::string("ptsname: ") + std::strerror(errno));
    }
    sim->device_ = name;
    // The master side raw too: no echo, no line editing of the frames.
    termios tio{};
    ::tcgetattr(sim->master_, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(sim->master_, TCSANOW, &tio);
    if (::pipe2(sim->stop_pipe_, O_CLOEXEC) != 0) {
        return fail(std::string("pipe: ") + std::strerror(errno));
    }
    sim->thread_ = std::thread([s = sim.get()] { s->run(); });
    return sim;
}

SamSimulator::~SamSimulator() {
    if (stop_pipe_[1] >= 0) {
        const char stop = 1;
        (void)!::write(stop_pipe_[1], &stop, 1);
    }
    if (thread_.joinable()) {
        thread_.join();
    }
    for (int fd : {master_, stop_pipe_[0], stop_pipe_[1]}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

void SamSimulator::place(Bytes text_block, std::vector<Bytes> appended) {
    std::lock_guard lock(mutex_);
    card_ = std::move(text_block);
    appended_ = std::move(appended);
    read_since_placed_ = false;
}

void SamSimulator::remove() {
    std::lock_guard lock(mutex_);
    card_.reset();
}

void SamSimulator::garbage_before_next_reply(Bytes bytes) {
    std::lock_guard lock(mutex_);
    garbage_ = std::move(bytes);
}

void SamSimulator::corrupt_next_checksum() {
    std::lock_guard lock(mutex_);
    corrupt_ = true;
}

void SamSimulator::fail_next_read() {
    std::lock_guard lock(mutex_);
    fail_read_ = true;
}

void SamSimulator::set_sam_broken(bool broken) {
    std::lock_guard lock(mutex_);
    sam_broken_ = broken;
}

void SamSimulator::set_silent(bool silent) {
    std::lock_guard lock(mutex_);
    silent_ = silent;
}

// What a SAM answers to one request (protocol, "Commands").
Bytes SamSimulator::answer(const Bytes& body) {
    std::lock_guard lock(mutex_);
    ++requests_;
    if (silent_) {
        return {};
    }
    // The line speed the host set; a reader at another speed hears noise.
    termios tio{};
    if (::tcgetattr(master_, &tio) == 0 && baud_of(::cfgetospeed(&tio)) != baud_) {
        return {};
    }
    const Command c{body[0], body[1]};
    Bytes reply;
    if (c.cmd == kSamStatus.cmd || c.cmd == kResetSam.cmd) {
        reply = encode_reply(sam_broken_ ? 0x60 : 0x90);
    } else if (c.cmd == kFindCard.cmd && c.para == kFindCard.para) {
        // A card once read is not found again until it leaves the field.
        const bool found = card_.has_value() && !read_since_placed_;
        reply = found ? encode_reply(0x9F, Bytes(4, 0)) : encode_reply(0x80);
    } else if (c.cmd == kSelectCard.cmd && c.para == kSelectCard.para) {
        reply = card_ ? encode_reply(0x90, Bytes(8, 0)) : encode_reply(0x81);
    } else if (c.cmd == kReadText.cmd && c.para == kReadText.para) {
        if (!card_ || fail_read_) {
            fail_read_ = false;
            reply = encode_reply(0x41);
        } else {
            Bytes data{0x01, 0x00, 0x04, 0x00};
            data.insert(data.end(), card_->begin(), card_->end());
            Bytes photo(1024, 0);
            const std::uint8_t wlt[] = {0x57, 0x4C, 0x66, 0x00, 0x7E, 0x00};
            std::copy(std::begin(wlt), std::end(wlt), photo.begin());
            data.insert(data.end(), photo.begin(), photo.end());
            reply = encode_reply(0x90, data);
            read_since_placed_ = true;
            ++reads_;
        }
    } else if (c.cmd == kReadAddress.cmd && c.para == kReadAddress.para) {
        if (!card_ || appended_.empty()) {
            reply = encode_reply(0x91);
        } else {
            Bytes data;
            for (const Bytes& a : appended_) {
                data.insert(data.end(), a.begin(), a.end());
            }
            reply = encode_reply(0x90, data);
        }
    } else {
        reply = encode_reply(0x21);
    }
    if (corrupt_) {
        corrupt_ = false;
        reply.back() ^= 0x5A;
    }
    if (!garbage_.empty()) {
        reply.insert(reply.begin(), garbage_.begin(), garbage_.end());
        garbage_.clear();
    }
    return reply;
}

void SamSimulator::run() {
    FrameReader requests(2);
    std::uint8_t buffer[512];
    for (;;) {
        pollfd fds[2] = {{master_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
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
            pollfd stop{stop_pipe_[0], POLLIN, 0};
            if (::poll(&stop, 1, 20) > 0) {
                return;
            }
            continue;
        }
        const ssize_t n = ::read(master_, buffer, sizeof buffer);
        if (n <= 0) {
            continue;
        }
        requests.feed(std::span(buffer, static_cast<std::size_t>(n)));
        while (auto body = requests.next_body()) {
            if (!body->ok()) {
                const Bytes bad = encode_reply(0x10);  // our reply to a bad checksum
                (void)!::write(master_, bad.data(), bad.size());
                continue;
            }
            const Bytes reply = answer(body->value());
            if (!reply.empty()) {
                (void)!::write(master_, reply.data(), reply.size());
            }
        }
    }
}

}  // namespace jiayi::drivers::idcard
