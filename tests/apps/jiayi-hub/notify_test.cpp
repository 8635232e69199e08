// `jiayi-hub serve` as systemd runs it (issue 12): a real hub process with a
// notify socket of the test's (support/notify_socket.hpp). It says READY=1
// once it listens on its open database, WATCHDOG=1 again and again while it
// answers its own GET /health, STOPPING=1 when SIGTERM begins the stop; its
// stderr, the journal's stream, carries a level on every line. When its
// PostgreSQL server stalls (SIGSTOP, every process of it), the hub's pings
// stop — systemd would restart it — and come back once the database does.

#include <doctest/doctest.h>

#include <dirent.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "support/hub_process.hpp"
#include "support/journal.hpp"
#include "support/notify_socket.hpp"
#include "support/postgres.hpp"

namespace jiayi::test {

namespace {

using namespace std::chrono_literals;

// The hub, started with its stderr as the journal's stream.
void start_with_journal(HubProcess& hub) {
    JournalStream journal(hub.folder() / "serve.stderr");
    hub.start();
}

// The PostgreSQL server's processes: the postmaster (postmaster.pid's first
// line) and its children (backends, writers), from /proc.
std::vector<pid_t> postgres_processes(const TempPostgres& server) {
    std::ifstream pid_file(server.socket_dir() / "data/postmaster.pid");
    pid_t postmaster = 0;
    pid_file >> postmaster;
    REQUIRE(postmaster > 0);
    std::vector<pid_t> pids{postmaster};
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        std::ifstream stat(entry.path() / "stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        // pid (comm) state ppid …; comm may hold spaces: read after the last ')'.
        const auto close = text.rfind(')');
        if (close == std::string::npos) {
            continue;
        }
        std::istringstream rest(text.substr(close + 1));
        std::string state;
        pid_t parent = 0;
        rest >> state >> parent;
        if (parent == postmaster) {
            pids.push_back(static_cast<pid_t>(std::stoi(name)));
        }
    }
    return pids;
}

void signal_all(const std::vector<pid_t>& pids, int number) {
    for (const pid_t pid : pids) {
        ::kill(pid, number);
    }
}

}  // namespace

TEST_CASE("hub under systemd: READY=1, then WATCHDOG=1 while it answers, STOPPING=1 on SIGTERM") {
    NotifySocket systemd(400ms);  // WatchdogSec: a ping every 200 ms
    HubProcessOptions options;
    options.start = false;
    HubProcess hub(options);
    start_with_journal(hub);

    const auto first = systemd.next(60s);
    REQUIRE(first.has_value());
    CHECK(*first == "READY=1");
    std::string seen;
    int pings = 0;
    while (pings < 3 && systemd.next_containing("WATCHDOG=1", 60s, &seen)) {
        ++pings;
    }
    INFO("messages: " << seen);
    CHECK(pings == 3);
    CHECK(seen.find("STATUS=serving on port " + std::to_string(hub.port())) != std::string::npos);

    // A kiosk's request in between: its access line is in the journal.
    auto client = hub.client();
    const auto metadata = client.Get("/fhir/metadata");
    REQUIRE(metadata);
    CHECK(metadata->status == 200);

    CHECK(hub.stop() == 0);
    CHECK(systemd.next_containing("STOPPING=1", 60s));
    const std::string err = hub.stderr_text();
    INFO("hub stderr: " << err);
    CHECK(err.find("<6>GET metadata 200") != std::string::npos);
    CHECK(err.find("<5>jiayi-hub: stopped on signal 15") != std::string::npos);
    CHECK(lines_without_level(err).empty());
    // The watchdog's own probes are not logged when answered.
    CHECK(err.find("GET health") == std::string::npos);
}

TEST_CASE("hub under systemd: a stalled PostgreSQL stops the pings until it answers again") {
    NotifySocket systemd(2000ms);  // a ping every second; two seconds unanswered stop them
    HubProcessOptions options;
    options.database = fresh_postgres_database();
    options.start = false;
    HubProcess hub(options);
    start_with_journal(hub);
    REQUIRE(systemd.next_containing("READY=1", 60s));
    REQUIRE(systemd.next_containing("WATCHDOG=1", 60s));
    REQUIRE(systemd.next_containing("WATCHDOG=1", 60s));

    const auto pids = postgres_processes(shared_postgres());
    REQUIRE(pids.size() > 1);
    systemd.drain();  // what was said before the stall
    signal_all(pids, SIGSTOP);
    std::string seen;
    const bool stalled = systemd.next_containing("STATUS=stalled", 60s, &seen);
    // Once stalled is said, silence: five beat periods without a ping.
    const auto after = stalled ? systemd.next(5s) : std::nullopt;
    signal_all(pids, SIGCONT);
    INFO("messages: " << seen);
    CHECK(stalled);
    CHECK(after == std::nullopt);
    // The database answers again: so does the hub, and the pings come back.
    CHECK(systemd.next_containing("WATCHDOG=1", 60s));
    CHECK(hub.stop() == 0);
    const std::string err = hub.stderr_text();
    INFO("hub stderr: " << err);
    CHECK(err.find("<3>watchdog: stalled: answering GET /health") != std::string::npos);
    CHECK(lines_without_level(err).empty());
}

}  // namespace jiayi::test
