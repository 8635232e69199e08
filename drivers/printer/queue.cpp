#include "drivers/printer/queue.hpp"

namespace jiayi::drivers::printer {

std::string_view code(QueueEvent::Kind kind) {
    switch (kind) {
        case QueueEvent::Kind::Printed:
            return "printed";
        case QueueEvent::Kind::Unconfirmed:
            return "unconfirmed";
        case QueueEvent::Kind::Waiting:
            return "waiting";
        case QueueEvent::Kind::Disconnected:
            return "disconnected";
        case QueueEvent::Kind::Back:
            break;
    }
    return "back";
}

PrintQueue::PrintQueue(Connect connect, Listener listener, std::chrono::milliseconds retry)
    : connect_(std::move(connect)), listener_(std::move(listener)), retry_(retry) {
    thread_ = std::thread([this] { run(); });
}

PrintQueue::~PrintQueue() {
    stop();
}

void PrintQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void PrintQueue::add(PrintJob job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_all();
}

bool PrintQueue::wait_empty(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return emptied_.wait_for(lock, timeout, [&] { return jobs_.empty(); });
}

std::size_t PrintQueue::waiting() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

void PrintQueue::emit(QueueEvent event) {
    if (listener_) {
        listener_(event);
    }
}

void PrintQueue::run() {
    std::unique_ptr<Printer> printer;
    bool down = false;         // Disconnected was said and Back not yet
    std::string last_waiting;  // the last Waiting said, so it is said once
    auto next_try = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    for (;;) {
        // Sleep until there is a job and it is time to try it (or stop).
        while (!stopping_ && (jobs_.empty() || std::chrono::steady_clock::now() < next_try)) {
            if (jobs_.empty()) {
                wake_.wait(lock);
            } else {
                wake_.wait_until(lock, next_try);
            }
        }
        if (stopping_) {
            return;
        }
        if (jobs_.front().bytes.empty() && jobs_.front().make) {
            auto make = jobs_.front().make;
            lock.unlock();
            Bytes made = make();
            lock.lock();
            if (!jobs_.empty() && jobs_.front().bytes.empty()) {
                jobs_.front().bytes = std::move(made);
            }
            continue;
        }
        PrintJob job = jobs_.front();
        lock.unlock();

        if (!printer) {
            auto connected = connect_();
            if (!connected) {
                if (!down) {
                    emit({QueueEvent::Kind::Disconnected, job.id, {}, connected.error().message});
                    down = true;
                }
                lock.lock();
                next_try = std::chrono::steady_clock::now() + retry_;
                continue;
            }
            printer = std::move(*connected);
            if (down) {
                emit({QueueEvent::Kind::Back, job.id, {}, printer->describe()});
                down = false;
            }
        }

        const JobResult result = printer->print(job.bytes);
        bool done = false;
        switch (result.outcome) {
            case Outcome::Printed:
            case Outcome::Unconfirmed: {
                // Off the queue before anyone hears it is done.
                {
                    std::lock_guard done_lock(mutex_);
                    if (!jobs_.empty() && jobs_.front().id == job.id) {
                        jobs_.pop_front();
                    }
                }
                emptied_.notify_all();
                emit({result.outcome == Outcome::Printed ? QueueEvent::Kind::Printed
                                                         : QueueEvent::Kind::Unconfirmed,
                      job.id, result.after, result.detail});
                done = true;
                break;
            }
            case Outcome::NotReady:
            case Outcome::Interrupted: {
                const Status& s =
                    result.outcome == Outcome::NotReady ? result.before : result.after;
                const std::string said = job.id + "|" + describe_status(s);
                if (said != last_waiting) {
                    emit({QueueEvent::Kind::Waiting, job.id, s, result.detail});
                    last_waiting = said;
                }
                break;
            }
            case Outcome::LinkLost:
                printer.reset();
                emit({QueueEvent::Kind::Disconnected, job.id, {}, result.detail});
                down = true;
                break;
        }

        lock.lock();
        if (done) {
            last_waiting.clear();
            next_try = std::chrono::steady_clock::now();
        } else {
            next_try = std::chrono::steady_clock::now() + retry_;
        }
    }
}

}  // namespace jiayi::drivers::printer
