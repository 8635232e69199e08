#pragma once
// What a program tells the service manager (sd_notify(3), libsystemd): the
// unit files run jiayi-kiosk and `jiayi-hub serve` as Type=notify with
// WatchdogSec=. Without NOTIFY_SOCKET (a terminal, a test) every call does
// nothing.
//
//   READY=1       the program serves (the hub listens on its open database;
//                 the kiosk shows its first frame): systemd's start is done
//   STATUS=…      one line `systemctl status` shows (no personal data)
//   WATCHDOG=1    the program is alive (sent by Watchdog, watchdog.hpp)
//   STOPPING=1    a graceful stop has begun

#include <chrono>
#include <optional>
#include <string_view>

namespace jiayi::service {

// Sends one state line ("READY=1", "STATUS=…"); false when there is no
// service manager to tell or the send failed.
bool notify(std::string_view state);

inline bool ready() {
    return notify("READY=1");
}
inline bool stopping() {
    return notify("STOPPING=1");
}
bool status(std::string_view sentence);  // "STATUS=" + sentence

// The watchdog's timeout systemd asked for (WATCHDOG_USEC, for this process:
// sd_watchdog_enabled); nullopt when there is none.
std::optional<std::chrono::microseconds> watchdog_timeout();

}  // namespace jiayi::service
