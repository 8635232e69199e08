#include "support/postgres.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace jiayi::test {
namespace {

namespace fs = std::filesystem;

fs::path server_binaries() {
    const char* override_dir = std::getenv("JIAYI_PG_BIN");
    fs::path bin = override_dir != nullptr && *override_dir != '\0'
                       ? fs::path(override_dir)
                       : fs::path("/usr/lib/postgresql/15/bin");
    if (!fs::exists(bin / "initdb") || !fs::exists(bin / "postgres")) {
        throw std::runtime_error(
            "PostgreSQL 15 server binaries not found in " + bin.string() +
            " (install Debian's postgresql-15: packaging/install-deps.sh, or set JIAYI_PG_BIN)");
    }
    return bin;
}

std::string tail_of(const fs::path& log) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

// Starts `argv` with its output appended to `log`, as `uid`/`gid` when given.
// Only async-signal-safe calls between fork and exec: the test may have threads.
struct RunAs {
    bool other_user = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

pid_t spawn(const std::vector<std::string>& argv, const fs::path& log, const fs::path& cwd,
            RunAs as) {
    std::vector<char*> args;
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const std::string log_path = log.string();
    const std::string dir = cwd.string();
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid > 0) {
        return pid;
    }
    if (as.other_user &&
        (setgroups(0, nullptr) != 0 || setgid(as.gid) != 0 || setuid(as.uid) != 0)) {
        _exit(126);
    }
    // Set after the change of user, which would clear it: if the test process
    // dies, the server shuts down at once (SIGQUIT) and takes its backends along.
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) {
        _exit(125);
    }
    const int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0 ||
        chdir(dir.c_str()) != 0) {
        _exit(124);
    }
    execv(args[0], args.data());
    _exit(127);
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return status;
}

// A port on 127.0.0.1 that nothing listens on right now. Another process may
// take it before the server binds it; start() then tries another.
int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        throw std::runtime_error("no free port on 127.0.0.1");
    }
    close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

TempPostgres::TempPostgres(PostgresSettings settings)
    : settings_(settings), bin_(server_binaries()) {
    // PostgreSQL refuses to run as root: as root, the cluster belongs to nobody.
    if (geteuid() == 0) {
        const passwd* nobody = getpwnam("nobody");
        if (nobody == nullptr) {
            throw std::runtime_error(
                "running as root and there is no user `nobody` to run PostgreSQL");
        }
        as_nobody_ = true;
        uid_ = nobody->pw_uid;
        gid_ = nobody->pw_gid;
        if (chown(dir_.path().c_str(), uid_, gid_) != 0) {
            throw std::runtime_error("cannot give " + dir_.path().string() + " to nobody");
        }
    }
    const RunAs as{as_nobody_, uid_, gid_};
    const fs::path log = dir_ / "initdb.log";
    // --no-sync: a test cluster need not survive an OS crash (see PostgresSettings).
    const pid_t initdb =
        spawn({(bin_ / "initdb").string(), "-D", (dir_ / "data").string(), "-U", "postgres", "-A",
               "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
              log, dir_.path(), as);
    const int status = wait_for(initdb);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("initdb failed (" + dir_.path().string() +
                                 " must be reachable by the server's user):\n" + tail_of(log));
    }
    start();
}

TempPostgres::~TempPostgres() {
    stop();
}

void TempPostgres::start() {
    const RunAs as{as_nobody_, uid_, gid_};
    const fs::path log = dir_ / "server.log";
    for (int tries = 0; tries < 5; ++tries) {
        port_ = free_port();
        const std::string durable = settings_.fsync ? "on" : "off";
        server_ = spawn(
            {(bin_ / "postgres").string(), "-D", (dir_ / "data").string(), "-p",
             std::to_string(port_), "-k", dir_.path().string(), "-c", "listen_addresses=127.0.0.1",
             "-c", "max_connections=" + std::to_string(settings_.max_connections), "-c",
             "fsync=" + durable, "-c", "full_page_writes=" + durable,
             // The deadlock test waits for the detector; 1 s by default.
             "-c", "deadlock_timeout=50ms"},
            log, dir_.path(), as);
        // Poll until the server accepts connections (or exits): it takes a few
        // hundred milliseconds, and nothing tells us when it is done otherwise.
        const std::string conninfo = url();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        bool exited = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (PQping(conninfo.c_str()) == PQPING_OK) {
                return;
            }
            int status = 0;
            if (waitpid(server_, &status, WNOHANG) == server_) {
                exited = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const std::string said = tail_of(log);
        if (!exited) {
            stop();
            throw std::runtime_error("PostgreSQL did not start within 30 s:\n" + said);
        }
        server_ = -1;
        if (said.find("could not bind") == std::string::npos) {
            throw std::runtime_error("PostgreSQL did not start:\n" + said);
        }
        // Someone took the port between free_port() and the bind: another one.
    }
    throw std::runtime_error("PostgreSQL found no free port");
}

void TempPostgres::stop() {
    if (server_ > 0) {
        kill(server_, SIGINT);  // fast shutdown, as `pg_ctl stop -m fast`
        wait_for(server_);
        server_ = -1;
    }
}

std::string TempPostgres::url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string TempPostgres::socket_url(const std::string& database) const {
    return "postgresql://postgres@/" + database + "?host=" + dir_.path().string() +
           "&port=" + std::to_string(port_);
}

void TempPostgres::execute(const std::string& sql, const std::string& database) const {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(socket_url(database).c_str()),
                                                      &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        throw std::runtime_error(std::string("cannot reach the test server: ") +
                                 PQerrorMessage(conn.get()));
    }
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw std::runtime_error(std::string("test SQL failed: ") + PQerrorMessage(conn.get()));
    }
}

std::string TempPostgres::create_database(const std::string& name) {
    // FILE_COPY: copying the folder (two checkpoints, cheap with fsync off) is about
    // twice as fast as PostgreSQL 15's default of writing every page through the WAL.
    execute("CREATE DATABASE " + name + " TEMPLATE template0 STRATEGY FILE_COPY");
    return url(name);
}

TempPostgres& shared_postgres() {
    static TempPostgres server;
    return server;
}

std::string fresh_postgres_database() {
    static int next = 0;
    return shared_postgres().create_database("test_" + std::to_string(++next));
}

}  // namespace jiayi::test
