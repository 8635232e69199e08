// Staff and IT commands: config check, db status and migrate, ledger export,
// key generation, PIN hashing.

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "common/unique_fd.hpp"
#include "kiosk/auth/pin.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::cli {

namespace {

std::optional<config::KioskConfig> load(const std::filesystem::path& file) {
    auto loaded = load_config_reporting(file);
    if (!loaded) {
        std::cerr << "jiayi: the configuration was refused; nothing was changed\n";
    }
    return loaded;
}

std::unique_ptr<store::Store> open_store(const config::KioskConfig& config, bool migrate) {
    auto keys = store::KeyRing::load(config.paths.key_file);
    if (!keys) {
        std::cerr << "jiayi: " << keys.error().message << "\n";
        return nullptr;
    }
    auto opened = store::Store::open(config.paths.database, keys.value(), now(), migrate);
    if (!opened) {
        std::cerr << "jiayi: " << config.paths.database.string() << ": " << opened.error().message
                  << "\n";
        return nullptr;
    }
    return std::move(opened).value();
}

// The configuration and its store, both refused with their reasons on stderr.
struct Opened {
    config::KioskConfig config;
    std::unique_ptr<store::Store> store;
};

// For the ledger commands, which read records without migrating: a database
// an older jiayi wrote is refused with what to run.
std::optional<Opened> load_and_open_current(const std::filesystem::path& config_file) {
    auto config = load(config_file);
    if (!config) {
        return std::nullopt;
    }
    auto store = open_store(*config, false);
    if (!store) {
        return std::nullopt;
    }
    if (const int version = store->schema_version();
        version < store::Store::latest_schema_version()) {
        std::cerr << "jiayi: " << config->paths.database.string() << " has schema " << version
                  << " of " << store::Store::latest_schema_version()
                  << "; run `jiayi db migrate` first\n";
        return std::nullopt;
    }
    return Opened{std::move(*config), std::move(store)};
}

// Writes `text` to `file`, created or truncated with mode 0600 (an existing
// file's wider mode is narrowed first): an unmasked ledger is personal data.
bool write_private(const std::filesystem::path& file, const std::string& text) {
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) {
        std::cerr << "jiayi: cannot write " << file.string() << ": " << std::strerror(errno)
                  << "\n";
        return false;
    }
    bool ok = ::fchmod(fd.get(), 0600) == 0;
    std::size_t done = 0;
    while (ok && done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd.get()) == 0;
    int error = errno;
    // Closed here rather than by its owner: a write the kernel deferred can
    // fail only at close, and the file is then not written.
    if (::close(fd.release()) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        std::cerr << "jiayi: cannot write " << file.string() << ": " << std::strerror(error)
                  << "\n";
    }
    return ok;
}

// A PIN from standard input; the terminal does not echo it.
std::string read_pin(const char* prompt) {
    const bool tty = ::isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string pin;
    std::getline(std::cin, pin);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return pin;
}

