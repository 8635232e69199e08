#include "kiosk/demo/demo.hpp"

#include <cstdio>

#include "kiosk/domain/document.hpp"

namespace jiayi::demo {

std::string made_up_number(const std::string& region, domain::Date birth,
                           const std::string& sequence) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%04d%02d%02d", birth.year % 10000, birth.month % 100,
                  birth.day % 100);
    const std::string first17 = region + digits + sequence;
    return first17 + domain::mod11_2_check(first17);
}

namespace {

domain::Date years_ago(domain::Date today, int years, int days) {
    return domain::add_days(domain::anniversary(today, -years), -days);
}

}  // namespace

auth::StaffMember nurse() {
    return {kNurseId, "", kNursePinHash, false};
}

std::vector<domain::Team> teams() {
    std::vector<domain::Team> t(4);
    t[0] = {"team-a",         "家医一团队",         "center-demo", "测试医生甲", "02360000001",
            {"全科", "中医"}, {"示例村", "样板村"}, std::nullopt,  1203,         true};
    t[1] = {"team-b", "家医二团队", "center-demo", "测试医生乙", "02360000002",
            {"全科"}, {"河东村"},   std::nullopt,  1500,         true};
    t[2] = {"team-c", "家医三团队", "center-demo", "测试医生丙", "02360000003",
            {"全科"}, {"河西村"},   std::nullopt,  300,          false};
    t[3] = {"team-d",         "家医四团队",         "center-demo", "测试医生丁", "02360000004",
            {"全科", "康复"}, {"山前村", "山后村"}, std::nullopt,  870,          true};
    return t;
}

std::vector<DemoCard> cards(domain::Date today) {
    return {
        {"adult",
         "demo.adult",
         {"王测试", made_up_number("500114", years_ago(today, 46, 30), "013"), "示例村1号"}},
        {"elder",
         "demo.elder",
         {"赵测老", made_up_number("500114", years_ago(today, 76, 12), "021"), "样板村8号"}},
        {"child",
         "demo.child",
         {"李小测", made_up_number("500114", years_ago(today, 5, 100), "032"), "示例村1号"}},
        {"parent",
         "demo.parent",
         {"李测试", made_up_number("500114", years_ago(today, 34, 50), "044"), "示例村1号"}},
        {"rare",
         "demo.rare",
         {"䶮测堃", made_up_number("500114", years_ago(today, 58, 7), "055"), "山前村3号"}},
        {"foreigner",
         "demo.foreigner",
         {"TEST ALICE", made_up_number("950840", years_ago(today, 41, 70), "067"), ""}},
        {"permit",
         "demo.permit",
         {"陈测试", made_up_number("810000", years_ago(today, 29, 5), "078"), ""}},
    };
}

}  // namespace jiayi::demo
