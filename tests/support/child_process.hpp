#pragma once
// A program started as a child of the test, its stdout and stderr appended
// to files, ended by the test (SIGKILL, SIGTERM) or waited for with a limit
// that only bounds a failure. The child gets SIGKILL if the test process
// dies (PR_SET_PDEATHSIG) and from the destructor if it still runs.
//
//     test::ChildProcess kiosk({JIAYI_KIOSK_BIN, "--headless", ...}, dir / "out", dir / "err");
//     auto end = kiosk.wait(std::chrono::seconds(120));   // nullopt: still running

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiayi::test {

struct ChildEnd {
    bool exited = false;
    int code = -1;   // when exited
    int signal = 0;  // when killed
};

class ChildProcess {
  public:
    ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& out,
                 const std::filesystem::path& err) {
        std::vector<char*> args;
        for (const auto& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        const pid_t parent = ::getpid();
        pid_ = ::fork();
        if (pid_ < 0) {
            throw std::runtime_error("fork failed");
        }
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) {
                ::_exit(127);
            }
            const int in = ::open("/dev/null", O_RDONLY);
            const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (in < 0 || o < 0 || e < 0) {
                ::_exit(126);
            }
            ::dup2(in, STDIN_FILENO);
            ::dup2(o, STDOUT_FILENO);
            ::dup2(e, STDERR_FILENO);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    }
    ~ChildProcess() {
        if (!end_) {
            ::kill(pid_, SIGKILL);
            (void)wait(std::chrono::seconds(30));
        }
        if (pidfd_ >= 0) {
            ::close(pidfd_);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int number) const {
        if (!end_) {
            ::kill(pid_, number);
        }
    }

    // How it ended; nullopt when it still runs after `limit`.
    std::optional<ChildEnd> wait(std::chrono::milliseconds limit) {
        if (end_) {
            return end_;
        }
        if (pidfd_ >= 0) {
            pollfd ready{pidfd_, POLLIN, 0};
            const auto deadline = std::chrono::steady_clock::now() + limit;
            for (;;) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now());
                if (left.count() < 0) {
                    return std::nullopt;
                }
                if (::poll(&ready, 1, static_cast<int>(left.count())) > 0) {
                    break;
                }
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, 0) != pid_) {
            return std::nullopt;
        }
        ChildEnd end;
        end.exited = WIFEXITED(status);
        end.code = end.exited ? WEXITSTATUS(status) : -1;
        end.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        end_ = end;
        return end_;
    }

  private:
    pid_t pid_ = -1;
    int pidfd_ = -1;
    std::optional<ChildEnd> end_;
};

}  // namespace jiayi::test