std::string csv(const std::string& field) {
    if (field.find_first_of(",\"\n\r") == std::string::npos) {
        return field;
    }
    std::string out = "\"";
    for (char c : field) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

int config_check(const std::filesystem::path& file) {
    auto config = load(file);
    if (!config) {
        return 1;
    }
    std::cout << file.string() << ": ok (kiosk " << config->kiosk.id << ", "
              << config->catalogue.packages.size() << " packages, "
              << config->catalogue.hospitals.size() << " hospitals)\n";
    return 0;
}

int db_status(const std::filesystem::path& config_file) {
    auto config = load(config_file);
    if (!config) {
        return 1;
    }
    if (!std::filesystem::exists(config->paths.database)) {
        std::cerr << "jiayi: no database at " << config->paths.database.string()
                  << " (create it with `jiayi db migrate`)\n";
        return 1;
    }
    auto store = open_store(*config, false);
    if (!store) {
        return 1;
    }
    auto status = store->status();
    if (!status) {
        std::cerr << "jiayi: " << status.error().message << "\n";
        return 1;
    }
    const store::StoreStatus& s = status.value();
    std::cout << "database:   " << config->paths.database.string() << "\n"
              << "schema:     " << s.schema_version << " of " << s.latest_schema_version
              << (s.schema_version < s.latest_schema_version ? " (run `jiayi db migrate`)" : "")
              << "\n"
              << "residents:  " << s.residents << " (" << s.purged_residents
              << " purged after acknowledgement)\n"
              << "contracts:  " << s.contracts << "\n"
              << "opt-outs:   " << s.opt_outs << "\n"
              << "receipts:   " << s.receipts << "\n"
              << "outbox:     " << s.outbox_pending << " pending, " << s.outbox_acknowledged
              << " acknowledged, " << s.outbox_refused << " refused by the center\n";
    if (s.oldest_pending_at) {
        std::cout << "oldest pending: " << *s.oldest_pending_at << "\n";
    }
    std::cout << "audit log:  " << s.audit_entries << " entries\n";
    return 0;
}

int db_migrate(const std::filesystem::path& config_file) {
    auto config = load(config_file);
    if (!config) {
        return 1;
    }
    const bool existed = std::filesystem::exists(config->paths.database);
    auto store = open_store(*config, true);
    if (!store) {
        return 1;
    }
    std::cout << config->paths.database.string() << ": schema " << store->schema_version()
              << (existed ? "" : " (new database)") << "\n";
    return 0;
}

int ledger_export(const std::filesystem::path& config_file, domain::Date date, bool unmasked,
                  const std::optional<std::filesystem::path>& out_file) {
    auto opened = load_and_open_current(config_file);
    if (!opened) {
        return 1;
    }
    const config::KioskConfig* config = &opened->config;
    store::Store* store = opened->store.get();
    const std::string detail = "ledger " + domain::to_iso(date);
    if (unmasked) {
        // Unmasked personal data needs the administrator's PIN, and every
        // attempt, refused or granted, goes into the audit log.
        if (config->staff.admin_pin_hash.empty()) {
            std::cerr << "jiayi: no admin PIN is configured ([staff] admin_pin_hash); an "
                         "unmasked export is not possible\n";
            return 1;
        }
        // The tries are in the audit log: wrong ones since the last right one.
        auto log = store->audit_log();
        if (!log) {
            std::cerr << "jiayi: " << log.error().message << "\n";
            return 1;
        }
        std::vector<Instant> failures;
        for (auto it = log->rbegin(); it != log->rend(); ++it) {
            if (it->action == "ledger-export-unmasked") {
                break;
            }
            if (it->action == "ledger-export-unmasked-refused") {
                failures.push_back(parse_iso8601(it->at).value_or(Instant{}));
            }
        }
        const Instant t = now();
        if (auth::locked_out(failures, config->staff.max_pin_attempts,
                             config->staff.lockout_minutes, t)) {
            (void)store->audit("admin", "ledger-export-unmasked-locked", detail, t);
            std::cerr << "jiayi: too many wrong PINs; try again in "
                      << config->staff.lockout_minutes << " minutes\n";
            return 1;
        }
        const std::string pin = read_pin("Admin PIN: ");
        if (!auth::verify_pin(pin, config->staff.admin_pin_hash)) {
            if (!store->audit("admin", "ledger-export-unmasked-refused", detail, now())) {
                std::cerr << "jiayi: the audit log cannot be written\n";
                return 1;
            }
            std::cerr << "jiayi: wrong PIN; the refusal is in the audit log\n";
            return 1;
        }
        // Granted: the audit entry is written before any row, or nothing is.
        if (auto audited = store->audit("admin", "ledger-export-unmasked", detail, now());
            !audited) {
            std::cerr << "jiayi: the audit log cannot be written (" << audited.error().message
                      << "); nothing was exported\n";
            return 1;
        }
    }
    const int offset = config->kiosk.utc_offset_minutes;
    auto rows = store->ledger(domain::start_of(date, offset),
                              domain::start_of(domain::add_days(date, 1), offset));
    if (!rows) {
        std::cerr << "jiayi: " << rows.error().message << "\n";
        return 1;
    }
    std::ostringstream out;
    out << "created_at_utc,record_type,action,status,record_id,name,document,document_kind,"
           "team,packages,total,resident_pays,channel,operator,center_state\n";
    for (const store::LedgerRow& row : rows.value()) {
        const std::string name = unmasked ? row.name : domain::mask_name(row.name);
        const std::string document = unmasked
                                         ? row.document_number
                                         : domain::mask_id(row.document_number, config->rules.mask);
        out << csv(row.created_at) << ',' << csv(row.record_type) << ',' << csv(row.action) << ','
            << csv(row.status) << ',' << csv(row.record_id) << ',' << csv(name) << ','
            << csv(document) << ',' << csv(row.document_kind) << ',' << csv(row.team_id) << ','
            << csv(row.packages) << ',' << domain::to_yuan_string(row.total) << ','
            << domain::to_yuan_string(row.resident_pays) << ',' << csv(row.channel) << ','
            << csv(row.operator_id) << ',' << csv(row.center_state) << '\n';
    }
    if (!out_file) {
        std::cout << out.str();
        return 0;
    }
    if (!write_private(*out_file, out.str())) {
        return 1;
    }
    std::cerr << rows->size() << " rows written to " << out_file->string() << "\n";
    return 0;
}

int ledger_digest(const std::filesystem::path& config_file, domain::Date date) {
    auto opened = load_and_open_current(config_file);
    if (!opened) {
        return 1;
    }
    const config::KioskConfig* config = &opened->config;
    store::Store* store = opened->store.get();
    const int offset = config->kiosk.utc_offset_minutes;
    auto digest = store->ledger_digest(domain::start_of(date, offset),
                                       domain::start_of(domain::add_days(date, 1), offset));
    if (!digest) {
        std::cerr << "jiayi: " << digest.error().message << "\n";
        return 1;
    }
    std::cout << domain::to_iso(date) << "  contracts " << digest->contracts << "  opt-outs "
              << digest->opt_outs << "  blake2b " << digest->blake2b_hex << "\n";
    return 0;
}

int key_generate(const std::filesystem::path& file) {
    auto made = store::KeyRing::generate(file);
    if (!made) {
        std::cerr << "jiayi: " << made.error().message << "\n";
        return 1;
    }
    std::cout << file.string()
              << ": new key written (mode 0600). Keep a copy somewhere safe: without it the "
                 "personal data in the store cannot be read.\n";
    return 0;
}

int pin_hash() {
    const std::string pin = read_pin("New PIN (6-12 digits): ");
    auto hash = auth::hash_pin(pin);
    if (!hash) {
        std::cerr << "jiayi: a new PIN is " << auth::kMinNewPinDigits << " to "
                  << auth::kMaxPinDigits << " digits; nothing was hashed\n";
        return 2;
    }
    std::cout << *hash << "\n";
    return 0;
}

// A day given as --date, or the parse fails with the reason.
domain::Date date_option(const std::string& text) {
    auto date = domain::parse_iso_date(text);
    if (!date) {
        throw CLI::ValidationError("--date", "not a date: " + text);
    }
    return *date;
}

}  // namespace

