#include "hub/admin/import_slots.hpp"

#include <map>
#include <tuple>

#include "hub/admin/name_uuid.hpp"

namespace jiayi::hub::admin {

namespace {

enum Col : std::size_t {
    kHospital,
    kDepartment,
    kSchedule,
    kDate,
    kStart,
    kEnd,
    kPool,
    kPlace,
    kHospitalEn,
    kDepartmentEn,
    kPlaceEn
};

const std::vector<ColumnSpec> kColumns = {
    {"hospital", {"医院", "医院名称"}},
    {"department", {"科室"}},
    {"schedule", {"医生", "排班", "doctor"}},
    {"date", {"日期", "就诊日期"}},
    {"start", {"开始时间", "start_time"}},
    {"end", {"结束时间", "end_time"}},
    {"pool", {"号源池", "家庭医生专用", "family_doctor_pool"}},
    {"place", {"就诊地点", "地点"}, false},
    {"hospital_en", {"医院英文名"}, false},
    {"department_en", {"科室英文名"}, false},
    {"place_en", {"就诊地点英文"}, false},
};

}  // namespace

std::span<const ColumnSpec> slot_columns() {
    return kColumns;
}

std::optional<std::string> pool_shortfall(std::string_view hospital, domain::Date day, int pool,
                                          int total, int min_percent) {
    if (total <= 0 || pool * 100 >= total * min_percent) {
        return std::nullopt;
    }
    // The fewest pool slots that reach the share: ceil(total × percent / 100).
    const int needed = (total * min_percent + 99) / 100;
    return std::string(hospital) + " " + domain::to_iso(day) + ": " + std::to_string(pool) +
           " of " + std::to_string(total) + " slots in the pool (" +
           std::to_string(pool * 100 / total) + " %), at least " + std::to_string(needed) +
           " needed";
}

Checked<SlotRow> check_slots(const CsvFile& file, const domain::BookingRules& rules) {
    auto map = map_header(file, kColumns);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<SlotRow> rows;
    std::map<std::tuple<std::string, std::string, domain::Date, int>, int> seen;
    struct Day {
        int first_line = 0;
        int pool = 0;
        int total = 0;
    };
    std::map<std::pair<std::string, domain::Date>, Day> days;
    for (const CsvRecord& record : file.records) {
        RowReader r(record, map.value(), kColumns, errors);
        if (!r.shape_ok()) {
            continue;
        }
        SlotRow row;
        row.line = r.line();
        row.hospital = r.required(kHospital).value_or("");
        row.department = r.required(kDepartment).value_or("");
        row.schedule = r.required(kSchedule).value_or("");
        row.place = r.text(kPlace);
        row.hospital_en = r.text(kHospitalEn);
        row.department_en = r.text(kDepartmentEn);
        row.place_en = r.text(kPlaceEn);
        const auto date = r.date(kDate, true);
        const auto start = r.minute_of_day(kStart);
        const auto end = r.minute_of_day(kEnd);
        if (start && end && *end <= *start) {
            r.error(kEnd, "the slot ends at or before its start");
        }
        if (r.text(kPool).empty()) {
            r.error(kPool, "empty; write yes or no (是/否)");
        }
        row.pool = r.yes_no(kPool, false).value_or(false);
        if (r.errors_seen() > 0 || !date || !start || !end) {
            continue;
        }
        row.date = *date;
        row.start_minute = *start;
        row.end_minute = *end;
        auto [it, fresh] =
            seen.emplace(std::tuple{row.hospital, row.schedule, *date, *start}, r.line());
        if (!fresh) {
            r.error(kStart,
                    "the same schedule, day and start are on line " + std::to_string(it->second));
            continue;
        }
        Day& day = days[{row.hospital, *date}];
        if (day.total == 0) {
            day.first_line = r.line();
        }
        ++day.total;
        day.pool += row.pool ? 1 : 0;
        row.id = slot_uuid(row.hospital, row.schedule, *date, *start);
        rows.push_back(std::move(row));
    }
    for (const auto& [key, day] : days) {
        if (auto why = pool_shortfall(key.first, key.second, day.pool, day.total,
                                      rules.pool_min_percent)) {
            errors.push_back({day.first_line, "", *why});
        }
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return rows;
}

}  // namespace jiayi::hub::admin
