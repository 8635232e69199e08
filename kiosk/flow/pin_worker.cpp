#include "kiosk/flow/pin_worker.hpp"

#include <sodium.h>

namespace jiayi::flow {

PinWorker::PinWorker(EventQueue& answers) : answers_(answers), thread_([this] { run(); }) {}

PinWorker::~PinWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void PinWorker::check(std::uint64_t ticket, auth::PinCheck check) {
    {
        std::lock_guard lock(mutex_);
        jobs_.emplace_back(ticket, std::move(check));
    }
    wake_.notify_all();
}

void PinWorker::run() {
    for (;;) {
        std::pair<std::uint64_t, auth::PinCheck> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        PinChecked answer{job.first, {}, false};
        try {
            answer.matches = auth::check_pin(job.second);
        } catch (...) {
            answer.failed = true;  // std::bad_alloc: nothing decided, the try is not counted
        }
        // The PIN goes from this thread's copy as soon as it is checked.
        sodium_memzero(job.second.pin.data(), job.second.pin.size());
        answers_.post(std::move(answer));
    }
}

}  // namespace jiayi::flow
