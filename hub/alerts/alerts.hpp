#pragma once
// Alerts about the fleet (hub/store/fleet.hpp claims them, once per
// episode): each goes to the configured command (/bin/sh -c, with
// JIAYI_ALERT, JIAYI_KIOSK, JIAYI_TOWNSHIP, JIAYI_SINCE in its environment;
// nothing on its command line) and/or as a JSON POST to the webhook
// ({"alert","kiosk","township","since"}). A command or webhook that takes
// longer than `timeout` is abandoned (the command killed). Nothing personal
// is in an alert: kiosk ids, township codes and times.
//
// AlertLoop runs a check every `every` on a thread of its own — never a
// request's — until it is destroyed (which wakes and joins it at once).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "hub/store/fleet.hpp"

namespace jiayi::hub::alerts {

struct AlertTargets {
    std::string command;  // empty: none
    std::string webhook;  // http(s)://host[:port]/path; empty: none
    std::chrono::seconds timeout{10};
};

// What could not be delivered, one sentence each (for the hub's log).
std::vector<std::string> send_alerts(const std::vector<store::Alert>& alerts,
                                     const AlertTargets& targets);

class AlertLoop {
  public:
    AlertLoop(std::function<void()> check, std::chrono::seconds every);
    ~AlertLoop();
    AlertLoop(const AlertLoop&) = delete;
    AlertLoop& operator=(const AlertLoop&) = delete;

  private:
    void run();

    std::function<void()> check_;
    std::chrono::seconds every_;
    std::mutex mutex_;
    std::condition_variable stopped_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiayi::hub::alerts
