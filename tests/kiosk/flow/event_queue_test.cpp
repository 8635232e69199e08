// Device events cross threads through the queue: nothing lost, nothing
// reordered within a thread, and every post wakes the loop.

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "kiosk/flow/event_queue.hpp"

using namespace jiayi;

TEST_CASE("events posted from four threads all arrive, each thread's in order, each waking") {
    std::atomic<int> wakes{0};
    flow::EventQueue queue([&] { ++wakes; });
    constexpr int kPerThread = 500;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&queue, t] {
            for (int i = 0; i < kPerThread; ++i) {
                queue.post(flow::QrEvent{
                    {flow::CodeKind::Record, std::to_string(t) + ":" + std::to_string(i)}});
            }
        });
    }
    std::vector<flow::DeviceEvent> seen;
    while (seen.size() < 4 * kPerThread) {
        for (auto& e : queue.drain()) {
            seen.push_back(std::move(e));
        }
        std::this_thread::yield();
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(queue.drain().empty());
    CHECK(wakes.load() == 4 * kPerThread);
    std::vector<int> next(4, 0);
    for (const auto& e : seen) {
        const auto& text = std::get<flow::QrEvent>(e).code.id;
        const int thread = text[0] - '0';
        CHECK(std::stoi(text.substr(2)) == next[static_cast<std::size_t>(thread)]);
        ++next[static_cast<std::size_t>(thread)];
    }
}
