#pragma once
// A `jiayi-hub serve` process for the fault tests: started with a
// configuration on port 0, ready once it printed `listening on ADDR:PORT`
// (the port read from that line), ended by SIGKILL or SIGTERM and reaped
// with waitpid. The child gets SIGKILL if the test process dies, so a failed
// test leaves no hub behind. Its stderr goes to a log file the test quotes on
// failure.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiayi::test {

class HubChild {
  public:
    // Starts the hub and waits for its "listening" line; throws with the
    // hub's log when it exits first or says nothing for `deadline`.
    HubChild(const std::filesystem::path& config, const std::filesystem::path& log,
             std::chrono::seconds deadline = std::chrono::seconds(60)) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        // Built before fork: the child only calls async-signal-safe functions.
        const std::string binary = JIAYI_HUB_BIN;
        const std::string config_text = config.string();
        const std::string log_text = log.string();
        std::vector<const char*> argv = {
            binary.c_str(), "--config", config_text.c_str(), "serve", "--port", "0", nullptr};
        const pid_t parent = ::getpid();
        pid_ = ::fork();
        if (pid_ < 0) {
            throw std::runtime_error("fork failed");
        }
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) {
                ::_exit(126);
            }
            const int err = ::open(log_text.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (err < 0 || ::dup2(out[1], 1) < 0 || ::dup2(err, 2) < 0) {
                ::_exit(126);
            }
            ::execv(binary.c_str(), const_cast<char* const*>(argv.data()));
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
        port_ = read_port(deadline);
        if (port_ <= 0) {
            ::kill(pid_, SIGKILL);
            reap();
            throw std::runtime_error("jiayi-hub did not start: " + said_ + " | log: " + slurp(log));
        }
    }
    ~HubChild() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            reap();
        }
        if (out_ >= 0) {
            ::close(out_);
        }
    }
    HubChild(const HubChild&) = delete;
    HubChild& operator=(const HubChild&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }

    // SIGKILL, then waitpid: when this returns the process is gone and its
    // sockets and database connections are closed. True when it died of it.
    bool kill9() {
        ::kill(pid_, SIGKILL);
        const int status = reap();
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    }
    // SIGTERM (a graceful stop), then waitpid; the exit status, -1 if signalled.
    int terminate() {
        ::kill(pid_, SIGTERM);
        const int status = reap();
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

  private:
    int reap() {
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status;
    }

    // The port of "listening on 127.0.0.1:PORT …", 0 if the hub ended first.
    int read_port(std::chrono::seconds deadline) {
        const auto until = std::chrono::steady_clock::now() + deadline;
        for (;;) {
            const auto end = said_.find('\n');
            if (end != std::string::npos) {
                const std::string line = said_.substr(0, end);
                if (const auto at = line.find("listening on "); at != std::string::npos) {
                    const auto colon = line.rfind(':', line.find(' ', at + 13));
                    return colon == std::string::npos ? 0 : std::atoi(line.c_str() + colon + 1);
                }
                said_.erase(0, end + 1);
                continue;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return 0;
            }
            pollfd watch{out_, POLLIN, 0};
            if (::poll(&watch, 1, static_cast<int>(left.count())) <= 0) {
                continue;
            }
            char chunk[512];
            const ssize_t n = ::read(out_, chunk, sizeof chunk);
            if (n <= 0) {
                return 0;
            }
            said_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    static std::string slurp(const std::filesystem::path& file) {
        std::string text;
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return text;
        }
        char chunk[4096];
        ssize_t n = 0;
        while ((n = ::read(fd, chunk, sizeof chunk)) > 0) {
            text.append(chunk, static_cast<std::size_t>(n));
        }
        ::close(fd);
        return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    int port_ = 0;
    std::string said_;
};

}  // namespace jiayi::test
