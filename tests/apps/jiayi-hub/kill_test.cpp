// Fault injection (issue 10, "Tests": faults; STYLE.md tier 4): a real
// `jiayi-hub serve` process is SIGKILLed while kiosks' signing Bundles are in
// flight, restarted on the same database, again and again. After every kill:
// every signing a kiosk saw acknowledged (200) is there; no signing is half
// there (its Patient, EpisodeOfCare, Provenance and Consent all present or all
// absent, in the resource table and in the rule tables); each team's count
// equals its active contracts. The kiosks resend what got no answer, as their
// outbox does; at the end every Bundle is replayed once more and nothing is
// stored twice. On SQLite and on PostgreSQL.
//
// The kill point is chosen by counting acknowledged answers, not by time: the
// test waits for the k-th 200 and kills then, with other requests in flight.
// JIAYI_HUB_KILLS sets the kills per backend (default 3, scripts/soak runs
// 100 or more), JIAYI_KILL_SEED replays a failure's choices.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "support/postgres.hpp"

using namespace jiayi;
using namespace jiayi::test;
using namespace jiayi::test::hub_faults;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKiosks = 8;
constexpr int kTeams = 4;

int env_int(const char* name, int fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::atoi(text) : fallback;
}

std::string team_of(int n) {
    return "team-" + std::to_string(n % kTeams);
}

// What the kiosks know: which signings the hub acknowledged, which got no
// answer (sent into a hub that died: committed or not, nobody knows), and
// what is still to send (the unanswered first, as an outbox resends them).
class Outbox {
  public:
    // The next signing to send; new residents once the resends are out.
    int take() {
        std::lock_guard<std::mutex> guard(lock_);
        if (!pending_.empty()) {
            const int n = pending_.front();
            pending_.pop_front();
            return n;
        }
        return next_++;
    }
    void acknowledged(int n) {
        std::lock_guard<std::mutex> guard(lock_);
        acknowledged_.insert(n);
        unanswered_.erase(n);
        ++acks_;
        changed_.notify_all();
    }
    void unanswered(int n) {
        std::lock_guard<std::mutex> guard(lock_);
        unanswered_.insert(n);
        this_round_unanswered_.push_back(n);
    }
    void refused(int n, int status, const std::string& code) {
        std::lock_guard<std::mutex> guard(lock_);
        refusals_.push_back("signing " + std::to_string(n) + ": " + std::to_string(status) + " " +
                            code);
        changed_.notify_all();
    }
    void kiosk_stopped() {
        std::lock_guard<std::mutex> guard(lock_);
        ++stopped_;
        changed_.notify_all();
    }

    // Waits until `target` acknowledgements in all, a refusal, or every
    // kiosk stopped; false when `deadline` passed first.
    bool wait_for(int target, Clock::time_point deadline) {
        std::unique_lock<std::mutex> guard(lock_);
        return changed_.wait_until(guard, deadline, [&] {
            return acks_ >= target || !refusals_.empty() || stopped_ == kKiosks;
        });
    }

    // After a kill: the unanswered go first next round.
    std::vector<int> end_round() {
        std::lock_guard<std::mutex> guard(lock_);
        std::vector<int> round = std::move(this_round_unanswered_);
        this_round_unanswered_.clear();
        for (auto it = round.rbegin(); it != round.rend(); ++it) {
            pending_.push_front(*it);
        }
        stopped_ = 0;
        return round;
    }

    int acks() const {
        std::lock_guard<std::mutex> guard(lock_);
        return acks_;
    }
    int sent() const {
        std::lock_guard<std::mutex> guard(lock_);
        return next_;
    }
    std::set<int> acknowledged_set() const {
        std::lock_guard<std::mutex> guard(lock_);
        return acknowledged_;
    }
    std::vector<std::string> refusals() const {
        std::lock_guard<std::mutex> guard(lock_);
        return refusals_;
    }

  private:
    mutable std::mutex lock_;
    std::condition_variable changed_;
    std::deque<int> pending_;
    int next_ = 0;
    int acks_ = 0;
    int stopped_ = 0;
    std::set<int> acknowledged_;
    std::set<int> unanswered_;
    std::vector<int> this_round_unanswered_;
    std::vector<std::string> refusals_;
};

