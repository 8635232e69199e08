#include "hub/admin/import_teams.hpp"

#include <map>

namespace jiayi::hub::admin {

namespace {

enum Col : std::size_t {
    kId,
    kName,
    kCenter,
    kTownship,
    kCapacity,
    kClosed,
    kLeader,
    kLeaderPhone,
    kSpecialties,
    kVillages
};

const std::vector<ColumnSpec> kColumns = {
    {"team_id", {"团队编号", "团队ID", "团队id", "id"}},
    {"name", {"团队名称", "名称"}},
    {"center_id", {"卫生院编号", "机构编号", "center"}},
    {"township", {"乡镇编码", "乡镇", "township_code"}},
    {"capacity", {"签约上限", "容量"}, false},
    {"closed", {"停止签约", "关闭"}, false},
    {"leader", {"团队长", "负责医生", "家庭医生"}, false},
    {"leader_phone", {"联系电话", "团队电话"}, false},
    {"specialties", {"特色服务", "专长"}, false},
    {"villages", {"服务村居", "签约村居", "村居"}, false},
};

// A list in one cell: "张家村、李家村" (the 顿号 a Chinese list is written
// with), or separated by ';', '；' or '|'.
std::vector<std::string> list_of(const std::string& cell) {
    std::vector<std::string> items;
    std::string item;
    const auto done = [&] {
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        if (first != std::string::npos) {
            items.push_back(item.substr(first, last - first + 1));
        }
        item.clear();
    };
    for (std::size_t i = 0; i < cell.size();) {
        std::size_t skip = 0;
        for (std::string_view mark : {"、", "；", ";", "|"}) {
            if (cell.compare(i, mark.size(), mark) == 0) {
                skip = mark.size();
                break;
            }
        }
        if (skip > 0) {
            done();
            i += skip;
        } else {
            item += cell[i++];
        }
    }
    done();
    return items;
}

}  // namespace

std::span<const ColumnSpec> team_columns() {
    return kColumns;
}

Checked<TeamRow> check_teams(const CsvFile& file, const domain::TeamRules& rules) {
    auto map = map_header(file, kColumns);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<TeamRow> rows;
    std::map<std::string, int> first_line;  // team id → line
    for (const CsvRecord& record : file.records) {
        RowReader r(record, map.value(), kColumns, errors);
        if (!r.shape_ok()) {
            continue;
        }
        TeamRow row;
        row.line = r.line();
        if (auto id = r.required(kId)) {
            if (!is_code(*id)) {
                r.error(kId, "'" + *id + "': use letters, digits, '-', '_' or '.' (at most 64)");
            } else if (auto [it, fresh] = first_line.emplace(*id, r.line()); !fresh) {
                r.error(kId, "team '" + *id + "' is also on line " + std::to_string(it->second));
            }
            row.id = *id;
        }
        row.name = r.required(kName).value_or("");
        if (auto center = r.required(kCenter)) {
            if (!is_code(*center)) {
                r.error(kCenter, "'" + *center + "': use letters, digits, '-', '_' or '.'");
            }
            row.center_id = *center;
        }
        if (auto township = r.required(kTownship)) {
            if (!is_code(*township)) {
                r.error(kTownship, "'" + *township + "': use letters, digits, '-', '_' or '.'");
            }
            row.township = *township;
        }
        row.capacity = rules.default_capacity;
        if (!r.text(kCapacity).empty()) {
            row.capacity = static_cast<int>(r.integer(kCapacity, 1, 100000).value_or(0));
        }
        row.closed = r.yes_no(kClosed, false).value_or(false);
        row.leader = r.text(kLeader);
        row.leader_phone = r.text(kLeaderPhone);
        if (!row.leader_phone.empty() &&
            row.leader_phone.find_first_not_of("0123456789-+ ") != std::string::npos) {
            r.error(kLeaderPhone, "'" + row.leader_phone + "': digits, '-', '+' and spaces only");
        }
        row.specialties = list_of(r.text(kSpecialties));
        row.villages = list_of(r.text(kVillages));
        if (r.errors_seen() == 0) {
            rows.push_back(std::move(row));
        }
    }
    if (!errors.empty()) {
        return fail(std::move(errors));
    }
    return rows;
}

}  // namespace jiayi::hub::admin
