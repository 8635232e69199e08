#pragma once
// `jiayi doctor`'s checks (issue 12): what a technician runs first. Each
// check is a name, ok or not, and one sentence an IT person can act on.
// Nothing here waits without a bound: the printer is asked with short
// timeouts, the hub with the doctor's own (not the sync's minute).

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/instant.hpp"

namespace jiayi::cli {

struct Check {
    std::string name;  // config | key | store | disk | fonts | devices | hub | clock | outbox
    bool ok = false;
    std::string say;  // "OK"-worthy facts, or what to do
};

struct DoctorOptions {
    std::filesystem::path config_file;
    std::filesystem::path printer_profiles;  // assets/printers.toml unless configured
    Instant now;                             // the kiosk's clock
    std::chrono::seconds hub_timeout{10};    // connect and answer, each
    std::chrono::seconds max_clock_skew{120};
    std::int64_t min_free_bytes = 512LL * 1024 * 1024;
    std::chrono::hours outbox_age_limit{24};  // the oldest record waiting longer needs a person
};

std::vector<Check> run_checks(const DoctorOptions& options);

}  // namespace jiayi::cli
