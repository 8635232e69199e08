// Restart is safe (issue 12): the real `jiayi-kiosk --headless --keep-store`
// plays scripted journeys on a store of its own and is SIGKILLed at random
// points (seeded: JIAYI_KILL_SEED; JIAYI_KIOSK_KILLS runs, 4 in ctest,
// many in scripts/soak), then started again on the same store. Each time:
//
// - the store passes SQLite's integrity check and holds no contract without
//   its outbox entry and signature (nor an outbox entry without its record);
// - nothing once read from it is gone or changed: the test reads the store
//   after every kill and after every restart, and each reading must hold
//   every contract, signature, outbox entry, receipt and print job of the
//   one before, with the same contents (a receipt's bytes, an outbox
//   entry's record, a print job's receipt) — what was committed before a
//   kill is exactly what the next reading finds;
// - the kiosk comes up on the home screen (the half-done journey is gone:
//   nothing of a session is kept) and exits cleanly after its script.
//
// Kills land after a random number of screens (each screen is a PNG the
// kiosk writes; inotify says when), then a random pause of up to 200 ms, so
// they fall in the open and its migrations, mid-journey, or inside the
// commit of a signing, whatever the machine's speed.

#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "common/unique_fd.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/store/sqlite.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

namespace {

using namespace std::chrono_literals;

// The shipped configuration with the store's files in `dir`.
std::filesystem::path write_config(const TempDir& dir) {
    std::ifstream shipped(std::filesystem::path(JIAYI_SOURCE_DIR) / "config/kiosk.toml");
    REQUIRE(shipped);
    std::ostringstream out;
    std::string line;
    while (std::getline(shipped, line)) {
        if (line.rfind("database = ", 0) == 0) {
            line = "database = \"" + (dir / "kiosk.db").string() + "\"";
        } else if (line.rfind("key_file = ", 0) == 0) {
            line = "key_file = \"" + (dir / "kiosk.key").string() + "\"";
        }
        out << line << "\n";
    }
    const auto path = dir / "kiosk.toml";
    std::ofstream(path) << out.str();
    return path;
}

// Signings of new made-up adults (27 to 61, numbers never seen before on
// this store), each through to the feedback, as morning.script signs.
std::string signings(int first, int count) {
    static const char* const kNames[] = {"周测试", "吴测试", "郑测试", "冯测试", "孙测试"};
    std::string script;
    for (int n = first; n < first + count; ++n) {
        char sequence[8];
        std::snprintf(sequence, sizeof sequence, "%03d", n % 1000);
        const std::string number = demo::made_up_number(
            "500114", domain::Date{1965 + n % 35, 1 + n % 12, 1 + n % 28}, sequence);
        char phone[16];
        std::snprintf(phone, sizeof phone, "139%08d", n);
        script += "card " + number + " " + kNames[n % 5] +
                  "\ntap sign\ntap choose-team team-a\ntap toggle-package tcm\ntap next\n"
                  "tap choose-hospital district-people\ntap next\n"
                  "keys " +
                  phone + "\ntap next\nkeys " + phone +
                  "\ntap next\ntap next\ntap next\nstroke\ntap next\ntap next\n"
                  "tap rate 5\ntap knows-doctor 1\ntap next\n";
    }
    return script;
}

// What a reading of the store found: per table, each row's id and the
// columns that never change once written.
using Reading = std::map<std::string, std::map<std::string, std::string>>;

Reading read_store(const std::filesystem::path& db) {
    store::Database raw(db);
    auto integrity = raw.prepare("PRAGMA integrity_check");
    REQUIRE(integrity.step());
    CHECK(integrity.text(0) == "ok");
    // A kill inside the first migrations leaves the later tables unmade:
    // what is not there yet is not read (the restart makes it).
    const auto has = [&raw](const std::string& table) {
        auto st =
            raw.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        st.bind(1, table);
        REQUIRE(st.step());
        return st.integer(0) == 1;
    };
    const bool first_tables = has("contracts") && has("outbox") && has("signatures");
    const auto none = [&raw, first_tables](const char* sql) {
        if (!first_tables) {
            return true;
        }
        auto st = raw.prepare(sql);
        REQUIRE(st.step());
        return st.integer(0) == 0;
    };
    CHECK(
        none("SELECT count(*) FROM contracts c WHERE NOT EXISTS "
             "(SELECT 1 FROM outbox o WHERE o.record_id = c.id)"));
    CHECK(
        none("SELECT count(*) FROM outbox o WHERE o.record_type = 'contract' AND "
             "NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = o.record_id)"));
    CHECK(
        none("SELECT count(*) FROM signatures s WHERE NOT EXISTS "
             "(SELECT 1 FROM outbox o WHERE o.record_id = s.id)"));
    if (has("print_jobs")) {
        CHECK(
            none("SELECT count(*) FROM print_jobs j WHERE NOT EXISTS "
                 "(SELECT 1 FROM receipts r WHERE r.id = j.receipt_id)"));
    }
    const std::map<std::string, const char*> tables = {
        {"contracts", "SELECT id, resident_id FROM contracts"},
        {"signatures", "SELECT id, record_id || ' ' || hex(png_enc) FROM signatures"},
        {"outbox", "SELECT id, record_type || ' ' || record_id FROM outbox"},
        {"receipts", "SELECT id, record_id || ' ' || kind || ' ' || hex(bytes_enc) FROM receipts"},
        {"print_jobs", "SELECT CAST(id AS TEXT), receipt_id FROM print_jobs"},
        {"feedback", "SELECT id, record_id FROM feedback"},
    };
    Reading reading;
    for (const auto& [table, sql] : tables) {
        auto& rows = reading[table];
        if (!has(table)) {
            continue;
        }
        auto st = raw.prepare(sql);
        while (st.step()) {
            rows[st.text(0)] = st.text(1);
        }
    }
    return reading;
}

// Every row of `before` is in `after`, unchanged.
void check_kept(const Reading& before, const Reading& after, const std::string& when) {
    for (const auto& [table, rows] : before) {
        const auto& now = after.at(table);
        for (const auto& [id, value] : rows) {
            const auto found = now.find(id);
            CHECK_MESSAGE(found != now.end(), when << ": " << table << " " << id << " is gone");
            if (found != now.end()) {
                CHECK_MESSAGE(found->second == value,
                              when << ": " << table << " " << id << " changed");
            }
        }
    }
}

std::size_t rows(const Reading& reading, const std::string& table) {
    return reading.at(table).size();
}

// Waits for `screens` PNGs written into `folder` (or the kiosk's end).
void wait_for_screens(int inotify, ChildProcess& kiosk, int screens) {
    int seen = 0;
    while (seen < screens) {
        pollfd ready{inotify, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0) {
            if (kiosk.wait(0ms)) {
                return;  // it finished its script first
            }
            continue;
        }
        alignas(inotify_event) char buffer[4096];
        const ssize_t n = ::read(inotify, buffer, sizeof buffer);
        for (ssize_t at = 0; at < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            if (event->len > 0 && std::string(event->name).ends_with(".png")) {
                ++seen;
            }
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
    }
}

}  // namespace

TEST_CASE("kiosk restart: the journeys the kills interrupt sign, run to their end") {
    TempDir dir;
    const auto config = write_config(dir);
    std::ofstream(dir / "run.script") << signings(1, 3);
    ChildProcess kiosk({JIAYI_KIOSK_BIN, "--headless", "--keep-store", "--config", config.string(),
                        "--size", "1280x720", "--script", (dir / "run.script").string(),
                        "--screenshot", (dir / "screens").string()},
                       dir / "stdout", dir / "stderr");
    const auto end = kiosk.wait(120s);
    REQUIRE(end.has_value());
    INFO("kiosk stderr: " << slurp(dir / "stderr"));
    CHECK(end->code == 0);
    const Reading reading = read_store(dir / "kiosk.db");
    CHECK(rows(reading, "contracts") == 3);
    CHECK(rows(reading, "receipts") == 3);
    CHECK(rows(reading, "feedback") == 3);
    // The screens a kill may land after: each signing's, ending at home.
    const std::string out = slurp(dir / "stdout");
    CHECK(out.find("-receipt-") != std::string::npos);
    CHECK(out.rfind("-home-") > out.rfind("-feedback-"));
}

TEST_CASE("kiosk restart: kill -9 at random points, every committed record kept, home screen") {
    const char* seed_text = std::getenv("JIAYI_KILL_SEED");
    const unsigned seed = seed_text ? static_cast<unsigned>(std::strtoul(seed_text, nullptr, 10))
                                    : std::random_device{}();
    MESSAGE("JIAYI_KILL_SEED=" << seed);
    std::mt19937 random(seed);
    const char* iterations_text = std::getenv("JIAYI_KIOSK_KILLS");
    const int iterations = iterations_text ? std::atoi(iterations_text) : 4;

    TempDir dir;
    const auto config = write_config(dir);
    const std::filesystem::path scripts =
        std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/scripts";
    Reading last;
    int killed = 0;
    int finished = 0;
    for (int i = 0; i < iterations; ++i) {
        CAPTURE(i);
        // Every fourth run starts a new store (kills then land in its
        // creation and migrations too) with a shipped script; the others
        // sign new residents on the store as the last run left it.
        std::filesystem::path script;
        if (i % 4 == 0) {
            for (const char* file : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"}) {
                std::filesystem::remove(dir / file);
            }
            last = {};
            script = scripts / (i % 8 == 0 ? "morning.script" : "tour.script");
        } else {
            script = dir / ("run-" + std::to_string(i) + ".script");
            std::ofstream(script) << signings(i * 3, 3);
        }
        const auto screens = dir / ("screens-" + std::to_string(i));
        std::filesystem::create_directories(screens);
        UniqueFd inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
        REQUIRE(inotify);
        REQUIRE(::inotify_add_watch(inotify.get(), screens.c_str(), IN_CLOSE_WRITE) >= 0);
        {
            ChildProcess kiosk({JIAYI_KIOSK_BIN, "--headless", "--keep-store", "--config",
                                config.string(), "--size", "1280x720", "--script", script.string(),
                                "--screenshot", screens.string()},
                               dir / "stdout", dir / "stderr");
            const int after_screens = std::uniform_int_distribution<int>(0, 40)(random);
            const int pause_ms = std::uniform_int_distribution<int>(0, 200)(random);
            MESSAGE("run " << i << ": " << script.filename().string() << ", kill after "
                           << after_screens << " screens and " << pause_ms << " ms");
            wait_for_screens(inotify.get(), kiosk, after_screens);
            if (!kiosk.wait(std::chrono::milliseconds(pause_ms))) {
                kiosk.signal(SIGKILL);
            }
            const auto end = kiosk.wait(60s);
            REQUIRE(end.has_value());
            INFO("kiosk stderr: " << slurp(dir / "stderr"));
            if (end->signal == SIGKILL) {
                ++killed;
            } else {
                CHECK(end->exited);  // a script that ran through ends well
                CHECK(end->code == 0);
                ++finished;
            }
        }
        // Nothing read before is gone; the store is whole as the kill left it.
        const Reading killed_reading =
            std::filesystem::exists(dir / "kiosk.db") ? read_store(dir / "kiosk.db") : Reading{};
        if (!killed_reading.empty()) {
            check_kept(last, killed_reading, "after the kill");
        }

        // Started again: the home screen, then the same records and more of none.
        const auto home = dir / ("home-" + std::to_string(i));
        std::ofstream(dir / "home.script") << "shot\n";
        ChildProcess again(
            {JIAYI_KIOSK_BIN, "--headless", "--keep-store", "--config", config.string(), "--size",
             "1280x720", "--script", (dir / "home.script").string(), "--screenshot", home.string()},
            dir / "home.stdout", dir / "home.stderr");
        const auto end = again.wait(120s);
        REQUIRE(end.has_value());
        INFO("restart stderr: " << slurp(dir / "home.stderr"));
        CHECK(end->exited);
        CHECK(end->code == 0);
        std::istringstream shots(slurp(dir / "home.stdout"));
        std::string first_shot;
        std::getline(shots, first_shot);
        std::filesystem::remove(dir / "home.stdout");
        CHECK_MESSAGE(std::filesystem::path(first_shot).filename().string().find("-home-") !=
                          std::string::npos,
                      "the first screen after the restart: " << first_shot);
        const Reading restarted = read_store(dir / "kiosk.db");
        if (!killed_reading.empty()) {
            check_kept(killed_reading, restarted, "after the restart");
        }
        check_kept(last, restarted, "after the restart");
        MESSAGE("run " << i << ": " << rows(restarted, "contracts") << " contracts, "
                       << rows(restarted, "outbox") << " outbox entries, "
                       << rows(restarted, "receipts") << " receipts, "
                       << rows(restarted, "print_jobs") << " print jobs");
        last = restarted;
        std::filesystem::remove_all(screens);
        std::filesystem::remove_all(home);
    }
    MESSAGE(killed << " runs killed, " << finished << " finished before their kill");
    CHECK(killed > 0);
}

}  // namespace jiayi::test
