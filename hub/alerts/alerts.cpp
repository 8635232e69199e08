#include "hub/alerts/alerts.hpp"

#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/unique_fd.hpp"

extern char** environ;

namespace jiayi::hub::alerts {

namespace {

std::string run_command(const store::Alert& alert, const std::string& command,
                        std::chrono::seconds timeout) {
    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (!entry.starts_with("JIAYI_ALERT=") && !entry.starts_with("JIAYI_KIOSK=") &&
            !entry.starts_with("JIAYI_TOWNSHIP=") && !entry.starts_with("JIAYI_SINCE=")) {
            env_text.emplace_back(entry);
        }
    }
    env_text.push_back("JIAYI_ALERT=" + std::string(store::alert_code(alert.kind)));
    env_text.push_back("JIAYI_KIOSK=" + alert.kiosk);
    env_text.push_back("JIAYI_TOWNSHIP=" + alert.township);
    env_text.push_back("JIAYI_SINCE=" + to_iso8601(alert.since));
    std::vector<char*> envp;
    for (auto& e : env_text) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    std::string shell = "/bin/sh";
    std::string dash_c = "-c";
    std::string text = command;
    char* argv[] = {shell.data(), dash_c.data(), text.data(), nullptr};

    pid_t pid = 0;
    if (const int spawned = ::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, envp.data());
        spawned != 0) {
        return "the alert command could not start: " + std::string(std::strerror(spawned));
    }
    // Waited for on a pidfd, so a command that hangs is killed at the limit.
    const UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    bool timed_out = false;
    if (pidfd) {
        pollfd ended{pidfd.get(), POLLIN, 0};
        int ready = 0;
        do {
            ready = ::poll(&ended, 1, static_cast<int>(timeout.count() * 1000));
        } while (ready < 0 && errno == EINTR);
        if (ready == 0) {
            timed_out = true;
            ::kill(pid, SIGKILL);
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) {
        return "the alert command took longer than " + std::to_string(timeout.count()) +
               " s and was stopped";
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return "the alert command failed (" +
               (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                  : "signal " + std::to_string(WTERMSIG(status))) +
               ")";
    }
    return "";
}

std::string post_webhook(const store::Alert& alert, const std::string& url,
                         std::chrono::seconds timeout) {
    // "https://host:port/path" → the client's "https://host:port" and "/path".
    const auto scheme_end = url.find("://");
    const auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    const std::string origin = url.substr(0, path_start);
    const std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
    httplib::Client client(origin);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    const nlohmann::json body = {{"alert", store::alert_code(alert.kind)},
                                 {"kiosk", alert.kiosk},
                                 {"township", alert.township},
                                 {"since", to_iso8601(alert.since)}};
    auto answer = client.Post(path, body.dump(), "application/json");
    if (!answer) {
        return "the alert webhook did not answer (" + httplib::to_string(answer.error()) + ")";
    }
    if (answer->status < 200 || answer->status >= 300) {
        return "the alert webhook answered HTTP " + std::to_string(answer->status);
    }
    return "";
}

}  // namespace

std::vector<std::string> send_alerts(const std::vector<store::Alert>& alerts,
                                     const AlertTargets& targets) {
    std::vector<std::string> problems;
    for (const auto& alert : alerts) {
        const std::string about =
            " (" + std::string(store::alert_code(alert.kind)) + ", kiosk " + alert.kiosk + ")";
        if (!targets.command.empty()) {
            if (auto problem = run_command(alert, targets.command, targets.timeout);
                !problem.empty()) {
                problems.push_back(problem + about);
            }
        }
        if (!targets.webhook.empty()) {
            if (auto problem = post_webhook(alert, targets.webhook, targets.timeout);
                !problem.empty()) {
                problems.push_back(problem + about);
            }
        }
    }
    return problems;
}

AlertLoop::AlertLoop(std::function<void()> check, std::chrono::seconds every)
    : check_(std::move(check)), every_(every), thread_([this] { run(); }) {}

AlertLoop::~AlertLoop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stopped_.notify_all();
    thread_.join();
}

void AlertLoop::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            check_();
        } catch (...) {
            // The check's own problem must not end the hub; it logs what it can.
        }
        lock.lock();
        stopped_.wait_for(lock, every_, [this] { return stopping_; });
    }
}

}  // namespace jiayi::hub::alerts
