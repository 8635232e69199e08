// The races of issue 10, with real threads on one database: the rules hold
// because the database holds them, not because requests happen to take turns.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"

using namespace jiayi;
using namespace jiayi::test;

namespace {

// Starts `n` threads together (a barrier, not a sleep) and joins them.
void race(int n, const std::function<void(int)>& body) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (!go.load()) {
                std::this_thread::yield();
            }
            body(i);
        });
    }
    while (ready.load() < n) {
        std::this_thread::yield();
    }
    go = true;
    for (auto& thread : threads) {
        thread.join();
    }
}

const hub::db::OpenOptions kPool{.connections = 16, .busy_timeout_ms = 10000, .retries = 20};

}  // namespace

TEST_CASE(
    "64 kiosks signing one resident to 64 teams at once: exactly one contract, one place taken") {
    for_each_backend(
        [](hub::db::Database& database) {
            Hub hub(database);
            std::vector<hub::store::TeamRecord> teams;
            for (int t = 0; t < 64; ++t) {
                teams.push_back(
                    {"team-" + std::to_string(t), "T", "hc-1", kKiosk.township, 1500, false});
            }
            hub.teams(teams);
            std::map<std::string, int> answers;
            std::mutex lock;
            race(64, [&](int i) {
                const auto answer =
                    hub.post(signing_bundle(resident(1), uuid(i + 1), "team-" + std::to_string(i)));
                std::lock_guard<std::mutex> guard(lock);
                ++answers[answer.status == 200 ? "ok" : code_of(answer)];
            });
            CHECK(answers["ok"] == 1);
            CHECK(answers["already-signed"] == 63);
            CHECK(hub.count("SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 1);
            CHECK(hub.count("SELECT COUNT(*) FROM episodes") == 1);
            CHECK(hub.count("SELECT SUM(signed) FROM teams") == 1);
            CHECK(hub.count("SELECT COUNT(*) FROM patients") == 1);
        },
        kPool);
}

TEST_CASE(
    "300 residents racing for a team of 100 places: exactly 100 signed, the count equals the "
    "rows") {
    for_each_backend(
        [](hub::db::Database& database) {
            Hub hub(database);
            hub.team("team-a", 100);
            std::atomic<int> signed_ok{0};
            std::atomic<int> full{0};
            std::atomic<int> other{0};
            race(30, [&](int t) {
                for (int i = t; i < 300; i += 30) {
                    const auto answer =
                        hub.post(signing_bundle(resident(i + 1), uuid(i + 1), "team-a"));
                    if (answer.status == 200) {
                        ++signed_ok;
                    } else if (code_of(answer) == "team-full") {
                        ++full;
                    } else {
                        ++other;
                    }
                }
            });
            CHECK(signed_ok.load() == 100);
            CHECK(full.load() == 200);
            CHECK(other.load() == 0);
            CHECK(hub.count("SELECT signed FROM teams WHERE id = 'team-a'") == 100);
            CHECK(
                hub.count(
                    "SELECT COUNT(*) FROM episodes WHERE team = 'team-a' AND status = 'active'") ==
                100);
            // A refused signing keeps nothing: only the signed residents are on the hub.
            CHECK(hub.count("SELECT COUNT(*) FROM patients") == 100);
        },
        kPool);
}

TEST_CASE(
    "64 kiosks making 200 booking attempts each on 100 slots: exactly 100 booked, no slot twice") {
    for_each_backend(
        [](hub::db::Database& database) {
            hub::store::HubRules rules;
            rules.booking.max_open_bookings =
                1000;  // the slots, not the residents' limit, are contended here
            Hub hub(database, rules);
            hub.team("team-a");
            hub.slots(100);
            std::vector<std::string> patients;
            for (int i = 0; i < 64; ++i) {
                patients.push_back(hub.sign(i + 1, "team-a"));
            }
            std::atomic<int> booked{0};
            std::atomic<int> taken{0};
            std::atomic<int> other{0};
            race(64, [&](int t) {
                std::mt19937 random(static_cast<unsigned>(t));
                for (int attempt = 0; attempt < 200; ++attempt) {
                    const std::string slot = "slot-" + std::to_string(random() % 100);
                    const auto read = hub.get("Slot/" + slot);
                    if (read.body["status"] == "busy") {
                        continue;  // a kiosk shows only free slots
                    }
                    json busy = read.body;
                    busy.erase("meta");
                    busy["status"] = "busy";
                    const std::string id = uuid(t * 1000 + attempt, 'a');
                    const json bundle = {
                        {"resourceType", "Bundle"},
                        {"type", "transaction"},
                        {"entry",
                         json::array({
                             {{"resource", busy},
                              {"request",
                               {{"method", "PUT"},
                                {"url", "Slot/" + slot},
                                {"ifMatch", *read.etag}}}},
                             {{"resource",
                               appointment(id, patients[static_cast<std::size_t>(t)], slot)},
                              {"request", {{"method", "PUT"}, {"url", "Appointment/" + id}}}},
                         })}};
                    const auto answer = hub.post(bundle);
                    if (answer.status == 200) {
                        ++booked;
                    } else if (answer.status == 412 && code_of(answer) == "slot-taken") {
                        ++taken;
                    } else {
                        ++other;
                    }
                }
            });
            MESSAGE("booked " << booked.load() << ", refused as taken " << taken.load());
            CHECK(booked.load() == 100);
            CHECK(other.load() == 0);
            CHECK(hub.count("SELECT COUNT(*) FROM appointments WHERE status = 'booked'") == 100);
            CHECK(hub.count(
                      "SELECT COUNT(DISTINCT slot) FROM appointments WHERE status = 'booked'") ==
                  100);
            CHECK(hub.count("SELECT COUNT(*) FROM appointments") == 100);
            CHECK(hub.count("SELECT COUNT(*) FROM slots WHERE status = 'busy'") == 100);
            CHECK(hub.count("SELECT SUM(open_bookings) FROM patients") == 100);
        },
        kPool);
}

TEST_CASE(
    "replayed and reordered transactions from 8 kiosks store each record once and answer alike") {
    for_each_backend(
        [](hub::db::Database& database) {
            Hub hub(database);
            hub.team("team-a");
            // 50 residents' signings, each sent by all 8 threads (lost
            // acknowledgements, resent), every thread in an order of its own.
            std::vector<int> work;
            for (int i = 1; i <= 50; ++i) {
                work.push_back(i);
            }
            std::map<int, std::set<std::string>> answers;
            std::mutex lock;
            std::atomic<int> failed{0};
            race(8, [&](int t) {
                std::vector<int> mine = work;
                std::shuffle(mine.begin(), mine.end(), std::mt19937(static_cast<unsigned>(t + 1)));
                for (const int n : mine) {
                    const auto answer = hub.post(signing_bundle(resident(n), uuid(n), "team-a"));
                    if (answer.status != 200) {
                        ++failed;
                        std::lock_guard<std::mutex> guard(lock);
                        MESSAGE(answer.status << " " << answer.body.dump().substr(0, 300));
                        continue;
                    }
                    std::lock_guard<std::mutex> guard(lock);
                    answers[n].insert(answer.body.dump());
                }
            });
            CHECK(failed.load() == 0);
            CHECK(answers.size() == 50);
            for (const auto& [n, bodies] : answers) {
                CAPTURE(n);
                CHECK(bodies.size() == 1);  // every replay answered as the first time
            }
            CHECK(hub.count("SELECT COUNT(*) FROM patients") == 50);
            CHECK(hub.count("SELECT COUNT(*) FROM episodes") == 50);
            CHECK(hub.count("SELECT COUNT(*) FROM resources") == 50 + 50 + 1);  // + the team
            CHECK(hub.count("SELECT signed FROM teams") == 50);
        },
        kPool);
}
