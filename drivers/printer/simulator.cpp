#include "drivers/printer/simulator.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/pty.hpp"

namespace jiayi::drivers::printer {

namespace {
constexpr int kTearOffMs = 300;
}

Result<std::unique_ptr<PrinterSimulator>, std::string> PrinterSimulator::create(
    Port port, int dots, FontSet font, std::shared_ptr<const image::Typeface> face, int tcp_port) {
    std::unique_ptr<PrinterSimulator> sim(new PrinterSimulator());
    sim->port_ = port;
    sim->dots_ = dots;
    sim->font_ = font;
    sim->face_ = std::move(face);
    sim->reset_renderer();
    if (port == Port::Tcp) {
        sim->listen_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        const int fd = sim->listen_.get();
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(tcp_port));
        const int reuse = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
        socklen_t length = sizeof addr;
        if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd, 4) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
            return fail(std::string("printer simulator: cannot listen: ") + std::strerror(errno));
        }
        sim->tcp_port_ = ntohs(addr.sin_port);
    } else {
        auto pty = open_raw_pty();
        if (!pty) {
            return fail("printer simulator: " + pty.error());
        }
        sim->master_ = std::move(pty->master);
        sim->pty_path_ = pty->slave;
    }
    sim->stop_ = open_pipe();
    sim->hang_ = open_pipe();
    if (!sim->stop_.read || !sim->hang_.read) {
        return fail(std::string("printer simulator: pipe: ") + std::strerror(errno));
    }
    sim->thread_ = std::thread([s = sim.get()] { s->run(); });
    return sim;
}

PrinterSimulator::~PrinterSimulator() {
    if (stop_.write) {
        const char stop = 1;
        (void)!::write(stop_.write.get(), &stop, 1);
    }
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::string PrinterSimulator::address() const {
    if (port_ == Port::Tcp) {
        return "tcp:127.0.0.1:" + std::to_string(tcp_port_);
    }
    return pty_path_;
}

void PrinterSimulator::set_paper(Paper paper) {
    std::lock_guard lock(mutex_);
    paper_ = paper;
}
void PrinterSimulator::set_cover_open(bool open) {
    std::lock_guard lock(mutex_);
    cover_open_ = open;
}
void PrinterSimulator::set_offline(bool offline) {
    std::lock_guard lock(mutex_);
    offline_ = offline;
}
void PrinterSimulator::set_silent(bool silent) {
    std::lock_guard lock(mutex_);
    silent_ = silent;
}
void PrinterSimulator::run_out_after(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    run_out_after_ = bytes;
}
void PrinterSimulator::save_to(std::filesystem::path dir) {
    std::lock_guard lock(mutex_);
    save_dir_ = std::move(dir);
}
void PrinterSimulator::hang_up() {
    const char now = 1;
    (void)!::write(hang_.write.get(), &now, 1);
}

std::vector<Sheet> PrinterSimulator::jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
}

bool PrinterSimulator::wait_for_jobs(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return jobs_.size() >= count; });
}

int PrinterSimulator::status_requests() const {
    std::lock_guard lock(mutex_);
    return status_requests_;
}

void PrinterSimulator::reset_renderer() {
    renderer_ = std::make_unique<Renderer>(dots_, font_, face_,
                                           [this](std::uint8_t n) { return answer(n); });
}

// Called by the renderer, on the simulator's thread, with mutex_ held.
std::optional<std::uint8_t> PrinterSimulator::answer(std::uint8_t n) {
    ++status_requests_;
    if (silent_) {
        return std::nullopt;
    }
    const bool out = paper_ == Paper::Out;
    const bool near = paper_ == Paper::NearEnd;
    switch (n) {
        case 1:
            return static_cast<std::uint8_t>(0x12 | (offline_ || cover_open_ || out ? 0x08 : 0));
        case 2:
            return static_cast<std::uint8_t>(0x12 | (cover_open_ ? 0x04 : 0) | (out ? 0x20 : 0));
        case 4:
            return static_cast<std::uint8_t>(0x12 | (near ? 0x0C : 0) | (out ? 0x60 : 0));
        case 0x72:  // GS r 1
            return static_cast<std::uint8_t>((out ? 0x0C : 0) | (near ? 0x03 : 0));
        default:
            return std::nullopt;
    }
}

