#include "hub/admin/import_contracts.hpp"

#include <map>

#include "hub/admin/name_uuid.hpp"
#include "kiosk/domain/contract.hpp"

namespace jiayi::hub::admin {

namespace {

enum Col : std::size_t { kId, kName, kTeam, kSignDate, kTerm, kForm, kStaff, kPackages };

const std::vector<ColumnSpec> kColumns = {
    {"id_number", {"身份证号", "身份证号码", "证件号码"}},
    {"name", {"姓名"}},
    {"team_id", {"团队编号", "团队"}},
    {"sign_date", {"签约日期", "签约时间"}},
    {"term", {"签约期限", "服务期限", "期限"}, false},
    {"form_number", {"协议编号", "纸质协议编号", "签约协议编号"}},
    {"staff_id", {"录入人员", "录入人工号", "录入人"}},
    {"packages", {"服务包", "签约服务包", "package_codes"}},
};

std::optional<int> term_years(std::string_view raw) {
    std::string text = ascii_lower(trim(raw));
    for (std::string_view suffix : {"years", "year", "年", " "}) {
        if (text.ends_with(suffix)) {
            text.erase(
                text.size() -
                suffix.size());  // not resize: GCC 12 -O2 misreads its memset (-Wstringop-overflow)
        }
    }
    text = trim(text);
    static const std::pair<std::string_view, int> kWords[] = {
        {"1", 1}, {"2", 2}, {"3", 3}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}};
    for (auto [word, years] : kWords) {
        if (text == word) {
            return years;
        }
    }
    return std::nullopt;
}

std::vector<std::string> split_codes(std::string_view text) {
    std::string normal(text);
    for (std::string_view sep : {"、", "，", "；"}) {
        for (auto at = normal.find(sep); at != std::string::npos; at = normal.find(sep)) {
            normal.replace(at, sep.size(), " ");
        }
    }
    std::vector<std::string> out;
    std::string current;
    for (char c : normal) {
        if (c == '+' || c == ';' || c == ',' || c == ' ' || c == '/') {
            if (!current.empty()) {
                out.push_back(current);
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        out.push_back(current);
    }
    return out;
}

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

}  // namespace

std::span<const ColumnSpec> contract_columns() {
    return kColumns;
}

Checked<BackfillContractRow> check_contracts(const CsvFile& file, const BackfillContext& context) {
    auto map = map_header(file, kColumns);
    if (!map) {
        return fail(map.error());
    }
    std::vector<ImportError> errors;
    std::vector<BackfillContractRow> rows;
    std::map<std::string, std::pair<int, std::string>> forms;  // form → (line, ID number)
    std::map<std::string, std::vector<std::tuple<domain::Date, domain::Date, int>>> terms;
    const bool check_packages = context.catalogue && !context.catalogue->packages.empty();
    const bool check_teams = context.known_teams && !context.known_teams->empty();
    for (const CsvRecord& record : file.records) {
        RowReader r(record, map.value(), kColumns, errors);
        if (!r.shape_ok()) {
            continue;
        }
        BackfillContractRow row;
        row.line = r.line();
        if (auto document = read_document(r, kId, context.today)) {
            row.id_number = document->number;
            row.document_kind = document->kind;
        }
        if (auto name = r.required(kName)) {
            if (code_points(*name) > 64 || name->find_first_of("0123456789") != std::string::npos) {
                r.error(kName, "not a name (digits, or longer than 64 characters)");
            }
            row.name = *name;
        }
        if (auto team = r.required(kTeam)) {
            if (check_teams && !context.known_teams->contains(*team)) {
                r.error(kTeam,
                        "'" + *team + "' is not one of the hub's teams (import teams first)");
            }
            row.team_id = *team;
        }
        const auto sign_date = r.date(kSignDate, true);
        if (sign_date && *sign_date > context.today) {
            r.error(kSignDate, domain::to_iso(*sign_date) + " is in the future");
        }
        row.term_years = context.rules.term_years;
        if (const std::string term = r.text(kTerm); !term.empty()) {
            const auto years = term_years(term);
            if (!years) {
                r.error(kTerm, "'" + term + "' is not a term in years (write 1 or 1年)");
            } else if (*years != context.rules.term_years) {
                r.error(kTerm, "a term of " + std::to_string(*years) +
                                   " years; the district's term is " +
                                   std::to_string(context.rules.term_years));
            }
        }
        row.form_number = r.required(kForm).value_or("");
        row.staff_id = r.required(kStaff).value_or("");
        if (auto packages = r.required(kPackages)) {
            row.package_codes = split_codes(*packages);
            if (check_packages) {
                int basic = 0;
                for (const auto& code : row.package_codes) {
                    const domain::Package* p = context.catalogue->package(code);
                    if (!p) {
                        r.error(kPackages, "'" + code + "' is not a package in the catalogue");
                    } else if (p->kind == domain::PackageKind::Basic) {
                        ++basic;
                    }
                }
                if (basic != 1) {
                    r.error(kPackages, "exactly one basic package is needed (found " +
                                           std::to_string(basic) + ")");
                }
            }
        }
        if (sign_date) {
            row.sign_date = *sign_date;
            row.end = domain::term_end(*sign_date, context.rules);
        }
        if (!row.form_number.empty() && !row.id_number.empty()) {
            auto [it, fresh] = forms.emplace(row.form_number, std::pair{r.line(), row.id_number});
            if (!fresh) {
                r.error(kForm, it->second.second == row.id_number
                                   ? "the same form and resident are on line " +
                                         std::to_string(it->second.first)
                                   : "this form number is on line " +
                                         std::to_string(it->second.first) +
                                         " for another resident");
            }
            row.id = backfill_contract_uuid(row.form_number, row.id_number);
        }
        if (sign_date && !row.id_number.empty()) {
            // One team at a time: a resident's back-filled terms may follow
            // each other (a renewal) but not overlap.
            auto& mine = terms[row.id_number];
            for (const auto& [start, end, line] : mine) {
                if (row.sign_date <= end && start <= row.end) {
                    r.error(kSignDate, "this resident's term overlaps the contract on line " +
                                           std::to_string(line));
                    break;
                }
            }
            mine.emplace_back(row.sign_date, row.end, r.line());
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
