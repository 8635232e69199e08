// `jiayi-kiosk --demo` beside a real jiayi-hub on loopback (the pair
// scripts/hub-local --demo and scripts/demo run): the kiosk program itself,
// headless, with a configuration that names the hub, plays a script in which
// a made-up resident signs. The hub offers one team the demo does not have
// (team-hub): the kiosk can only offer it if it pulled the hub's teams, and
// the hub holds the contract only if the kiosk's sync sent it — a kiosk on
// its made-up center (demo::DemoHub, demo::teams()) fails both.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "apps/jiayi-hub/fault_fixture.hpp"
#include "apps/jiayi-kiosk/kiosk_run.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/domain/date.hpp"
#include "kiosk/store/store.hpp"
#include "support/hub_process.hpp"
#include "support/journal.hpp"
#include "support/temp_dir.hpp"

namespace jiayi::test {

namespace {

// A first signing with the hub's own team, as morning.script signs team-a.
const char* const kSigning = R"(card adult
tap sign
tap choose-team team-hub
tap toggle-package tcm
tap next
tap choose-hospital district-people
tap next
keys 13912345678
tap next
keys 13912345678
tap next
tap next
tap next
stroke
tap next
tap next
tap rate 5
tap knows-doctor 1
tap next
)";

}  // namespace

TEST_CASE("kiosk demo beside a hub: the hub's team is offered and the signing reaches the hub") {
    HubProcess hub(hub_faults::hub_options());
    {
        auto database = hub_faults::open_database(hub.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-hub")});
    }
    {
        // Both programs write for the journal (their level prefixes on).
        JournalStream journal(hub.folder() / "serve.stderr");
        hub.start();
    }
    TempDir dir;
    const auto config = write_config(dir, hub.base_url(), hub.token());

    std::optional<JournalStream> journal(std::in_place, dir / "stderr");
    const KioskRun run = run_kiosk(dir, config, kSigning);
    journal.reset();
    INFO("kiosk stderr: " << run.err);
    REQUIRE(run.status == 0);
    // The signing waited for the center's word and got it: a receipt screen
    // was shot, and the journal counts what the hub acknowledged.
    CHECK(run.out.find("-receipt-") != std::string::npos);
    CHECK(run.err.find("teams pulled from the hub") != std::string::npos);
    CHECK(run.err.find("acknowledged") != std::string::npos);

    // The hub holds the contract, with the team only the hub has.
    auto database = hub_faults::open_database(hub.database_url());
    CHECK(hub_faults::texts(*database, "SELECT team FROM episodes") ==
          std::set<std::string>{"team-hub"});
    // The kiosk kept its records in the configured store, nothing left to send.
    auto keys = store::KeyRing::load(dir / "kiosk.key");
    REQUIRE(keys.ok());
    auto kiosk = store::Store::open(dir / "kiosk.db", keys.value(), hub_faults::kSetUp, false);
    REQUIRE(kiosk.ok());
    const auto status = kiosk.value()->status();
    REQUIRE(status.ok());
    CHECK(status.value().contracts == 1);
    CHECK(status.value().outbox_pending == 0);
    CHECK(status.value().outbox_refused == 0);
    CHECK(status.value().outbox_acknowledged >= 1);
    // Every line of either program has its level, and none names the
    // resident: not her name, number, address or phone.
    const std::string hub_err = hub.stderr_text();
    INFO("hub stderr: " << hub_err);
    CHECK(lines_without_level(run.err).empty());
    CHECK(lines_without_level(hub_err).empty());
    CHECK(hub_err.find("<6>POST (base) 200") != std::string::npos);  // the signing's Bundle
    // The kiosk's today (its clock is the wall clock; config: UTC+8).
    const auto today =
        domain::local_date(Instant{std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()},
                           480);
    std::vector<std::string> people = people_in_script(kSigning);
    for (int days = -1; days <= 1; ++days) {
        for (const auto& card : demo::cards(domain::add_days(today, days))) {
            people.push_back(card.card.name);
            people.push_back(card.card.number);
            people.push_back(card.card.address);
        }
    }
    CHECK(personal_data_in(run.err, people).empty());
    CHECK(personal_data_in(hub_err, people).empty());
}

TEST_CASE("kiosk demo beside a hub: a script cannot make up the center's word") {
    HubProcess hub(hub_faults::hub_options());
    {
        auto database = hub_faults::open_database(hub.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-hub")});
    }
    hub.start();
    TempDir dir;
    const KioskRun run =
        run_kiosk(dir, write_config(dir, hub.base_url(), hub.token()), "center online\n");
    CHECK(run.status == 1);
    CHECK(run.err.find("line 1: \"center\" makes up the center's words") != std::string::npos);
}

}  // namespace jiayi::test
