// jiayi-kiosk as systemd runs it (issue 12): the real program, headless on
// the tour, with a notify socket of the test's (support/notify_socket.hpp)
// and its stderr as the journal's stream (support/journal.hpp). It says
// READY=1 once its first frame is rendered, then WATCHDOG=1 again and again
// while its frame loop runs; every line it writes carries a level, and none
// names a made-up resident of the demo or the tour.

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/demo/demo.hpp"
#include "kiosk/domain/date.hpp"
#include "support/child_process.hpp"
#include "support/journal.hpp"
#include "support/notify_socket.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

namespace {

using namespace std::chrono_literals;

// The demo's residents (names, numbers, addresses) around today, the tour's
// own people, in the kiosk's zone (config/kiosk.toml: UTC+8).
std::vector<std::string> made_up_people(const std::string& script) {
    std::vector<std::string> needles = people_in_script(script);
    const auto now = Instant{std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count()};
    const domain::Date today = domain::local_date(now, 480);
    for (int days = -1; days <= 1; ++days) {
        for (const auto& card : demo::cards(domain::add_days(today, days))) {
            needles.push_back(card.card.name);
            needles.push_back(card.card.number);
            needles.push_back(card.card.address);
        }
    }
    return needles;
}

}  // namespace

TEST_CASE("kiosk under systemd: READY=1 at the first frame, then WATCHDOG=1, leveled lines") {
    TempDir dir;
    const std::filesystem::path tour =
        std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/scripts/tour.script";
    NotifySocket systemd(400ms);  // WatchdogSec: a ping every 200 ms
    std::optional<ChildProcess> kiosk;
    {
        JournalStream journal(dir / "stderr");
        kiosk.emplace(std::vector<std::string>{JIAYI_KIOSK_BIN, "--config",
                                               JIAYI_SOURCE_DIR "/config/kiosk.toml", "--headless",
                                               "--size", "1280x720", "--script", tour.string(),
                                               "--screenshot", (dir / "screens").string()},
                      dir / "stdout", dir / "stderr");
    }
    // The first word is READY=1 (the pings begin with the first frame).
    const auto first = systemd.next(120s);
    INFO("kiosk stderr: " << slurp(dir / "stderr"));
    REQUIRE(first.has_value());
    CHECK(*first == "READY=1");
    int pings = 0;
    std::string seen;
    while (pings < 3 && systemd.next_containing("WATCHDOG=1", 120s, &seen)) {
        ++pings;
    }
    INFO("messages: " << seen);
    CHECK(pings == 3);

    const auto end = kiosk->wait(300s);
    REQUIRE(end.has_value());
    CHECK(end->exited);
    CHECK(end->code == 0);
    const std::string err = slurp(dir / "stderr");
    CHECK(err.find("ready") != std::string::npos);  // at least the start's line
    CHECK(lines_without_level(err).empty());
    const std::string tour_text = slurp(tour);
    const auto people = made_up_people(tour_text);
    REQUIRE(people.size() > 20);
    CHECK(personal_data_in(err, people).empty());
    CHECK(personal_data_in(slurp(dir / "stdout"), people).empty());
}

TEST_CASE("kiosk without systemd: no notify socket, no level prefixes, the same run") {
    TempDir dir;
    const std::filesystem::path script = dir / "short.script";
    std::ofstream(script) << "card adult\ntap sign\n";
    ChildProcess kiosk(
        {JIAYI_KIOSK_BIN, "--config", JIAYI_SOURCE_DIR "/config/kiosk.toml", "--headless", "--size",
         "1280x720", "--script", script.string(), "--screenshot", (dir / "screens").string()},
        dir / "stdout", dir / "stderr");
    const auto end = kiosk.wait(300s);
    REQUIRE(end.has_value());
    CHECK(end->code == 0);
    const std::string err = slurp(dir / "stderr");
    CHECK(err.find("jiayi-kiosk: ready") != std::string::npos);
    CHECK(err.find("<5>") == std::string::npos);
}

}  // namespace jiayi::test
