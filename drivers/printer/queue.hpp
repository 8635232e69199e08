#pragma once
// The print queue, on its own thread: each receipt stays queued until the
// printer confirms it (or, for a printer that cannot tell, until it was
// sent). Paper out, cover open, a printer that says nothing, a link that
// broke: the receipt waits, the queue asks again every `retry`, and prints it
// again once the printer is ready — nothing is lost. Whoever owns the jobs
// (the kiosk's store) hears of each change through the listener.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/printer/printer.hpp"

namespace jiayi::drivers::printer {

struct PrintJob {
    std::string id;  // the caller's job id
    Bytes bytes;
    // Makes the bytes on the queue's thread when `bytes` is empty (a layout
    // with raster lines is too slow for the caller's UI thread).
    std::function<Bytes()> make;
};

struct QueueEvent {
    enum class Kind {
        Printed,       // confirmed by the printer: the job is done
        Unconfirmed,   // sent to a printer without status: done, not confirmed
        Waiting,       // kept: the printer is not ready (status says why)
        Disconnected,  // no link to the printer
        Back,          // the link is back
    };
    Kind kind = Kind::Waiting;
    std::string job_id;
    Status status;
    std::string detail;  // for the staff log; no receipt content
};

std::string_view code(QueueEvent::Kind kind);

class PrintQueue {
  public:
    using Connect = std::function<Result<std::unique_ptr<Printer>, IoError>()>;
    using Listener = std::function<void(const QueueEvent&)>;

    PrintQueue(Connect connect, Listener listener,
               std::chrono::milliseconds retry = std::chrono::seconds(3));
    ~PrintQueue();
    PrintQueue(const PrintQueue&) = delete;
    PrintQueue& operator=(const PrintQueue&) = delete;

    void add(PrintJob job);
    std::size_t waiting() const;
    // Waits until no job is left or `timeout` passed; true when none is left.
    bool wait_empty(std::chrono::milliseconds timeout) const;
    void stop();

  private:
    void run();
    void emit(QueueEvent event);

    Connect connect_;
    Listener listener_;
    std::chrono::milliseconds retry_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    mutable std::condition_variable emptied_;
    std::deque<PrintJob> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiayi::drivers::printer
