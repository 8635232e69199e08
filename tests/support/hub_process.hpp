#pragma once
// A real `jiayi-hub` process for tests and benchmarks (JIAYI_HUB_BIN, the
// binary's path, is a compile definition of the test:
// JIAYI_HUB_BIN="$<TARGET_FILE:jiayi-hub>").
//
// The hub gets a configuration of its own in a temporary folder (plain HTTP
// on 127.0.0.1, or TLS with the files given; port 0; the database given, or
// a SQLite file in that folder); `jiayi-hub init` and `token issue --json`
// run first, as an administrator would, then `jiayi-hub serve`. The port is
// read from the `listening on ADDRESS:PORT` line serve prints once its socket
// is open, so a test never guesses when the hub is ready.
//
//     test::HubProcess hub;                        // SQLite, started
//     auto client = hub.client();                  // bearer token set
//     auto res = client.Get("/fhir/metadata");
//     CHECK(hub.stop() == 0);                      // SIGTERM: a graceful stop
//     hub.start();                                 // same folder, same data
//     hub.kill9();                                 // no goodbye
//
//     test::HubProcessOptions options;
//     options.database = test::fresh_postgres_database();   // support/postgres.hpp
//     test::HubProcess on_postgres(options);
//
// The child gets SIGKILL if the test process dies (PR_SET_PDEATHSIG), and
// from the destructor if it still runs, so a failed test leaves no hub
// behind. Its stderr (the access log, the reasons of refusals) is kept in
// `folder() / "serve.stderr"` (appended across restarts); stderr_text().

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace jiayi::test {

// An administrator's command's exit status and what it printed.
struct AdminRun {
    int status = -1;
    std::string out;
    std::string err;
};

inline std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct HubProcessOptions {
    // A SQLite path / sqlite:PATH or a postgresql:// URL; empty: a SQLite
    // file `hub.db` in the hub's folder.
    std::string database;
    // TLS instead of plain HTTP (PEM files, e.g. made by the openssl tool).
    std::optional<std::filesystem::path> certificate;
    std::optional<std::filesystem::path> private_key;
    int threads = 8;
    int connections = 8;
    // Seconds an idle keep-alive connection is held (and so the longest a
    // SIGTERM waits for one).
    int keep_alive_seconds = 2;
    // More TOML appended to the configuration (e.g. a [rules] section).
    std::string extra_config;
    // The kiosk whose token is issued before serving, and its township.
    std::string kiosk = "hc-110101-01";
    std::string township = "110101-01";
    // false: neither `init` nor a token (a test of an uninitialised database).
    bool initialise = true;
    bool start = true;  // false: construct only; call start() or try_start()
};

// How a process ended: an exit code, or the signal that killed it.
struct ProcessEnd {
    bool exited = false;
    int code = -1;    // when exited
    int signal = 0;   // when killed
    bool operator==(int exit_code) const { return exited && code == exit_code; }
};

class HubProcess {
  public:
    explicit HubProcess(HubProcessOptions options = {}) : options_(std::move(options)) {
        database_ = options_.database.empty() ? "sqlite:" + (folder_ / "hub.db").string()
                                              : options_.database;
        write_config();
        if (options_.initialise) {
            must_admin("init");
            token_ = issue_token(options_.kiosk, options_.township);
        }
        if (options_.start) {
            start();
        }
    }
    ~HubProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait_end(std::chrono::seconds(30));
        }
    }
    HubProcess(const HubProcess&) = delete;
    HubProcess& operator=(const HubProcess&) = delete;

    // Starts `jiayi-hub serve`; nullopt once it listens, else why it did not
    // (its exit and stderr, or a timeout).
    std::optional<std::string> try_start(std::chrono::seconds limit = std::chrono::seconds(30)) {
        if (pid_ > 0) {
            return "the hub already runs";
        }
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) {
            return "pipe failed";
        }
        const std::string err_path = (folder_ / "serve.stderr").string();
        const std::string config = config_path().string();
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        if (pid < 0) {
            ::close(out[0]);
            ::close(out[1]);
            return "fork failed";
        }
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) {
                ::_exit(127);
            }
            ::dup2(out[1], STDOUT_FILENO);
            const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (err >= 0) {
                ::dup2(err, STDERR_FILENO);
            }
            ::execl(JIAYI_HUB_BIN, JIAYI_HUB_BIN, "--config", config.c_str(), "serve",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        pid_ = pid;
        stdout_.reset(out[0]);
        pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));

        const auto line = read_line(limit);
        if (line && line->starts_with("listening on ")) {
            const auto colon = line->rfind(':', line->find(' ', 13));
            port_ = std::stoi(line->substr(colon + 1));
            return std::nullopt;
        }
        // Silent or gone: whatever it said, and how it ended. A hub that
        // already exited is a zombie until reaped, so the kill changes
        // nothing of its status.
        ::kill(pid_, SIGKILL);
        const auto end = wait_end(limit);
        std::string why = line ? "the hub printed '" + *line + "' instead of listening"
                               : "the hub did not listen";
        if (end) {
            why += end->exited ? " (exit " + std::to_string(end->code) + ")"
                               : " (signal " + std::to_string(end->signal) + ")";
        }
        return why + ": " + stderr_text();
    }

    void start() {
        if (auto failed = try_start()) {
            throw std::runtime_error(*failed);
        }
    }

    // SIGTERM (a graceful stop: requests in flight finish) and its end.
    ProcessEnd stop(std::chrono::seconds limit = std::chrono::seconds(30)) {
        return end_with(SIGTERM, limit);
    }
    // SIGKILL: nothing runs after it (the crash tests).
    ProcessEnd kill9() { return end_with(SIGKILL, std::chrono::seconds(30)); }

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    int port() const { return port_; }
    bool tls() const { return options_.certificate.has_value(); }
    // "http://127.0.0.1:PORT" or "https://…"; the FHIR base is base_url() + "/fhir".
    std::string base_url() const {
        return std::string(tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    }
    const std::string& token() const { return token_; }      // the kiosk's, from `token issue`
    const std::string& database_url() const { return database_; }
    const std::filesystem::path& folder() const { return folder_.path(); }
    std::filesystem::path config_path() const { return folder_ / "hub.toml"; }
    std::string stderr_text() const { return read_whole(folder_ / "serve.stderr"); }

    // A client of the running hub: the kiosk's bearer token unless `token`
    // says otherwise (empty: none); TLS verified against the certificate.
    httplib::Client client(std::optional<std::string> token = std::nullopt) const {
        httplib::Client client(base_url());
        if (tls()) {
            client.set_ca_cert_path(options_.certificate->string());
            client.enable_server_certificate_verification(true);
        }
        const std::string bearer = token.value_or(token_);
        if (!bearer.empty()) {
            client.set_bearer_token_auth(bearer.c_str());
        }
        client.set_connection_timeout(10);
        client.set_read_timeout(60);
        return client;
    }

    // `jiayi-hub --config CONFIG ARGS` to its end (the administrator's commands).
    AdminRun admin(const std::string& args) const {
        return run_command(std::string(JIAYI_HUB_BIN) + " --config " + config_path().string() +
                           " " + args);
    }
    AdminRun must_admin(const std::string& args) const {
        AdminRun ran = admin(args);
        if (ran.status != 0) {
            throw std::runtime_error("jiayi-hub " + args + ": exit " + std::to_string(ran.status) +
                                     ": " + ran.err);
        }
        return ran;
    }
    // A new token for a kiosk (rotating its old one).
    std::string issue_token(const std::string& kiosk, const std::string& township) const {
        const AdminRun issued = must_admin("token issue " + kiosk + " --township " + township + " --json");
        return nlohmann::json::parse(issued.out).at("token").get<std::string>();
    }

  private:
    class Fd {
      public:
        ~Fd() { reset(); }
        void reset(int fd = -1) {
            if (fd_ >= 0) {
                ::close(fd_);
            }
            fd_ = fd;
        }
        int get() const { return fd_; }

      private:
        int fd_ = -1;
    };

    void write_config() const {
        std::ofstream out(config_path());
        out << "[listen]\naddress = \"127.0.0.1\"\nport = 0\n";
        if (tls()) {
            out << "[tls]\ncertificate = \"" << options_.certificate->string()
                << "\"\nprivate_key = \"" << options_.private_key.value().string() << "\"\n";
        } else {
            out << "plain_http_on_loopback = true\n";
        }
        out << "[database]\nurl = \"" << database_ << "\"\nconnections = " << options_.connections
            << "\n[server]\nthreads = " << options_.threads
            << "\nkeep_alive_seconds = " << options_.keep_alive_seconds << "\n"
            << options_.extra_config << "\n";
        if (!out) {
            throw std::runtime_error("cannot write the hub's configuration");
        }
    }

    AdminRun run_command(const std::string& command) const {
        const std::string out = (folder_ / "admin.stdout").string();
        const std::string err = (folder_ / "admin.stderr").string();
        const int raw = std::system((command + " >" + out + " 2>" + err + " </dev/null").c_str());
        return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_whole(out), read_whole(err)};
    }

    // The next line of serve's stdout; nullopt at its end or the deadline.
    std::optional<std::string> read_line(std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        std::string line;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return std::nullopt;
            }
            pollfd ready{stdout_.get(), POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
                continue;  // EINTR or the deadline, checked above
            }
            char c = 0;
            const ssize_t n = ::read(stdout_.get(), &c, 1);
            if (n <= 0) {
                return std::nullopt;
            }
            if (c == '\n') {
                return line;
            }
            line += c;
        }
    }

    ProcessEnd end_with(int signal, std::chrono::seconds limit) {
        if (pid_ <= 0) {
            throw std::runtime_error("the hub is not running");
        }
        ::kill(pid_, signal);
        const auto end = wait_end(limit);
        if (!end) {
            throw std::runtime_error("the hub did not end within the limit after signal " +
                                     std::to_string(signal) + ": " + stderr_text());
        }
        return *end;
    }

    // Waits (on a pidfd, no polling loop) for the child's end and reaps it.
    std::optional<ProcessEnd> wait_end(std::chrono::seconds limit) {
        if (pidfd_.get() >= 0) {
            pollfd ended{pidfd_.get(), POLLIN, 0};
            const int ms = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(limit).count());
            int ready = 0;
            do {
                ready = ::poll(&ended, 1, ms);
            } while (ready < 0 && errno == EINTR);
            if (ready == 0) {
                return std::nullopt;
            }
        }
        int raw = 0;
        pid_t reaped = 0;
        do {
            reaped = ::waitpid(pid_, &raw, 0);
        } while (reaped < 0 && errno == EINTR);
        pid_ = -1;
        pidfd_.reset();
        stdout_.reset();
        ProcessEnd end;
        if (WIFEXITED(raw)) {
            end.exited = true;
            end.code = WEXITSTATUS(raw);
        } else if (WIFSIGNALED(raw)) {
            end.signal = WTERMSIG(raw);
        }
        return end;
    }

    HubProcessOptions options_;
    TempDir folder_;
    std::string database_;
    std::string token_;
    pid_t pid_ = -1;
    int port_ = 0;
    Fd stdout_;
    Fd pidfd_;
};

}  // namespace jiayi::test
