// The pool as a kiosk lists it (kiosk/sync/booking.hpp): slots imported with
// their hospital and department names give Schedules in the kiosk's pool
// form, so a kiosk names the hospital and the department of every slot.

#include <doctest/doctest.h>

#include "hub/support/backends.hpp"
#include "hub_fixture.hpp"
#include "kiosk/fhir/booking.hpp"

using namespace jiayi;
using namespace jiayi::test;

TEST_CASE("imported slots with hospital and department: the Schedule names both, stably") {
    for_each_backend([](hub::db::Database& database) {
        Hub hub(database);
        const std::vector<hub::store::SlotRecord> rows = {
            {"slot-a", "sch-heart", "王医生门诊", "2026-12-10T01:00:00Z", "2026-12-10T01:30:00Z",
             true, "测试区中心医院", "心血管内科"},
            {"slot-b", "sch-eye", "眼科门诊", "2026-12-10T02:00:00Z", "2026-12-10T02:30:00Z", true,
             "测试区中心医院", "眼科"}};
        auto first = hub::store::import_slots(database, hub::store::HubRules{}, rows, kNow);
        REQUIRE(first.ok());
        CHECK(first.value().created == 2);

        const auto answer = hub.get("Schedule/sch-heart");
        REQUIRE(answer.status == 200);
        CHECK(answer.body["comment"] == "王医生门诊");
        auto schedule = jiayi::fhir::parse_schedule(answer.body);
        REQUIRE(schedule.ok());
        CHECK(schedule.value().hospital_id == hub::store::pool_hospital_id("测试区中心医院"));
        CHECK(schedule.value().department_id ==
              hub::store::pool_department_id("测试区中心医院", "心血管内科"));
        CHECK(schedule.value().department == "心血管内科");
        CHECK(answer.body["extension"][0]["valueReference"]["display"] == "测试区中心医院");

        // Two departments of one hospital: one hospital id, two Locations.
        auto eye = jiayi::fhir::parse_schedule(hub.get("Schedule/sch-eye").body);
        REQUIRE(eye.ok());
        CHECK(eye.value().hospital_id == schedule.value().hospital_id);
        CHECK(eye.value().department_id != schedule.value().department_id);

        // The same file again changes nothing.
        auto again = hub::store::import_slots(database, hub::store::HubRules{}, rows, kNow);
        REQUIRE(again.ok());
        CHECK(again.value().created == 0);
        CHECK(again.value().changed == 0);
    });
}
