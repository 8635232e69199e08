#include "hub/admin/import_flags.hpp"

#include <map>
#include <utility>

namespace jiayi::hub::admin {

namespace {

using domain::Population;

enum Col : std::size_t { kId, kCategory, kGrade, kTownship, kStart, kEnd };

const std::vector<ColumnSpec> kColumns = {
    {"id_number", {"身份证号", "身份证号码", "证件号码"}},
    {"category", {"人群类别", "类别", "重点人群"}},
    {"grade", {"残疾等级", "等级"}, false},
    {"township", {"乡镇编码", "乡镇"}},
    {"start", {"开始日期", "起始日期", "start_date"}},
    {"end", {"结束日期", "终止日期", "end_date"}, false},
};

struct Name {
    std::string_view text;
    Population population;
};

// English words are compared after folding case and '-', '_' and ' ' away.
const Name kNames[] = {
    {"registeredpoor", Population::RegisteredPoor},
    {"poor", Population::RegisteredPoor},
    {"建档立卡贫困人口", Population::RegisteredPoor},
    {"建档立卡", Population::RegisteredPoor},
    {"贫困人口", Population::RegisteredPoor},
    {"povertyalleviated", Population::PovertyAlleviated},
    {"脱贫人口", Population::PovertyAlleviated},
    {"minimumlivingallowance", Population::MinimumLivingAllowance},
    {"dibao", Population::MinimumLivingAllowance},
    {"低保", Population::MinimumLivingAllowance},
    {"低保对象", Population::MinimumLivingAllowance},
    {"destitute", Population::Destitute},
    {"tekun", Population::Destitute},
    {"特困", Population::Destitute},
    {"特困供养人员", Population::Destitute},
    {"特困人员", Population::Destitute},
    {"disabled", Population::Disabled},
    {"disability", Population::Disabled},
    {"残疾人", Population::Disabled},
    {"残疾", Population::Disabled},
    {"hypertension", Population::Hypertension},
    {"高血压", Population::Hypertension},
    {"diabetes", Population::Diabetes2},
    {"diabetes2", Population::Diabetes2},
    {"type2diabetes", Population::Diabetes2},
    {"糖尿病", Population::Diabetes2},
    {"2型糖尿病", Population::Diabetes2},
    {"tuberculosis", Population::Tuberculosis},
    {"tb", Population::Tuberculosis},
    {"结核病", Population::Tuberculosis},
    {"肺结核", Population::Tuberculosis},
    {"severementaldisorder", Population::SevereMentalDisorder},
    {"严重精神障碍", Population::SevereMentalDisorder},
    {"严重精神障碍患者", Population::SevereMentalDisorder},
    {"pregnant", Population::Pregnant},
    {"pregnancy", Population::Pregnant},
    {"孕妇", Population::Pregnant},
    {"孕产妇", Population::Pregnant},
    {"postpartum", Population::Postpartum},
    {"产妇", Population::Postpartum},
    {"familyplanningspecial", Population::FamilyPlanningSpecial},
    {"familyplanningspecialfamily", Population::FamilyPlanningSpecial},
    {"计划生育特殊家庭", Population::FamilyPlanningSpecial},
    {"计生特殊家庭", Population::FamilyPlanningSpecial},
    {"计划生育特殊家庭成员", Population::FamilyPlanningSpecial},
    {"otherchronic", Population::OtherChronic},
    {"其他慢性病", Population::OtherChronic},
    {"elderly", Population::Elderly},
    {"老年人", Population::Elderly},
    {"child", Population::Child},
    {"儿童", Population::Child},
};

std::string fold(std::string_view text) {
    std::string out;
    for (char c : ascii_lower(trim(text))) {
        if (c != '-' && c != '_' && c != ' ') {
            out += c;
        }
    }
    return out;
}

std::optional<int> grade_of(std::string_view text) {
    static const std::pair<std::string_view, int> kGrades[] = {
        {"1", 1},    {"2", 2},    {"3", 3},  {"4", 4},  {"一级", 1}, {"二级", 2},
        {"三级", 3}, {"四级", 4}, {"一", 1}, {"二", 2}, {"三", 3},   {"四", 4},
    };
    for (auto [name, grade] : kGrades) {
        if (text == name) {
            return grade;
        }
    }
    return std::nullopt;
}

std::string document_reason(domain::DocumentError error) {
    switch (error) {
        case domain::DocumentError::BadChecksum:
            return "the ID number's check character is wrong (a typing error?)";
        case domain::DocumentError::BadBirthDate:
        case domain::DocumentError::BirthDateInFuture:
            return "the ID number's birth date is not a real past date";
        case domain::DocumentError::Obsolete15Digit:
            return "a 15-digit first-generation ID number, void since 2013: write the 18-digit one";
        default:
            return "not a valid ID number (" + std::string(domain::code(error)) + ")";
    }
}

}  // namespace

std::span<const ColumnSpec> flag_columns() {
    return kColumns;
}

std::optional<Population> population_from_sheet(std::string_view text) {
    const std::string folded = fold(text);
    const std::string trimmed = trim(text);
    for (const Name& n : kNames) {
        if (n.text == folded || n.text == trimmed) {
            return n.population;
        }
    }
    if (auto p = domain::population_from_code(trimmed)) {
        return p;
    }
    return std::nullopt;
}

// Shared with the contracts import: the ID number read with kiosk/domain's
// rules (checksum, real birth date), its errors turned into sentences.
std::optional<domain::Document> read_document(RowReader& r, std::size_t spec, domain::Date today) {
    auto text = r.required(spec);
    if (!text) {
        return std::nullopt;
    }
    auto document = domain::parse_document(*text, today);
    if (!document) {
        r.error(spec, document_reason(document.error()));
        return std::nullopt;
    }
    return document.value();
}

Checked<FlagRow> check_flags(const CsvFile& file, domain::Date today) {
    auto map = map_header(file, kColumns);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<FlagRow> rows;
    std::map<std::pair<std::string, Population>, int> seen;
    for (const CsvRecord& record : file.records) {
        RowReader r(record, map.value(), kColumns, errors);
        if (!r.shape_ok()) {
            continue;
        }
        FlagRow row;
        row.line = r.line();
        if (auto document = read_document(r, kId, today)) {
            row.id_number = document->number;
            row.document_kind = document->kind;
        }
        bool have_category = false;
        if (auto text = r.required(kCategory)) {
            if (auto p = population_from_sheet(*text)) {
                row.category = *p;
                have_category = true;
                if (*p == Population::Elderly || *p == Population::Child) {
                    r.error(kCategory, "'" + *text +
                                           "' comes from the birth date in the ID number; it is "
                                           "not imported");
                    have_category = false;
                }
            } else {
                r.error(kCategory, "'" + *text +
                                       "' is not a key-population category (e.g. 建档立卡贫困人口, "
                                       "低保, 特困, 残疾人, 高血压, 糖尿病, 结核病, 严重精神障碍, "
                                       "孕产妇, 计划生育特殊家庭)");
            }
        }
        const std::string grade = r.text(kGrade);
        if (have_category && row.category == Population::Disabled) {
            if (grade.empty()) {
                r.error(kGrade, "empty; a disability needs its grade (1 to 4)");
            } else if (auto g = grade_of(grade)) {
                row.disability_grade = *g;
            } else {
                r.error(kGrade,
                        "'" + grade + "' is not a disability grade (1 to 4, or 一级 to 四级)");
            }
        } else if (have_category && !grade.empty()) {
            r.error(kGrade, "a grade is only for a disability");
        }
        if (auto township = r.required(kTownship)) {
            if (!is_code(*township)) {
                r.error(kTownship, "'" + *township + "': use letters, digits, '-', '_' or '.'");
            }
            row.township = *township;
        }
        if (auto start = r.date(kStart, true)) {
            row.start = *start;
            if (*start > today) {
                r.error(kStart, domain::to_iso(*start) + " is in the future");
            }
        }
        row.end = r.date(kEnd, false);
        if (row.end && *row.end < row.start) {
            r.error(kEnd, "ends before it starts");
        }
        if (have_category && !row.id_number.empty()) {
            auto [it, fresh] = seen.emplace(std::pair{row.id_number, row.category}, r.line());
            if (!fresh) {
                r.error(r.kRow,
                        "the same resident and category are on line " + std::to_string(it->second));
            }
        }
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
