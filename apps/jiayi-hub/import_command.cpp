// The administrator's imports (issue 10 "Admin commands"): a district's CSV
// file read by hub/admin (encoding, CSV, every row checked, every error with
// its line), converted here — the one place where hub/admin's rows become
// hub/store's records — and applied by hub/store in one transaction. A file
// with any bad row changes nothing; a file imported twice changes nothing the
// second time. Also `release-pool`, the pool slots' release the day before.
//
//   jiayi-hub import teams|flags|slots|contracts FILE [--encoding auto|utf-8|gb18030]
//                                                     [--dry-run] [--json] [--now ISO]
//   jiayi-hub release-pool [--now ISO] [--json]
//
// Exit status: 0 applied (or, with --dry-run, would apply), 1 refused rows
// (all listed, with their lines; nothing applied), 2 unreadable file or
// unreachable database.

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/admin/import_contracts.hpp"
#include "hub/admin/import_flags.hpp"
#include "hub/admin/import_slots.hpp"
#include "hub/admin/import_teams.hpp"
#include "hub/admin/name_uuid.hpp"
#include "hub/admin/table.hpp"
#include "hub/db/database.hpp"
#include "hub/store/hub_rules.hpp"
#include "hub/store/imports.hpp"
#include "kiosk/fhir/patient.hpp"

