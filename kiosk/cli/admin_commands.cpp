// Staff and IT commands: config check, db status and migrate, ledger export,
// key generation, PIN hashing.

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "kiosk/auth/pin.hpp"
#include "kiosk/cli/clock.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/domain/mask.hpp"
#include "kiosk/store/store.hpp"

namespace jiayi::cli {

namespace {

std::optional<config::KioskConfig> load(const std::filesystem::path& file) {
    auto loaded = config::load_config(file);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            std::cerr << e.to_string() << "\n";
        }
        std::cerr << "jiayi: the configuration was refused; nothing was changed\n";
        return std::nullopt;
    }
    return std::move(loaded).value();
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

std::optional<Opened> load_and_open(const std::filesystem::path& config_file, bool migrate) {
    auto config = load(config_file);
    if (!config) {
        return std::nullopt;
    }
    auto store = open_store(*config, migrate);
    if (!store) {
        return std::nullopt;
    }
    return Opened{std::move(*config), std::move(store)};
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

}  // namespace

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
    auto opened = load_and_open(config_file, false);
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
    auto rows = store->ledger(start_of(date, offset), start_of(domain::add_days(date, 1), offset));
    if (!rows) {
        std::cerr << "jiayi: " << rows.error().message << "\n";
        return 1;
    }
    std::ofstream file;
    if (out_file) {
        file.open(*out_file, std::ios::trunc);
        if (!file) {
            std::cerr << "jiayi: cannot write " << out_file->string() << "\n";
            return 1;
        }
    }
    std::ostream& out = out_file ? static_cast<std::ostream&>(file) : std::cout;
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
    if (out_file) {
        std::cerr << rows->size() << " rows written to " << out_file->string() << "\n";
    }
    return 0;
}

int ledger_digest(const std::filesystem::path& config_file, domain::Date date) {
    auto opened = load_and_open(config_file, false);
    if (!opened) {
        return 1;
    }
    const config::KioskConfig* config = &opened->config;
    store::Store* store = opened->store.get();
    const int offset = config->kiosk.utc_offset_minutes;
    auto digest =
        store->ledger_digest(start_of(date, offset), start_of(domain::add_days(date, 1), offset));
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

}  // namespace jiayi::cli
