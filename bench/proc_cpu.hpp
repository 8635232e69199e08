#pragma once
// CPU time of processes from /proc, for the benchmarks that run a hub and a
// PostgreSQL beside themselves (hub_bench, sync_bench): utime + stime of all
// threads, in the clock ticks /proc counts.

#include <sys/types.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/postgres.hpp"

namespace jiayi::bench {

inline double ticks_to_ms(unsigned long long ticks) {
    return 1000.0 * static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// utime + stime (all threads) and the parent of a process, from /proc/PID/stat.
inline bool proc_stat(pid_t pid, unsigned long long& cpu, pid_t& parent) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) {
        return false;
    }
    const auto close = text.rfind(')');
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    std::vector<std::string> fields;
    while (rest >> field) {
        fields.push_back(field);
    }
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    parent = static_cast<pid_t>(std::stoll(fields.at(1)));
    cpu = std::stoull(fields.at(11)) + std::stoull(fields.at(12));
    return true;
}

inline unsigned long long cpu_of(pid_t pid) {
    unsigned long long cpu = 0;
    pid_t parent = 0;
    proc_stat(pid, cpu, parent);
    return cpu;
}

// The postmaster's own time and what its ended children spent: cutime +
// cstime, where a child's time is added once it is reaped.
inline unsigned long long postmaster_cpu(pid_t postmaster) {
    std::ifstream in("/proc/" + std::to_string(postmaster) + "/stat");
    std::string text;
    if (!std::getline(in, text)) {
        return 0;
    }
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::vector<std::string> fields;
    for (std::string field; rest >> field;) {
        fields.push_back(field);
    }
    // After the name: … utime(11) stime(12) cutime(13) cstime(14).
    return std::stoull(fields.at(11)) + std::stoull(fields.at(12)) + std::stoull(fields.at(13)) +
           std::stoull(fields.at(14));
}

// The cluster's CPU (ours only: other clusters run on this machine): the
// postmaster, its live children (backends, workers), and the children that
// ended — the backends of a client such as pgbench, whose connections end
// before it is measured, and the autovacuum workers that came and went: the
// cleaning up after the writes is their cost too.
inline unsigned long long postgres_cpu(pid_t postmaster) {
    if (postmaster <= 0) {
        return 0;
    }
    for (;;) {
        const unsigned long long before = postmaster_cpu(postmaster);
        unsigned long long live = 0;
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string name = entry.path().filename();
            if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) {
                continue;
            }
            unsigned long long cpu = 0;
            pid_t parent = 0;
            if (proc_stat(static_cast<pid_t>(std::stol(name)), cpu, parent) &&
                parent == postmaster) {
                live += cpu;
            }
        }
        // A child reaped during the scan would be in neither sum: scan again.
        const unsigned long long after = postmaster_cpu(postmaster);
        if (after == before) {
            return after + live;
        }
    }
}

// The postmaster's children now (its backends and its own workers).
inline int postgres_children(pid_t postmaster) {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        unsigned long long cpu = 0;
        pid_t parent = 0;
        if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) &&
            proc_stat(static_cast<pid_t>(std::stol(name)), cpu, parent) && parent == postmaster) {
            ++count;
        }
    }
    return count;
}

inline pid_t postmaster_of(const test::TempPostgres& server) {
    std::ifstream in(server.socket_dir() / "data" / "postmaster.pid");
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

}  // namespace jiayi::bench
