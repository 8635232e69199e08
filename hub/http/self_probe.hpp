#pragma once
// Whether the hub still serves, asked the way a kiosk would find out: GET
// /health through the hub's own listening socket, worker pool and database
// (the health probe reads one row), every `every`. `answered` runs after
// each 200. It is the hub's beat for systemd's watchdog (jiayi-hub serve):
// httplib's workers block idle on a queue and cannot beat themselves, so a
// stalled database, or a pool whose every worker is stuck, shows as probes
// that go unanswered — and the pings stop with them.
//
// The probe's access line is not logged when it is answered (one every few
// seconds would bury the kiosks' lines); a failed one is.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace jiayi::hub::http {

// The User-Agent the probe sends; Server leaves its answered probes unlogged.
inline constexpr std::string_view kSelfProbeAgent = "jiayi-hub-self-probe";

struct SelfProbeTarget {
    std::string address;  // the listening address; 0.0.0.0 and :: are asked on loopback
    int port = 0;
    bool tls = false;  // the hub's own certificate, not verified: it is itself
};

class SelfProbe {
  public:
    // Starts probing at once; a probe waits at most `every` for its answer.
    SelfProbe(SelfProbeTarget target, std::chrono::milliseconds every,
              std::function<void()> answered);
    ~SelfProbe();  // stops (a probe in flight ends within its timeout)
    SelfProbe(const SelfProbe&) = delete;
    SelfProbe& operator=(const SelfProbe&) = delete;

  private:
    void run();
    bool probe() const;

    SelfProbeTarget target_;
    std::chrono::milliseconds every_;
    std::function<void()> answered_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiayi::hub::http
