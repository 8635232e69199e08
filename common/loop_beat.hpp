#pragma once
// What a long-running loop owes the program's watchdog (the programs wire
// it to common/service/watchdog.hpp; a library's loop only sees this): a
// beat at every turn, and a wake at least every `every` to beat while it
// sleeps on a timer or a queue, so that silence means a stalled loop, not
// an idle one. An empty LoopBeat beats nothing and never wakes early.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace jiayi {

struct LoopBeat {
    std::function<void()> beat;
    std::chrono::milliseconds every{0};

    void operator()() const {
        if (beat) {
            beat();
        }
    }

    // changed.wait_until(lock, deadline, done), beating now and at least
    // every `every` meanwhile. Returns done().
    template <class Done>
    bool wait_until(std::condition_variable& changed, std::unique_lock<std::mutex>& lock,
                    std::chrono::steady_clock::time_point deadline, Done done) const {
        for (;;) {
            (*this)();
            auto until = deadline;
            if (beat && every.count() > 0) {
                until = std::min(deadline, std::chrono::steady_clock::now() + every);
            }
            if (changed.wait_until(lock, until, done)) {
                return true;
            }
            if (until >= deadline) {
                return false;
            }
        }
    }
    // The same without a deadline: until done().
    template <class Done>
    void wait(std::condition_variable& changed, std::unique_lock<std::mutex>& lock,
              Done done) const {
        while (!wait_until(changed, lock, std::chrono::steady_clock::now() + std::chrono::hours(1),
                           done)) {
        }
    }
};

}  // namespace jiayi
