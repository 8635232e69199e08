#pragma once
// `import teams FILE`: the district's family-doctor teams (家庭医生团队).
//
//   team_id    团队编号   required, unique in the file
//   name       团队名称   required
//   center_id  卫生院编号 required: the health center the team belongs to
//   township   乡镇编码   required: letters, digits and '-' (the code the
//                         kiosks' tokens are issued for)
//   capacity   签约上限   optional: 1 to 100000; empty → TeamRules::default_capacity
//   closed     停止签约   optional yes/no (是/否, 1/0); empty → no
//
// A team already in the hub is updated (name, center, township, capacity,
// closed); its signed count is the hub's own and is never imported.

#include <string>
#include <vector>

#include "hub/admin/columns.hpp"
#include "kiosk/domain/rules.hpp"

namespace jiayi::hub::admin {

struct TeamRow {
    int line = 0;
    std::string id;
    std::string name;
    std::string center_id;
    std::string township;
    int capacity = 0;
    bool closed = false;
    // What residents choose a team by (optional columns): its lead doctor
    // and their work phone, its specialties and the villages it serves.
    std::string leader = {};
    std::string leader_phone = {};
    std::vector<std::string> specialties = {};
    std::vector<std::string> villages = {};
};

std::span<const ColumnSpec> team_columns();

Checked<TeamRow> check_teams(const CsvFile& file, const domain::TeamRules& rules);

}  // namespace jiayi::hub::admin
