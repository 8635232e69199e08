// Two `jiayi-hub serve` processes on one PostgreSQL (issue 10, "Tests":
// races): the hub holds no state of its own, so a district runs several
// behind a load balancer, and the rules must hold across processes because
// the database holds them. The kiosks are split over both hubs (even ones to
// the first, odd ones to the second) and start together (a latch, not a
// sleep).

#include <doctest/doctest.h>

#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "support/postgres.hpp"

using namespace jiayi;
using namespace jiayi::test;
using namespace jiayi::test::hub_faults;

namespace {

// Two hubs on one fresh PostgreSQL database prepared with `teams` and
// `slots`: the first runs `init` and issues the kiosk's token, the second
// shares its database and so its token.
struct TwoHubs {
    TwoHubs(const std::vector<hub::store::TeamRecord>& teams, int slots) {
        HubProcessOptions options = hub_options(fresh_postgres_database());
        // 32 kiosks per hub, each holding a kept-alive connection (a worker);
        // the booking limit (at most 100) out of the way: the slots are contended.
        options.threads = 40;
        options.connections = 16;
        options.extra_config = "[rules]\nmax_open_bookings = 100\n";
        first = std::make_unique<HubProcess>(options);
        database = open_database(options.database);
        import_data(*database, teams, slots);
        token = first->token();
        options.initialise = false;
        second = std::make_unique<HubProcess>(options);
        first->start();
        second->start();
    }
    ~TwoHubs() {
        // A graceful stop of both; a hub that does not stop cleanly fails the test.
        CHECK(first->stop() == 0);
        CHECK(second->stop() == 0);
    }
    int port_for(int kiosk) const { return (kiosk % 2 == 0 ? first : second)->port(); }

    std::unique_ptr<HubProcess> first;
    std::unique_ptr<HubProcess> second;
    std::unique_ptr<hub::db::Database> database;
    std::string token;
};

// Starts `n` kiosk threads together and joins them; kiosk i talks to hub i % 2.
void race(int n, const std::function<void(int)>& body) {
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            body(i);
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
}

// Tallies answers by outcome ("ok" or the refusal code) and by hub.
class Tally {
  public:
    void add(int kiosk, const Kiosk::Answer& answer) {
        const std::string outcome =
            answer.status == 200 ? "ok"
            : answer.status < 0  ? "no answer"
                                : refusal_code(answer) + " (" + std::to_string(answer.status) + ")";
        std::lock_guard<std::mutex> guard(lock_);
        ++outcomes_[outcome];
        ++by_hub_[kiosk % 2][outcome];
    }
    int operator[](const std::string& outcome) const {
        std::lock_guard<std::mutex> guard(lock_);
        const auto it = outcomes_.find(outcome);
        return it == outcomes_.end() ? 0 : it->second;
    }
    std::string describe() const {
        std::lock_guard<std::mutex> guard(lock_);
        std::string text;
        for (int hub = 0; hub < 2; ++hub) {
            text += "hub " + std::to_string(hub + 1) + ":";
            for (const auto& [outcome, n] : by_hub_[hub]) {
                text += " " + outcome + " " + std::to_string(n);
            }
            text += hub == 0 ? "; " : "";
        }
        return text;
    }

  private:
    mutable std::mutex lock_;
    std::map<std::string, int> outcomes_;
    std::map<std::string, int> by_hub_[2];
};

}  // namespace