// One kiosk: sends signings until its connection fails (the hub died) or
// the hub refuses one (which no signing here deserves).
void run_kiosk(int port, const std::string& token, Outbox& outbox) {
    Kiosk kiosk(port, token);
    for (;;) {
        const int n = outbox.take();
        const auto answer = kiosk.post(signing(n, team_of(n)).bundle);
        if (answer.status == 200) {
            outbox.acknowledged(n);
        } else if (answer.status < 0) {
            outbox.unanswered(n);
            break;
        } else {
            outbox.refused(n, answer.status, refusal_code(answer));
            break;
        }
    }
    outbox.kiosk_stopped();
}

struct Audit {
    std::set<int> whole;  // signings wholly on the hub
    int half = 0;         // signings partly on the hub (must stay 0)
    int lost = 0;         // acknowledged but not wholly on the hub (must stay 0)
    int miscounted = 0;   // teams whose count is not their active contracts
};

// What the database holds for signings 0 … sent-1, read directly (the hub
// is down): the resource table and the rule tables, each part of a signing.
Audit audit(hub::db::Database& database, int sent, const std::set<int>& acknowledged) {
    const auto patients = texts(database, "SELECT value FROM patients");
    const auto episodes = texts(database, "SELECT id FROM episodes");
    const auto episode_resources =
        texts(database, "SELECT id FROM resources WHERE type = 'EpisodeOfCare'");
    const auto provenances = texts(database, "SELECT id FROM resources WHERE type = 'Provenance'");
    const auto consents = texts(database, "SELECT id FROM resources WHERE type = 'Consent'");
    Audit found;
    for (int n = 0; n < sent; ++n) {
        const Signing s = signing(n, team_of(n));
        const int parts =
            static_cast<int>(patients.count(s.number) + episodes.count(s.episode) +
                             episode_resources.count(s.episode) + provenances.count(s.provenance) +
                             consents.count(s.consent));
        if (parts == 5) {
            found.whole.insert(n);
        } else if (parts != 0) {
            ++found.half;
            MESSAGE("signing " << n << " is half on the hub: " << parts << " of 5 parts");
        }
        if (parts != 5 && acknowledged.count(n) != 0) {
            ++found.lost;
            MESSAGE("signing " << n << " was acknowledged but is not on the hub");
        }
    }
    found.miscounted = static_cast<int>(
        count(database,
              "SELECT COUNT(*) FROM teams t WHERE t.signed <> (SELECT COUNT(*) FROM episodes e "
              "WHERE e.team = t.id AND e.status = 'active')"));
    // The resource table and the rule tables agree row for row.
    CHECK(count(database, "SELECT COUNT(*) FROM resources WHERE type = 'Patient'") ==
          static_cast<std::int64_t>(patients.size()));
    CHECK(episode_resources.size() == episodes.size());
    return found;
}

