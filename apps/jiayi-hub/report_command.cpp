// The reports the district asks for (issue 10): `report coverage`, `report
// quality`, `reconcile KIOSK --date D`, and `import townships FILE` (the
// population behind the 30 % target). hub/store reads the figures, hub/admin
// makes the tables; this file chooses the format and the exit status.
//
// Exit status: 0 done (reconcile: the day agrees), 1 a failed query or a day
// that does not agree, 2 bad input (an option, a file, the database).

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/admin/coverage_report.hpp"
#include "hub/admin/import_townships.hpp"
#include "hub/admin/quality_report.hpp"
#include "hub/admin/reconcile.hpp"
#include "hub/store/reports.hpp"

namespace jiayi::hub::cli {

namespace {

struct ReportOptions {
    std::string format = "text";
    std::string township;
    std::string quarter;
    std::string kiosk;
    std::string date;
    std::string digest;       // the kiosk's `jiayi ledger digest` line
    std::string export_file;  // the kiosk's `jiayi ledger export` CSV
    std::string file;         // import townships
    std::string encoding = "auto";
};

Instant now() {
    return Instant{static_cast<std::int64_t>(std::time(nullptr))};
}

void print_tables(const std::vector<const admin::Table*>& tables, const std::string& format) {
    if (format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto* table : tables) {
            out.push_back(admin::to_json(*table));
        }
        std::cout << (tables.size() == 1 ? out[0] : out).dump(2) << "\n";
        return;
    }
    bool first = true;
    for (const auto* table : tables) {
        std::cout << (first ? "" : "\n")
                  << (format == "csv" ? admin::to_csv(*table) : admin::to_text(*table));
        first = false;
    }
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::optional<admin::CsvFile> read_csv_file(const std::string& path, const std::string& encoding) {
    const auto chosen = admin::encoding_from_name(encoding);
    if (!chosen) {
        std::cerr << "jiayi-hub: --encoding must be auto, utf-8 or gb18030\n";
        return std::nullopt;
    }
    const auto bytes = read_file(path);
    if (!bytes) {
        std::cerr << "jiayi-hub: cannot read " << path << "\n";
        return std::nullopt;
    }
    auto file = admin::read_csv(*bytes, *chosen);
    if (!file) {
        std::cerr << "jiayi-hub: " << path << ": line " << file.error().line << ": "
                  << file.error().message << "\n";
        return std::nullopt;
    }
    return std::move(file).value();
}

void add_format_option(CLI::App* command, ReportOptions& options) {
    command->add_option("--format", options.format, "text (default), csv or json")
        ->check(CLI::IsMember({"text", "csv", "json"}));
}

void add_database_option(CLI::App* command, Context& context) {
    command->add_option(
        "--database", context.database,
        "SQLite path, sqlite:PATH or postgresql://… (default: the configuration's)");
}

void coverage(Context& context, const ReportOptions& options) {
    context.status = 0;
    const auto config = config_or_defaults(context);
    if (!config) {
        context.status = 2;
        return;
    }
    const domain::Date today = domain::local_date(now(), config->rules.utc_offset_minutes);
    admin::Quarter quarter = admin::quarter_of(today);
    if (!options.quarter.empty()) {
        const auto parsed = admin::parse_quarter(options.quarter);
        if (!parsed) {
            std::cerr << "jiayi-hub: --quarter must read like 2026Q4\n";
            context.status = 2;
            return;
        }
        quarter = *parsed;
    }
    auto database = open_database(context, false);
    if (!database) {
        context.status = 2;
        return;
    }
    store::CoverageQuery query{quarter, std::nullopt, today, config->rules.utc_offset_minutes};
    if (!options.township.empty()) {
        query.township = options.township;
    }
    auto figures = store::coverage_figures(*database, query);
    if (!figures) {
        std::cerr << "jiayi-hub: " << figures.error().diagnostics << "\n";
        context.status = 1;
        return;
    }
    const auto table = admin::coverage_table(figures.value(), domain::CoverageTargets{},
                                             "Signing coverage, " + quarter.label());
    print_tables({&table}, options.format);
}

void quality(Context& context, const ReportOptions& options) {
    context.status = 0;
    const auto config = config_or_defaults(context);
    if (!config) {
        context.status = 2;
        return;
    }
    store::QualityQuery query;
    if (!options.quarter.empty()) {
        query.quarter = admin::parse_quarter(options.quarter);
        if (!query.quarter) {
            std::cerr << "jiayi-hub: --quarter must read like 2026Q4\n";
            context.status = 2;
            return;
        }
    }
    query.utc_offset_minutes = config->rules.utc_offset_minutes;
    query.opens_minute = config->rules.center_opens_minute;
    query.closes_minute = config->rules.center_closes_minute;
    auto database = open_database(context, false);
    if (!database) {
        context.status = 2;
        return;
    }
    auto input = store::quality_input(*database, query);
    if (!input) {
        std::cerr << "jiayi-hub: " << input.error().diagnostics << "\n";
        context.status = 1;
        return;
    }
    const auto report = admin::quality_report(input.value(), config->rules.phone);
    if (options.format == "json") {
        std::cout << admin::to_json(report).dump(2) << "\n";
    } else if (options.format == "csv") {
        print_tables(report.tables(), "csv");
    } else {
        std::cout << admin::to_text(report);
    }
}

void reconcile(Context& context, const ReportOptions& options) {
    context.status = 0;
    const auto config = config_or_defaults(context);
    if (!config) {
        context.status = 2;
        return;
    }
    const auto day = domain::parse_iso_date(options.date);
    if (!day) {
        std::cerr << "jiayi-hub: --date must be YYYY-MM-DD\n";
        context.status = 2;
        return;
    }
    std::optional<admin::LedgerDigest> kiosk;
    if (!options.digest.empty()) {
        auto parsed = admin::parse_ledger_digest(options.digest);
        if (!parsed) {
            std::cerr << "jiayi-hub: --digest: " << parsed.error() << "\n";
            context.status = 2;
            return;
        }
        if (parsed.value().date != *day) {
            std::cerr << "jiayi-hub: the digest is of " << domain::to_iso(parsed.value().date)
                      << ", not of --date " << options.date << "\n";
            context.status = 2;
            return;
        }
        kiosk = parsed.value();
    }
    std::optional<std::vector<admin::KioskLedgerRow>> rows;
    if (!options.export_file.empty()) {
        const auto file = read_csv_file(options.export_file, options.encoding);
        if (!file) {
            context.status = 2;
            return;
        }
        auto read = admin::read_ledger_export(*file);
        if (!read) {
            std::cerr << "jiayi-hub: " << options.export_file << ":\n"
                      << admin::describe(read.error()) << "\n";
            context.status = 2;
            return;
        }
        rows = std::move(read).value();
    }
    auto database = open_database(context, false);
    if (!database) {
        context.status = 2;
        return;
    }
    auto records =
        store::ledger_records(*database, options.kiosk, *day, config->rules.utc_offset_minutes);
    if (!records) {
        std::cerr << "jiayi-hub: " << records.error().diagnostics << "\n";
        context.status = 1;
        return;
    }
    if (!kiosk) {
        // No kiosk line to compare: the hub's own, in the kiosk's format, to
        // set beside `jiayi ledger digest --date D`.
        const auto hub = admin::digest_of(*day, records.value());
        if (options.format == "json") {
            std::cout << nlohmann::json{{"date", domain::to_iso(*day)},
                                        {"contracts", hub.contracts},
                                        {"opt_outs", hub.opt_outs},
                                        {"blake2b", hub.blake2b_hex}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << domain::to_iso(*day) << "  contracts " << hub.contracts << "  opt-outs "
                      << hub.opt_outs << "  blake2b " << hub.blake2b_hex << "\n";
        }
        return;
    }
    const auto result = admin::reconcile(*kiosk, records.value(), rows ? &*rows : nullptr);
    const auto table = admin::reconcile_table(result, options.kiosk);
    print_tables({&table}, options.format);
    context.status = result.agrees() ? 0 : 1;
}

void import_townships(Context& context, const ReportOptions& options, bool json) {
    context.status = 0;
    const auto file = read_csv_file(options.file, options.encoding);
    if (!file) {
        context.status = 2;
        return;
    }
    auto rows = admin::check_townships(*file);
    if (!rows) {
        const auto table = admin::refusal_table("Refused: " + options.file, rows.error());
        print_tables({&table}, json ? "json" : "text");
        context.status = 1;
        return;
    }
    auto database = open_database(context, false);
    if (!database) {
        context.status = 2;
        return;
    }
    std::vector<store::TownshipRecord> records;
    for (const auto& row : rows.value()) {
        records.push_back({row.code, row.name, row.population});
    }
    auto done = store::import_townships(*database, records);
    if (!done) {
        std::cerr << "jiayi-hub: " << done.error().diagnostics << "\n";
        context.status = 1;
        return;
    }
    const auto& s = done.value();
    if (json) {
        std::cout << nlohmann::json{{"created", s.created},
                                    {"changed", s.changed},
                                    {"unchanged", s.unchanged}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "townships: " << s.created << " created, " << s.changed << " changed, "
                  << s.unchanged << " unchanged\n";
    }
}

// The `import` command another family may have registered already.
CLI::App* import_command(CLI::App& app) {
    for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
        if (command->get_name() == "import") {
            return command;
        }
    }
    return app.add_subcommand("import", "Load the district's registries from CSV files");
}

}  // namespace

void add_report_commands(CLI::App& app, Context& context) {
    auto options = std::make_shared<ReportOptions>();

    auto* report = app.add_subcommand("report", "The district's reports");
    report->require_subcommand(1);

    auto* coverage_command = report->add_subcommand(
        "coverage", "Residents signed per township and team against the targets (seed 000 §六)");
    coverage_command->add_option("--township", options->township, "one township's code");
    coverage_command->add_option("--quarter", options->quarter, "2026Q4 (default: this quarter)");
    add_format_option(coverage_command, *options);
    add_database_option(coverage_command, context);
    coverage_command->callback([&context, options] { coverage(context, *options); });

    auto* quality_command = report->add_subcommand(
        "quality",
        "Data checks: evidence per team, shared phones, signings outside hours, awareness");
    quality_command->add_option("--quarter", options->quarter,
                                "signings and answers of one quarter (default: all)");
    add_format_option(quality_command, *options);
    add_database_option(quality_command, context);
    quality_command->callback([&context, options] { quality(context, *options); });

    auto* reconcile_command = app.add_subcommand(
        "reconcile", "Compare a kiosk's daily ledger with what the hub holds for that day");
    reconcile_command->add_option("KIOSK", options->kiosk, "the kiosk's id")->required();
    reconcile_command->add_option("--date", options->date, "YYYY-MM-DD, the kiosk's day")
        ->required();
    reconcile_command->add_option(
        "--digest", options->digest,
        "the line `jiayi ledger digest --date D` printed on the kiosk (without it, the hub's own "
        "line is printed)");
    reconcile_command->add_option(
        "--export", options->export_file,
        "the kiosk's `jiayi ledger export --date D` CSV: lists the records that differ");
    reconcile_command->add_option("--encoding", options->encoding, "auto, utf-8 or gb18030");
    add_format_option(reconcile_command, *options);
    add_database_option(reconcile_command, context);
    reconcile_command->callback([&context, options] { reconcile(context, *options); });

    auto* townships = import_command(app)->add_subcommand(
        "townships",
        "Townships and their populations (code, name, population; 乡镇编码, 乡镇名称, "
        "常住人口)");
    auto json = std::make_shared<bool>(false);
    townships->add_option("FILE", options->file, "CSV, UTF-8 or GB18030")->required();
    townships->add_option("--encoding", options->encoding, "auto, utf-8 or gb18030");
    townships->add_flag("--json", *json, "the summary or the refusals as JSON");
    add_database_option(townships, context);
    townships->callback([&context, options, json] { import_townships(context, *options, *json); });
}

}  // namespace jiayi::hub::cli