TEST_CASE("two hubs, 64 kiosks signing one resident to 64 teams at once: exactly one contract") {
    std::vector<hub::store::TeamRecord> teams;
    for (int t = 0; t < 64; ++t) {
        teams.push_back(team("team-" + std::to_string(t)));
    }
    TwoHubs hubs(teams, 0);
    Tally tally;
    race(64, [&](int i) {
        Kiosk kiosk(hubs.port_for(i), hubs.token);
        // One resident (0), a contract (and its signature and consent) of
        // its own per kiosk, to team i.
        const Signing shared = signing(0, "team-" + std::to_string(i));
        const Signing own = signing(1000 + i, "team-" + std::to_string(i));
        std::string text = shared.bundle.dump();
        for (const auto& [old, id] :
             {std::pair{shared.episode, own.episode}, std::pair{shared.provenance, own.provenance},
              std::pair{shared.consent, own.consent}}) {
            for (auto at = text.find(old); at != std::string::npos; at = text.find(old)) {
                text.replace(at, old.size(), id);
            }
        }
        const json bundle = json::parse(text);
        tally.add(i, kiosk.post(bundle));
    });
    MESSAGE(tally.describe());
    CHECK(tally["ok"] == 1);
    CHECK(tally["already-signed (422)"] == 63);
    auto& db = *hubs.database;
    CHECK(count(db, "SELECT COUNT(*) FROM patients") == 1);
    CHECK(count(db, "SELECT COUNT(*) FROM episodes") == 1);
    CHECK(count(db, "SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 1);
    CHECK(count(db, "SELECT SUM(signed) FROM teams") == 1);
    // A refused signing keeps nothing: one contract's Provenance and Consent.
    CHECK(count(db, "SELECT COUNT(*) FROM resources WHERE type <> 'Organization'") == 4);
}

TEST_CASE("two hubs, 300 residents racing for a team of 100 places: exactly 100 signed") {
    TwoHubs hubs({team("team-small", 100)}, 0);
    Tally tally;
    std::atomic<int> next{0};
    race(64, [&](int i) {
        Kiosk kiosk(hubs.port_for(i), hubs.token);
        for (int n = next++; n < 300; n = next++) {
            tally.add(i, kiosk.post(signing(n, "team-small").bundle));
        }
    });
    MESSAGE(tally.describe());
    CHECK(tally["ok"] == 100);
    CHECK(tally["team-full (422)"] == 200);
    auto& db = *hubs.database;
    CHECK(count(db, "SELECT signed FROM teams WHERE id = 'team-small'") == 100);
    CHECK(count(db, "SELECT COUNT(*) FROM episodes WHERE status = 'active'") == 100);
    CHECK(count(db, "SELECT COUNT(*) FROM patients") == 100);
    CHECK(count(db, "SELECT COUNT(*) FROM resources WHERE type = 'Provenance'") == 100);
}

TEST_CASE("two hubs, 64 kiosks making 200 booking attempts each on 100 slots: exactly 100 booked") {
    TwoHubs hubs({team("team-a")}, 100);
    // 64 signed residents, one per kiosk; their Patient ids as the hub gave them.
    std::vector<std::string> patients(64);
    race(64, [&](int i) {
        Kiosk kiosk(hubs.port_for(i), hubs.token);
        const auto answer = kiosk.post(signing(i, "team-a").bundle);
        CHECK(answer.status == 200);
        if (answer.status != 200) {
            return;
        }
        const std::string location = answer.parsed()["entry"][0]["response"]["location"];
        patients[static_cast<std::size_t>(i)] = location.substr(8, location.find('/', 8) - 8);
    });
    Tally tally;
    std::atomic<int> seen_busy{0};
    std::atomic<int> unreadable{0};
    race(64, [&](int i) {
        Kiosk kiosk(hubs.port_for(i), hubs.token);
        std::mt19937 random(static_cast<unsigned>(i));
        for (int attempt = 0; attempt < 200; ++attempt) {
            const std::string slot = "slot-" + std::to_string(random() % 100);
            const auto read = kiosk.get("Slot/" + slot);
            json busy = read.parsed();
            if (read.status != 200) {
                ++unreadable;
                continue;
            }
            if (busy["status"] == "busy") {
                ++seen_busy;
                continue;  // a kiosk offers only free slots
            }
            busy.erase("meta");
            busy["status"] = "busy";
            const std::string id = numbered_uuid("0a7e5c2a-0003", i * 1000 + attempt);
            const json appointment = {
                {"resourceType", "Appointment"},
                {"id", id},
                {"status", "booked"},
                {"start", busy["start"]},
                {"end", busy["end"]},
                {"slot", json::array({{{"reference", "Slot/" + slot}}})},
                {"participant",
                 json::array(
                     {{{"actor",
                        {{"reference", "Patient/" + patients[static_cast<std::size_t>(i)]}}},
                       {"status", "accepted"}}})}};
            const json bundle = {
                {"resourceType", "Bundle"},
                {"type", "transaction"},
                {"entry",
                 json::array({
                     {{"resource", busy},
                      {"request",
                       {{"method", "PUT"}, {"url", "Slot/" + slot}, {"ifMatch", read.etag}}}},
                     {{"resource", appointment},
                      {"request", {{"method", "PUT"}, {"url", "Appointment/" + id}}}},
                 })}};
            tally.add(i, kiosk.post(bundle));
        }
    });
    MESSAGE(tally.describe() << "; skipped as busy " << seen_busy.load());
    CHECK(unreadable.load() == 0);
    CHECK(tally["ok"] == 100);
    CHECK(tally["ok"] + tally["slot-taken (412)"] + seen_busy.load() == 64 * 200);
    auto& db = *hubs.database;
    CHECK(count(db, "SELECT COUNT(*) FROM appointments WHERE status = 'booked'") == 100);
    CHECK(count(db, "SELECT COUNT(DISTINCT slot) FROM appointments WHERE status = 'booked'") ==
          100);
    CHECK(count(db, "SELECT COUNT(*) FROM appointments") == 100);
    CHECK(count(db, "SELECT COUNT(*) FROM slots WHERE status = 'busy'") == 100);
    CHECK(count(db, "SELECT SUM(open_bookings) FROM patients") == 100);
}
