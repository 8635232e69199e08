#pragma once
// `import slots FILE`: a hospital's appointment schedule, and which slots it
// opens to the family-doctor pool (号源池, seed 000 §三).
//
//   hospital    医院       required
//   department  科室       required
//   schedule    医生       required: the doctor or clinic schedule the slot belongs to
//   date        日期       required, a real date
//   start       开始时间   required HH:MM
//   end         结束时间   required HH:MM, after start
//   pool        号源池     yes/no (是/否, 1/0): a family-doctor-only slot
//   place       就诊地点   optional: where to go (building, floor, desk), on the voucher
//   hospital_en, department_en, place_en   optional: the names in English
//                          (医院英文名, 科室英文名, 就诊地点英文), for the kiosk in English
//
// Each hospital day must open at least BookingRules::pool_min_percent of its
// slots to the pool; a day below it is refused, naming the shortfall:
//   中心医院 2026-12-03: 3 of 20 slots in the pool (15 %), at least 4 needed
// Two rows for the same schedule, day and start are an error.
//
// A slot's id is a name-based UUID (name_uuid.hpp) of hospital, schedule,
// date and start, so that importing the same schedule twice creates nothing
// new and a corrected file updates the slots it names.

#include <string>

#include "hub/admin/columns.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::admin {

struct SlotRow {
    int line = 0;
    std::string id;  // name-based UUID, see above
    std::string hospital;
    std::string department;
    std::string schedule;
    domain::Date date;
    int start_minute = 0;  // local time, minutes after midnight
    int end_minute = 0;
    bool pool = false;
    std::string place;  // optional columns: "" when absent
    std::string hospital_en;
    std::string department_en;
    std::string place_en;
};

std::span<const ColumnSpec> slot_columns();

Checked<SlotRow> check_slots(const CsvFile& file, const domain::BookingRules& rules);

// The pool rule for one hospital day: the refusal's text, or nullopt when met.
std::optional<std::string> pool_shortfall(std::string_view hospital, domain::Date day, int pool,
                                          int total, int min_percent);

}  // namespace jiayi::hub::admin
