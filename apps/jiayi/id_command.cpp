// jiayi id check NUMBER… — what each number is, and whether it checks.

#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "kiosk/domain/document.hpp"
#include "kiosk/domain/region.hpp"

namespace jiayi::cli {

namespace {

std::string describe(domain::DocumentError error) {
    switch (error) {
        case domain::DocumentError::Empty:
            return "nothing was entered";
        case domain::DocumentError::BadLength:
            return "wrong length (18 characters, or 15 for a 2017 foreigner card)";
        case domain::DocumentError::BadCharacter:
            return "a character that does not belong there";
        case domain::DocumentError::BadChecksum:
            return "the check character does not match";
        case domain::DocumentError::BadBirthDate:
            return "the birth date is not a real date";
        case domain::DocumentError::BirthDateInFuture:
            return "the birth date is in the future";
        case domain::DocumentError::UnknownRegion:
            return "the region code is unknown";
        case domain::DocumentError::Obsolete15Digit:
            return "a first-generation 15-digit ID, void since 2013";
        case domain::DocumentError::WrongKind:
            return "not the kind of document chosen";
    }
    return "invalid";
}

int id_check(const std::vector<std::string>& numbers, bool json, domain::Date today) {
    bool all_valid = true;
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& number : numbers) {
        auto doc = domain::parse_document(number, today);
        nlohmann::json item = {{"number", number}, {"valid", doc.ok()}};
        if (!doc) {
            all_valid = false;
            item["reason"] = domain::code(doc.error());
            item["explanation"] = describe(doc.error());
            if (!json) {
                std::cout << number << "  invalid: " << domain::code(doc.error()) << " ("
                          << describe(doc.error()) << ")\n";
            }
            out.push_back(item);
            continue;
        }
        const domain::Document& d = doc.value();
        item["kind"] = domain::code(d.kind);
        item["sex"] = domain::code(d.sex);
        nlohmann::json warnings = nlohmann::json::array();
        for (auto w : d.warnings) {
            warnings.push_back(domain::code(w));
        }
        item["warnings"] = warnings;
        std::string line = d.number + "  valid  " + std::string(domain::code(d.kind));
        if (d.birth_date) {
            const int age = domain::age_on(*d.birth_date, today);
            item["birth_date"] = domain::to_iso(*d.birth_date);
            item["age"] = age;
            line += "  born " + domain::to_iso(*d.birth_date) + "  age " + std::to_string(age);
        }
        if (d.sex != domain::Sex::Unknown) {
            line += "  " + std::string(domain::code(d.sex));
        }
        if (auto province = domain::province_of(d.province_code)) {
            item["province"] = {{"code", province->code},
                                {"name_zh", province->name_zh},
                                {"name_en", province->name_en}};
            line += "  " + std::string(province->name_zh) + " " + std::string(province->name_en);
        }
        if (!d.nationality.empty()) {
            item["nationality"] = d.nationality;
            line += "  nationality " + d.nationality;
        }
        for (auto w : d.warnings) {
            line += "  warning: " + std::string(domain::code(w));
        }
        if (!json) {
            std::cout << line << "\n";
        }
        out.push_back(item);
    }
    if (json) {
        std::cout << out.dump(2) << "\n";
    }
    return all_valid ? 0 : 1;
}

}  // namespace

void add_id_commands(CLI::App& app, Context& context) {
    struct Options {
        std::vector<std::string> numbers;
        bool json = false;
        std::string today;
    };
    auto o = std::make_shared<Options>();
    auto* id = app.add_subcommand("id", "identity documents")->require_subcommand(1);
    auto* check = id->add_subcommand("check", "check ID numbers: kind, validity, birth, age");
    check->add_option("NUMBER", o->numbers, "numbers to check")->required();
    check->add_flag("--json", o->json, "print JSON");
    check->add_option("--today", o->today, "the day ages are counted on (YYYY-MM-DD)");
    check->callback([o, &context] {
        domain::Date today = domain::local_date(now(), kChinaUtcOffsetMinutes);
        if (!o->today.empty()) {
            auto parsed = domain::parse_iso_date(o->today);
            if (!parsed) {
                throw CLI::ValidationError("--today", "not a date: " + o->today);
            }
            today = *parsed;
        }
        context.status = id_check(o->numbers, o->json, today);
    });
}

}  // namespace jiayi::cli