// `url`: the database, empty for a SQLite file in the hub's folder.
void kill_loop(const std::string& backend, const std::string& url) {
    const char* seed_text = std::getenv("JIAYI_KILL_SEED");
    const unsigned seed = seed_text ? static_cast<unsigned>(std::strtoul(seed_text, nullptr, 10))
                                    : std::random_device{}();
    const int kills = env_int("JIAYI_HUB_KILLS", 3);
    MESSAGE(backend << ": JIAYI_KILL_SEED=" << seed << " JIAYI_HUB_KILLS=" << kills);
    std::mt19937 random(seed);

    HubProcessOptions options = hub_options(url);
    options.threads = 16;
    HubProcess hub(options);  // `init` and the kiosk's token; not started yet
    auto database = open_database(hub.database_url());
    std::vector<hub::store::TeamRecord> teams;
    for (int t = 0; t < kTeams; ++t) {
        teams.push_back(team("team-" + std::to_string(t)));
    }
    import_data(*database, teams);
    const std::string token = hub.token();

    Outbox outbox;
    int unanswered = 0;
    int unanswered_stored = 0;  // unanswered, yet committed before the kill
    Clock::duration restarting{};
    Clock::duration reaping{};
    for (int k = 0; k < kills; ++k) {
        const auto started = Clock::now();
        hub.start();  // returns once the hub printed "listening"
        restarting += Clock::now() - started;
        const int target = outbox.acks() + 1 + static_cast<int>(random() % 24);
        std::vector<std::thread> kiosks;
        for (int i = 0; i < kKiosks; ++i) {
            kiosks.emplace_back(run_kiosk, hub.port(), token, std::ref(outbox));
        }
        const bool reached = outbox.wait_for(target, Clock::now() + std::chrono::seconds(60));
        const auto killed = Clock::now();
        const ProcessEnd end = hub.kill9();  // SIGKILL, then waitpid
        reaping += Clock::now() - killed;
        for (auto& kiosk : kiosks) {
            kiosk.join();
        }
        const std::vector<int> round_unanswered = outbox.end_round();
        REQUIRE(end.signal == SIGKILL);
        REQUIRE(reached);
        REQUIRE(outbox.acks() >= target);  // not every kiosk gave up before the kill
        const auto refusals = outbox.refusals();
        for (const auto& refusal : refusals) {
            MESSAGE(refusal);
        }
        REQUIRE(refusals.empty());

        const Audit found = audit(*database, outbox.sent(), outbox.acknowledged_set());
        CAPTURE(k);
        unanswered += static_cast<int>(round_unanswered.size());
        for (const int n : round_unanswered) {
            unanswered_stored += static_cast<int>(found.whole.count(n));
        }
        REQUIRE(found.lost == 0);
        REQUIRE(found.half == 0);
        REQUIRE(found.miscounted == 0);
    }

    // Every Bundle once more, on a hub that is not killed: each answers 200
    // (the stored ones as replays) and nothing is stored twice.
    const int sent = outbox.sent();
    {
        hub.start();
        std::atomic<int> next{0};
        std::atomic<int> ok{0};
        std::vector<std::thread> kiosks;
        for (int i = 0; i < kKiosks; ++i) {
            kiosks.emplace_back([&] {
                Kiosk kiosk(hub.port(), token);
                for (int n = next++; n < sent; n = next++) {
                    const auto answer = kiosk.post(signing(n, team_of(n)).bundle);
                    if (answer.status == 200) {
                        ++ok;
                    } else {
                        MESSAGE("replay " << n << ": " << answer.status << " "
                                          << refusal_code(answer));
                    }
                }
            });
        }
        for (auto& kiosk : kiosks) {
            kiosk.join();
        }
        CHECK(ok.load() == sent);
        CHECK(hub.stop() == 0);  // SIGTERM: a graceful stop
    }
    const Audit found = audit(*database, sent, outbox.acknowledged_set());
    CHECK(found.whole.size() == static_cast<std::size_t>(sent));
    CHECK(found.half == 0);
    CHECK(found.miscounted == 0);
    CHECK(count(*database, "SELECT COUNT(*) FROM patients") == sent);
    CHECK(count(*database, "SELECT COUNT(*) FROM episodes WHERE status = 'active'") == sent);
    CHECK(count(*database, "SELECT SUM(signed) FROM teams") == sent);
    CHECK(count(*database, "SELECT COUNT(*) FROM resources WHERE type <> 'Organization'") ==
          4 * sent);
    CHECK(count(*database, "SELECT COUNT(*) FROM history WHERE type <> 'Organization'") ==
          4 * sent);

    const auto ms = [](Clock::duration d, int n) {
        return std::chrono::duration<double, std::milli>(d).count() / std::max(n, 1);
    };
    MESSAGE(backend << ": " << kills << " kills, " << outbox.acks() << " signings acknowledged, "
                    << unanswered << " unanswered at a kill (" << unanswered_stored
                    << " of them committed all the same), all resent; " << sent
                    << " residents; start to listening " << ms(restarting, kills)
                    << " ms, SIGKILL to reaped " << ms(reaping, kills) << " ms per kill");
}

}  // namespace

TEST_CASE("a hub killed with signings in flight keeps every acknowledged one whole on SQLite") {
    kill_loop("sqlite", "");
}

TEST_CASE("a hub killed with signings in flight keeps every acknowledged one whole on PostgreSQL") {
    kill_loop("postgresql", fresh_postgres_database());
}
