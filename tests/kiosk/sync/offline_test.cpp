// Seven days offline (issue 11, "Tests"): the kiosk's records are made over a
// week with the hub down — each evening's pass finds no hub and sends
// nothing — then `jiayi-hub serve` starts on the database an administrator
// prepared, and the kiosk's passes (kiosk/sync run_pass, its clock the
// eighth morning) run until the queue is empty. Then: every record on the
// hub once and in order (week_fixture.hpp's check), nothing refused, and the
// daily reconciliation of each of the seven days agrees (the kiosk's ledger
// digest equals the hub's).
//
// JIAYI_WEEK_RECORDS sets how many records (default 1 000, the CI size;
// scripts/soak runs the 10 000). test_sync_offline runs on a SQLite
// hub; test_sync_offline_pg (JIAYI_WEEK_POSTGRES) on a database of the
// binary's own PostgreSQL.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>

#include "kiosk/sync/reconcile.hpp"
#include "kiosk/sync/week_fixture.hpp"

#ifdef JIAYI_WEEK_POSTGRES
#include "support/postgres.hpp"
#endif

namespace jiayi::test::sync_tests {

namespace {

std::string hub_database() {
#ifdef JIAYI_WEEK_POSTGRES
    return fresh_postgres_database();
#else
    return "";
#endif
}

int week_records() {
    const char* text = std::getenv("JIAYI_WEEK_RECORDS");
    const int n = text != nullptr && *text != '\0' ? std::atoi(text) : 1000;
    REQUIRE_MESSAGE(n >= 140, "JIAYI_WEEK_RECORDS must be at least 140 (20 a day)");
    return n;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("sync: a week offline, then every record on the hub once, in order, each day agreeing") {
    const int records = week_records();
    HubProcessOptions options = hub_faults::hub_options(hub_database());
    options.extra_config = kHubRules;
    HubProcess hub(options);  // initialised, its token issued; not serving
    {
        auto database = hub_faults::open_database(hub.database_url());
        hub_faults::import_data(*database, {hub_faults::team("team-a", kWeekCapacity)});
    }
    KioskSide kiosk(hub.token());
    std::string nobody;
    {
        ListeningSocket gone("x");
        nobody = gone.base_url();  // closed again: connections refused
    }
    sync::HubClient offline(kiosk.endpoint(nobody));
    const sync::Backoff backoff;

    const auto started = std::chrono::steady_clock::now();
    Week week;
    std::int64_t entries = 0;
    for (int day = 0; day < 7; ++day) {
        week.add_day(*kiosk.store.store, day, records / 7 + (day < records % 7 ? 1 : 0));
        // The evening's pass: no hub, nothing sent, nothing lost.
        const Instant evening{moment(day, 0).unix_seconds + 9 * 3600};
        const sync::PassReport pass = sync::run_pass(
            *kiosk.store.store, offline, kiosk.options, backoff, [&] { return evening; }, kHalf);
        REQUIRE(pass.failure() != nullptr);
        CHECK(pass.failure()->code == "unreachable");
        CHECK(pass.push.acknowledged == 0);
        REQUIRE(pass.queue.has_value());
        CHECK(pass.queue->queued > entries);
        entries = pass.queue->queued;
        CHECK(pass.queue->refused == 0);
    }
    REQUIRE(week.records() == records);
    CHECK(kiosk.state().failures == 7);
    const double filled = seconds_since(started);

    // The eighth morning: the hub comes up; the sync runs until nothing waits.
    hub.start();
    sync::HubClient client(kiosk.endpoint(hub.base_url()));
    const Instant morning = moment(7, 0);
    const auto clock = [&] { return morning; };
    int passes = 0;
    int acknowledged = 0;
    int refused = 0;
    sync::ReconcileReport reconciled;
    const auto pushing = std::chrono::steady_clock::now();
    while (kiosk.status().outbox_pending > 0) {
        REQUIRE_MESSAGE(passes < 3, "the queue did not empty in three passes");
        const sync::PassReport pass =
            sync::run_pass(*kiosk.store.store, client, kiosk.options, backoff, clock, kHalf);
        ++passes;
        REQUIRE_MESSAGE(pass.failure() == nullptr, pass.failure()->message);
        acknowledged += pass.push.acknowledged;
        refused += pass.push.refused;
        reconciled.days_checked += pass.reconcile.days_checked;
        reconciled.days_differing += pass.reconcile.days_differing;
        CHECK_FALSE(pass.reconcile.failure.has_value());
    }
    const double pushed = seconds_since(pushing);
    MESSAGE(records << " records (" << entries << " outbox entries) made in " << filled
                    << " s, sent in " << passes << " pass(es), " << pushed << " s");
    CHECK(acknowledged == entries);
    CHECK(refused == 0);
    CHECK(kiosk.status().outbox_refused == 0);

    // The pass that emptied the queue compared the week, day by day.
    CHECK(reconciled.days_checked == 7);
    CHECK(reconciled.days_differing == 0);
    for (int day = 0; day < 7; ++day) {
        CAPTURE(day);
        auto checked = sync::reconcile_day(*kiosk.store.store, client,
                                           domain::add_days(kFirstDay, day), kUtcOffset, morning);
        REQUIRE_MESSAGE(checked.ok(), (checked.ok() ? "" : checked.error()));
        CHECK(checked->agrees);
        CHECK(checked->differences.empty());
        CHECK(checked->contracts == week.per_day[static_cast<std::size_t>(day)][0]);
        CHECK(checked->opt_outs == week.per_day[static_cast<std::size_t>(day)][1]);
    }

    auto database = hub_faults::open_database(hub.database_url());
    check_on_hub_once(*database, week);
}

}  // namespace jiayi::test::sync_tests