namespace jiayi::hub::cli {

namespace {

using nlohmann::json;

struct ImportOptions {
    std::string file;
    std::string encoding = "auto";
    std::string now;  // ISO 8601 UTC; empty: the system clock
    bool dry_run = false;
    bool json = false;
};

std::optional<Instant> clock_of(const ImportOptions& options) {
    if (options.now.empty()) {
        return Instant{static_cast<std::int64_t>(std::time(nullptr))};
    }
    return parse_iso8601(options.now);
}

// What one import did, as printed.
struct Outcome {
    std::string kind;  // teams, flags, slots, contracts
    store::ImportSummary summary;
    std::vector<admin::ImportError> refused;
};

// Prints the outcome; the exit status.
int report(const Outcome& outcome, const ImportOptions& options) {
    const bool refused = !outcome.refused.empty();
    const auto& s = outcome.summary;
    if (options.json) {
        json rows = json::array();
        for (const auto& error : outcome.refused) {
            rows.push_back(
                {{"line", error.line}, {"column", error.column}, {"message", error.message}});
        }
        std::cout << json{{"import", outcome.kind},
                          {"dry_run", options.dry_run},
                          {"applied", refused || options.dry_run ? 0 : s.created + s.changed},
                          {"created", s.created},
                          {"changed", s.changed},
                          {"unchanged", s.unchanged},
                          {"refused", rows}}
                         .dump()
                  << "\n";
    } else if (refused) {
        std::cout << admin::to_text(admin::refusal_table(
            "import " + outcome.kind + ": " + std::to_string(outcome.refused.size()) +
                " refused; nothing applied",
            outcome.refused));
    } else {
        std::cout << "import " << outcome.kind
                  << (options.dry_run ? " (dry run, nothing applied)" : "") << ": " << s.created
                  << " created, " << s.changed << " changed, " << s.unchanged << " unchanged\n";
    }
    return refused ? 1 : 0;
}

// The store's refusal of the whole file, with its line when it names a row
// ("row N": the N-th record given, see hub/store/imports.hpp).
template <class Row>
admin::ImportError from_store(const fhir::Refusal& refusal, const std::vector<Row>& rows) {
    int line = 0;
    if (refusal.expression.starts_with("row ")) {
        const auto n = std::strtoul(refusal.expression.c_str() + 4, nullptr, 10);
        if (n >= 1 && n <= rows.size()) {
            line = rows[n - 1].line;
        }
    }
    return {line, "", refusal.code + ": " + refusal.diagnostics};
}

// ---- hub/admin's rows → hub/store's records --------------------------------

store::TeamRecord to_record(const admin::TeamRow& row) {
    return {row.id,     row.name,   row.center_id,    row.township,    row.capacity,
            row.closed, row.leader, row.leader_phone, row.specialties, row.villages};
}

store::SlotRecord to_record(const admin::SlotRow& row, int utc_offset_minutes) {
    const auto at = [&](int minute) {
        const Instant midnight = domain::start_of(row.date, utc_offset_minutes);
        return to_iso8601(Instant{midnight.unix_seconds + std::int64_t{minute} * 60});
    };
    // One Schedule per hospital's doctor or clinic list, named like the slots.
    const std::string schedule =
        admin::uuid_v5(admin::kImportNamespace, "schedule|" + row.hospital + "|" + row.schedule);
    return {row.id,
            schedule,
            row.hospital + " " + row.department + " " + row.schedule,
            at(row.start_minute),
            at(row.end_minute),
            row.pool,
            row.hospital,
            row.department,
            row.place,
            row.hospital_en,
            row.department_en,
            row.place_en};
}

store::FlagRecord to_record(const admin::FlagRow& row, domain::Date today) {
    return {"",
            std::string(::jiayi::fhir::identifier_system(row.document_kind)),
            row.id_number,
            std::string(domain::code(row.category)),
            !row.end || *row.end >= today,
            row.township};
}

std::optional<store::ContractRecord> to_record(const admin::BackfillContractRow& row,
                                               domain::Date today) {
    auto document = domain::parse_document_as(row.document_kind, row.id_number, today);
    if (!document) {
        return std::nullopt;  // the checker read it; only a changed clock gets here
    }
    store::ContractRecord record;
    record.resident.document = std::move(document).value();
    record.resident.name = row.name;
    domain::Contract& contract = record.episode.contract;
    contract.id = row.id;
    contract.team_id = row.team_id;
    contract.package_ids = row.package_codes;
    contract.start = row.sign_date;
    contract.end = row.end;
    contract.type = domain::ContractType::New;
    contract.channel = domain::Channel::Import;
    record.episode.back_fill =
        ::jiayi::fhir::BackFill{row.sign_date, row.form_number, row.staff_id};
    return record;
}

// ---- one import -------------------------------------------------------------

// The file read as CSV, or the errors that stop it being read (status 2 when
// there is no file to read).
Result<admin::CsvFile, std::vector<admin::ImportError>> read_file(const ImportOptions& options,
                                                                  int& status) {
    std::ifstream in(options.file, std::ios::binary);
    if (!in) {
        std::cerr << "jiayi-hub: cannot read " << options.file << "\n";
        status = 2;
        return fail(std::vector<admin::ImportError>{});
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const auto encoding = admin::encoding_from_name(options.encoding);
    auto file = admin::read_csv(bytes.str(), encoding.value_or(admin::Encoding::Auto));
    if (!file) {
        return fail(std::vector<admin::ImportError>{
            {file.error().line, file.error().column, file.error().message}});
    }
    return std::move(file).value();
}

int import_file(const std::string& kind, const ImportOptions& options, const Context& context) {
    // The district's rules as serve applies them: [rules] of the
    // configuration (a team's default capacity, the pool's share and
    // release, the renewal window, the district's clock).
    const auto config = config_or_defaults(context);
    if (!config) {
        return 2;
    }
    const store::HubRules rules = config->rules;
    const auto now = clock_of(options);
    if (!now) {
        std::cerr << "jiayi-hub: --now is an ISO 8601 UTC time, 2026-12-01T02:00:00Z\n";
        return 2;
    }
    if (!admin::encoding_from_name(options.encoding)) {
        std::cerr << "jiayi-hub: --encoding is auto, utf-8 or gb18030\n";
        return 2;
    }
    const domain::Date today = domain::local_date(*now, rules.utc_offset_minutes);
    Outcome outcome{kind, {}, {}};
    int status = 0;
    // Checks the file, converts its rows, applies them: every error of the
    // file, or the store's answer.
    auto apply = [&](auto check, auto convert, auto store_import) -> int {
        auto file = read_file(options, status);
        if (status != 0) {
            return status;
        }
        if (!file) {
            outcome.refused = file.error();
            return report(outcome, options);
        }
        auto rows = check(file.value());
        if (!rows) {
            outcome.refused = rows.error();
            return report(outcome, options);
        }
        auto database = open_database(context, false);
        if (!database) {
            return 2;
        }
        return store_import(*database, rows.value(), convert);
    };
    auto simple = [&](db::Database& database, const auto& rows, auto convert, auto import) {
        std::vector<decltype(convert(rows.front()))> records;
        for (const auto& row : rows) {
            records.push_back(convert(row));
        }
        auto done = import(database, rules, records, *now, options.dry_run);
        if (!done) {
            if (done.error().status >= 500) {
                std::cerr << "jiayi-hub: " << done.error().diagnostics << "\n";
                return 2;
            }
            outcome.refused.push_back(from_store(done.error(), rows));
        } else {
            outcome.summary = done.value();
        }
        return report(outcome, options);
    };

    if (kind == "teams") {
        return apply(
            [&](const admin::CsvFile& file) { return admin::check_teams(file, rules.team); },
            [](const admin::TeamRow& row) { return to_record(row); },
            [&](db::Database& database, const auto& rows, auto convert) {
                return simple(database, rows, convert,
                              [](auto&... a) { return store::import_teams(a...); });
            });
    }
    if (kind == "slots") {
        return apply(
            [&](const admin::CsvFile& file) { return admin::check_slots(file, rules.booking); },
            [&](const admin::SlotRow& row) { return to_record(row, rules.utc_offset_minutes); },
            [&](db::Database& database, const auto& rows, auto convert) {
                return simple(database, rows, convert,
                              [](auto&... a) { return store::import_slots(a...); });
            });
    }
    if (kind == "flags") {
        return apply([&](const admin::CsvFile& file) { return admin::check_flags(file, today); },
                     [&](const admin::FlagRow& row) { return to_record(row, today); },
                     [&](db::Database& database, const auto& rows, auto convert) {
                         return simple(database, rows, convert,
                                       [](auto&... a) { return store::import_flags(a...); });
                     });
    }
    // contracts: the store answers every refused row, not only the first.
    const admin::BackfillContext backfill{today, rules.contract, nullptr, nullptr};
    return apply(
        [&](const admin::CsvFile& file) { return admin::check_contracts(file, backfill); },
        [&](const admin::BackfillContractRow& row) { return to_record(row, today); },
        [&](db::Database& database, const auto& rows, auto convert) {
            std::vector<store::ContractRecord> records;
            for (const auto& row : rows) {
                auto record = convert(row);
                if (!record) {
                    outcome.refused.push_back({row.line, "", "the document number does not check"});
                    continue;
                }
                records.push_back(std::move(*record));
            }
            if (!outcome.refused.empty()) {
                return report(outcome, options);
            }
            auto done = store::import_contracts(database, rules, records, *now, options.dry_run);
            if (!done) {
                if (done.error().status >= 500) {
                    std::cerr << "jiayi-hub: " << done.error().diagnostics << "\n";
                    return 2;
                }
                outcome.refused.push_back(from_store(done.error(), rows));
                return report(outcome, options);
            }
            outcome.summary = done.value().summary;
            for (const auto& refused : done.value().refused) {
                outcome.refused.push_back(
                    {rows[refused.row].line, "", refused.code + ": " + refused.message});
            }
            return report(outcome, options);
        });
}

}  // namespace

void add_import_commands(CLI::App& app, Context& context) {
    auto options = std::make_shared<ImportOptions>();

    auto* import = app.add_subcommand(
        "import", "Import a district CSV file (UTF-8 or GB18030): teams, flags, slots, contracts");
    import->require_subcommand(1);
    const std::pair<const char*, const char*> kinds[] = {
        {"teams", "Family-doctor teams: created or updated; the signed count is the hub's"},
        {"flags", "Key-population registries (poor, dibao, disability, chronic, ...)"},
        {"slots", "A hospital's schedule; each day opens at least 20 % to the pool"},
        {"contracts", "Back-fill of paper contracts, under the signing rules"},
    };
    for (const auto& [kind, help] : kinds) {
        auto* command = import->add_subcommand(kind, help);
        command->add_option("FILE", options->file, "CSV file with a header")->required();
        command->add_option("--database", context.database,
                            "SQLite path, sqlite:PATH or postgresql://… (default: the config's)");
        command->add_option("--encoding", options->encoding, "auto (default), utf-8 or gb18030");
        command->add_flag("--dry-run", options->dry_run,
                          "Check against the hub and report, applying nothing");
        command->add_flag("--json", options->json,
                          "Print {created, changed, unchanged, refused: [{line, ...}]}");
        command->add_option("--now", options->now,
                            "The clock, ISO 8601 UTC (default: now); dates are checked against it");
        command->callback([options, &context, name = std::string(kind)] {
            context.status = import_file(name, *options, context);
        });
    }

    auto* release = app.add_subcommand(
        "release-pool",
        "Release pool slots still free a day before their start to the hospital's general list");
    release->add_option("--database", context.database,
                        "SQLite path, sqlite:PATH or postgresql://… (default: the config's)");
    release->add_option("--now", options->now, "The clock, ISO 8601 UTC (default: now)");
    release->add_flag("--json", options->json, "Print {released}");
    release->callback([options, &context] {
        const auto now = clock_of(*options);
        if (!now) {
            std::cerr << "jiayi-hub: --now is an ISO 8601 UTC time, 2026-12-01T02:00:00Z\n";
            context.status = 2;
            return;
        }
        const auto config = config_or_defaults(context);
        if (!config) {
            context.status = 2;
            return;
        }
        auto database = open_database(context, false);
        if (!database) {
            context.status = 2;
            return;
        }
        auto released = store::release_pool(*database, config->rules, *now);
        if (!released) {
            std::cerr << "jiayi-hub: " << released.error().diagnostics << "\n";
            context.status = 2;
            return;
        }
        if (options->json) {
            std::cout << json{{"released", released.value()}}.dump() << "\n";
        } else {
            std::cout << "released " << released.value() << " pool slots\n";
        }
        context.status = 0;
    });
}

}  // namespace jiayi::hub::cli
