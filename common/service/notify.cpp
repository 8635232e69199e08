#include "common/service/notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <string>

namespace jiayi::service {

bool notify(std::string_view state) {
    const std::string text(state);
    return sd_notify(0, text.c_str()) > 0;
}

bool status(std::string_view sentence) {
    return notify("STATUS=" + std::string(sentence));
}

std::optional<std::chrono::microseconds> watchdog_timeout() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
        return std::nullopt;
    }
    return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

}  // namespace jiayi::service
