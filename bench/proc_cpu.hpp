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

// The fields of /proc/PID/stat after the process's name (state is 0, ppid
// 1, utime 11, stime 12, cutime 13, cstime 14); empty when it is gone.
inline std::vector<std::string> stat_fields(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::vector<std::string> fields;
    if (!std::getline(in, text)) {
        return fields;
    }
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    for (std::string field; rest >> field;) {
        fields.push_back(field);
    }
    return fields;
}

// utime + stime (all threads) and the parent of a process.
inline bool proc_stat(pid_t pid, unsigned long long& cpu, pid_t& parent) {
    const std::vector<std::string> fields = stat_fields(pid);
    if (fields.size() < 13) {
        return false;
    }
    parent = static_cast<pid_t>(std::stoll(fields[1]));
    cpu = std::stoull(fields[11]) + std::stoull(fields[12]);
    return true;
}

inline unsigned long long cpu_of(pid_t pid) {
    unsigned long long cpu = 0;
    pid_t parent = 0;
    proc_stat(pid, cpu, parent);
    return cpu;
}

// Calls `visit` with the CPU time of each live child of `parent`.
template <class Visit>
void each_child(pid_t parent, Visit visit) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) {
            continue;
        }
        unsigned long long cpu = 0;
        pid_t of = 0;
        if (proc_stat(static_cast<pid_t>(std::stol(name)), cpu, of) && of == parent) {
            visit(cpu);
        }
    }
}

// The postmaster's own time and what its ended children spent: cutime +
// cstime, where a child's time is added once it is reaped.
inline unsigned long long postmaster_cpu(pid_t postmaster) {
    const std::vector<std::string> fields = stat_fields(postmaster);
    if (fields.size() < 15) {
        return 0;
    }
    return std::stoull(fields[11]) + std::stoull(fields[12]) + std::stoull(fields[13]) +
           std::stoull(fields[14]);
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
        each_child(postmaster, [&](unsigned long long cpu) { live += cpu; });
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
    each_child(postmaster, [&](unsigned long long) { ++count; });
    return count;
}

inline pid_t postmaster_of(const test::TempPostgres& server) {
    std::ifstream in(server.socket_dir() / "data" / "postmaster.pid");
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

}  // namespace jiayi::bench