// With mutex_ held.
void PrinterSimulator::keep(Sheet sheet) {
    if (!save_dir_.empty()) {
        const auto png = image::encode_png(sheet.image);
        std::ofstream out(save_dir_ / ("job-" + std::to_string(jobs_.size() + 1) + ".png"),
                          std::ios::binary);
        out.write(reinterpret_cast<const char*>(png.data()),
                  static_cast<std::streamsize>(png.size()));
    }
    jobs_.push_back(std::move(sheet));
}

void PrinterSimulator::serve(int fd) {
    std::uint8_t buffer[4096];
    for (;;) {
        pollfd fds[3] = {
            {fd, POLLIN, 0}, {stop_.read.get(), POLLIN, 0}, {hang_.read.get(), POLLIN, 0}};
        bool idle_with_paper = false;
        {
            std::lock_guard lock(mutex_);
            idle_with_paper = !renderer_->blank();
        }
        // Without a cutter the resident tears the receipt off: a page that
        // stops growing for a moment is a finished job.
        const int ready = ::poll(fds, 3, idle_with_paper ? kTearOffMs : -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (ready == 0) {
            std::lock_guard lock(mutex_);
            for (Sheet& sheet : renderer_->finish()) {
                keep(std::move(sheet));
            }
            changed_.notify_all();
            continue;
        }
        if (fds[1].revents != 0) {
            return;
        }
        if (fds[2].revents != 0) {
            char drained;
            (void)!::read(hang_.read.get(), &drained, 1);
            if (port_ == Port::Tcp) {
                return;  // the connection closes; the next one is served
            }
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            continue;
        }
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) {
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (port_ == Port::Pty) {
                // The slave side closed (or is not open yet): wait for it.
                pollfd again{stop_.read.get(), POLLIN, 0};
                if (::poll(&again, 1, 20) > 0) {
                    return;
                }
                continue;
            }
            return;
        }
        Bytes replies;
        {
            std::lock_guard lock(mutex_);
            std::span<const std::uint8_t> bytes(buffer, static_cast<std::size_t>(n));
            // Paper running out mid-job: the rest of the bytes print nothing,
            // but status requests among them are still answered.
            if (run_out_after_ > 0) {
                const std::size_t printed = std::min(run_out_after_, bytes.size());
                replies = renderer_->feed(bytes.first(printed));
                run_out_after_ -= printed;
                bytes = bytes.subspan(printed);
                if (run_out_after_ == 0) {
                    // What printed is on the roll that ran out, a job cut
                    // short; the printer stops mid-command and the queue
                    // sends the whole receipt again on new paper. Where the
                    // cut fell must not decide how the reprint is read.
                    paper_ = Paper::Out;
                    reset_renderer();
                }
            }
            if (!bytes.empty()) {
                if (paper_ == Paper::Out || cover_open_ || offline_) {
                    // Nothing prints; only the status requests are heard.
                    Renderer listener(dots_, font_, face_,
                                      [this](std::uint8_t k) { return answer(k); });
                    const Bytes more = listener.feed(bytes);
                    replies.insert(replies.end(), more.begin(), more.end());
                } else {
                    const Bytes more = renderer_->feed(bytes);
                    replies.insert(replies.end(), more.begin(), more.end());
                }
            }
            // A cut ends a job: keep it (and save it).
            std::vector<Sheet> cut = renderer_->take_cut();
            for (Sheet& sheet : cut) {
                keep(std::move(sheet));
            }
            if (!cut.empty()) {
                changed_.notify_all();
            }
        }
        std::size_t sent = 0;
        while (sent < replies.size()) {
            const ssize_t w = ::write(fd, replies.data() + sent, replies.size() - sent);
            if (w <= 0) {
                break;
            }
            sent += static_cast<std::size_t>(w);
        }
    }
}

void PrinterSimulator::run() {
    if (port_ == Port::Pty) {
        serve(master_.get());
        return;
    }
    for (;;) {
        pollfd fds[2] = {{listen_.get(), POLLIN, 0}, {stop_.read.get(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (fds[1].revents != 0) {
            return;
        }
        {
            const UniqueFd client(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (!client) {
                continue;
            }
            serve(client.get());
        }  // the connection closes
        {
            std::lock_guard lock(mutex_);
            reset_renderer();  // a job cut short by a hang-up is not a job
        }
        pollfd stop{stop_.read.get(), POLLIN, 0};
        if (::poll(&stop, 1, 0) > 0) {
            return;
        }
    }
}

}  // namespace jiayi::drivers::printer
