#pragma once
// SIGTERM and SIGINT as a graceful stop of the server (systemd's stop, a
// developer's Ctrl-C): the listening socket closes, requests in flight finish
// and are answered, then serve() returns — nothing is cut off half-written.
//
// The signals are blocked and read from a signalfd by a watcher thread, not
// caught by a handler: httplib's stop() is not async-signal-safe, and a
// blocked signal cannot land in a worker in the middle of a request. A
// signal blocked only in some threads is delivered to one of the others, so
// construct StopSignals in the main thread before any other thread starts
// (threads inherit the mask of the thread that creates them).

#include <csignal>

#include "common/result.hpp"
#include "common/unique_fd.hpp"
#include "hub/http/server.hpp"

namespace jiayi::hub::http {

class StopSignals {
  public:
    StopSignals();   // blocks SIGTERM and SIGINT in the calling thread
    ~StopSignals();  // restores the mask (a signal already read is gone)
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // server.serve(), stopped by the first SIGTERM or SIGINT. Returns the
    // signal's number, or 0 when the server stopped otherwise.
    Result<int, std::string> serve(Server& server);

  private:
    sigset_t previous_{};
    UniqueFd signal_fd_;
};

}  // namespace jiayi::hub::http