void add_admin_commands(CLI::App& app, Context& context) {
    struct Options {
        std::string check_file;
        std::string export_date;
        bool unmasked = false;
        std::string out_file;
        std::string digest_date;
        std::string key_file;
    };
    auto o = std::make_shared<Options>();

    auto* config = app.add_subcommand("config", "configuration")->require_subcommand(1);
    auto* config_check_command = config->add_subcommand("check", "check a configuration file");
    config_check_command->add_option("FILE", o->check_file, "the file")->required();
    config_check_command->callback([o, &context] { context.status = config_check(o->check_file); });

    auto* db = app.add_subcommand("db", "the local store")->require_subcommand(1);
    db->add_subcommand("status", "schema, counts and what waits to sync")->callback([&context] {
        context.status = db_status(context.config_file);
    });
    db->add_subcommand("migrate", "create the store or bring its schema up to date")
        ->callback([&context] { context.status = db_migrate(context.config_file); });

    auto* ledger = app.add_subcommand("ledger", "the daily ledger (台账)")->require_subcommand(1);
    auto* ledger_export_command = ledger->add_subcommand("export", "a day's records as CSV");
    ledger_export_command->add_option("--date", o->export_date, "the day (YYYY-MM-DD)")->required();
    ledger_export_command->add_flag(
        "--unmasked", o->unmasked, "full names and numbers (asks for the admin PIN; audit-logged)");
    ledger_export_command->add_option("-o,--out", o->out_file,
                                      "write to FILE instead of standard output");
    ledger_export_command->callback([o, &context] {
        const domain::Date date = date_option(o->export_date);
        context.status = ledger_export(
            context.config_file, date, o->unmasked,
            o->out_file.empty() ? std::nullopt : std::optional<std::filesystem::path>(o->out_file));
    });
    auto* ledger_digest_command = ledger->add_subcommand(
        "digest", "a day's counts and record hash, to reconcile with the center");
    ledger_digest_command->add_option("--date", o->digest_date, "the day (YYYY-MM-DD)")->required();
    ledger_digest_command->callback([o, &context] {
        context.status = ledger_digest(context.config_file, date_option(o->digest_date));
    });

    auto* key =
        app.add_subcommand("key", "the key for personal data at rest")->require_subcommand(1);
    auto* key_generate_command =
        key->add_subcommand("generate", "write a new key file (mode 0600)");
    key_generate_command->add_option("FILE", o->key_file, "where to write it")->required();
    key_generate_command->callback([o, &context] { context.status = key_generate(o->key_file); });

    auto* pin = app.add_subcommand("pin", "staff PINs")->require_subcommand(1);
    pin->add_subcommand("hash",
                        "read a PIN (6 to 12 digits) on standard input, print its Argon2id hash")
        ->callback([&context] { context.status = pin_hash(); });
}

}  // namespace jiayi::cli
