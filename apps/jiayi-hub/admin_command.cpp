// The administrator's commands: the database's schema and the kiosks' tokens.
// A token is printed once, here, and never again (only its hash is kept).

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "apps/jiayi-hub/admin_command.hpp"
#include "hub/db/database.hpp"
#include "hub/store/schema.hpp"
#include "hub/store/tokens.hpp"

namespace jiayi::hub_app {

namespace {

struct AdminOptions {
    std::string database;
    std::string kiosk;
    std::string township;
    bool json = false;
};

std::string default_database() {
    const char* from_environment = std::getenv("JIAYI_HUB_DATABASE");
    return from_environment && *from_environment ? from_environment
                                                 : "sqlite:/var/lib/jiayi-hub/hub.db";
}

Instant now() {
    return Instant{static_cast<std::int64_t>(std::time(nullptr))};
}

// The database, migrated to the schema this binary knows; nullptr with the
// reason on stderr. The URL is not printed: it may carry a password.
std::unique_ptr<hub::db::Database> open_migrated(const AdminOptions& options) {
    auto opened = hub::db::open(options.database);
    if (!opened) {
        std::cerr << "jiayi-hub: cannot open the database: " << opened.error().message << "\n";
        return nullptr;
    }
    auto migrated = hub::store::migrate(*opened.value());
    if (!migrated) {
        std::cerr << "jiayi-hub: cannot migrate the database: " << migrated.error().message << "\n";
        return nullptr;
    }
    return std::move(opened).value();
}

// A kiosk id or township code: letters, digits, '-', '_' and '.'.
bool is_code(const std::string& text) {
    if (text.empty() || text.size() > 64) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

void add_admin_commands(CLI::App& app, int& status) {
    auto options = std::make_shared<AdminOptions>();
    options->database = default_database();
    auto database_option = [options](CLI::App* command) {
        command->add_option("--database", options->database,
                            "SQLite path, sqlite:PATH or postgresql://…");
    };

    auto* init =
        app.add_subcommand("init", "Create the database, or migrate it to this version's schema");
    database_option(init);
    init->callback([options, &status] {
        auto database = open_migrated(*options);
        if (!database) {
            status = 2;
            return;
        }
        std::cout << "schema version " << hub::store::schema_version() << "\n";
        status = 0;
    });

    auto* token = app.add_subcommand("token", "Kiosk tokens: issue, revoke, list");
    token->require_subcommand(1);

    auto* issue =
        token->add_subcommand("issue", "Issue (or rotate) a kiosk's token; it is shown once");
    database_option(issue);
    issue->add_option("KIOSK", options->kiosk, "The kiosk's Device id")->required();
    issue->add_option("--township", options->township, "The township it may write for")->required();
    issue->add_flag("--json", options->json, "Print {kiosk, township, token} as JSON");
    issue->callback([options, &status] {
        if (!is_code(options->kiosk) || !is_code(options->township)) {
            std::cerr
                << "jiayi-hub: a kiosk id and a township are letters, digits, '-', '_' or '.'\n";
            status = 2;
            return;
        }
        auto database = open_migrated(*options);
        if (!database) {
            status = 2;
            return;
        }
        auto issued = hub::store::Tokens(*database).issue(options->kiosk, options->township, now());
        if (!issued) {
            std::cerr << "jiayi-hub: " << issued.error().message << "\n";
            status = 2;
            return;
        }
        if (options->json) {
            std::cout << nlohmann::json{{"kiosk", options->kiosk},
                                        {"township", options->township},
                                        {"token", issued.value()}}
                             .dump()
                      << "\n";
        } else {
            std::cout << issued.value() << "\n";
            std::cerr << "Give this token to kiosk " << options->kiosk
                      << " now: the hub keeps only its hash and cannot show it again.\n";
        }
        status = 0;
    });

    auto* revoke = token->add_subcommand("revoke", "End a kiosk's token");
    database_option(revoke);
    revoke->add_option("KIOSK", options->kiosk, "The kiosk's Device id")->required();
    revoke->callback([options, &status] {
        auto database = open_migrated(*options);
        if (!database) {
            status = 2;
            return;
        }
        auto revoked = hub::store::Tokens(*database).revoke(options->kiosk, now());
        if (!revoked) {
            std::cerr << "jiayi-hub: " << revoked.error().message << "\n";
            status = 2;
            return;
        }
        if (!revoked.value()) {
            std::cerr << "jiayi-hub: kiosk " << options->kiosk << " has no live token\n";
            status = 1;
            return;
        }
        std::cout << "revoked " << options->kiosk << "\n";
        status = 0;
    });

    auto* list = token->add_subcommand("list", "The kiosks' tokens (never the tokens themselves)");
    database_option(list);
    list->add_flag("--json", options->json, "Print a JSON array");
    list->callback([options, &status] {
        auto database = open_migrated(*options);
        if (!database) {
            status = 2;
            return;
        }
        auto records = hub::store::Tokens(*database).list();
        if (!records) {
            std::cerr << "jiayi-hub: " << records.error().message << "\n";
            status = 2;
            return;
        }
        if (options->json) {
            auto out = nlohmann::json::array();
            for (const auto& r : records.value()) {
                out.push_back({{"kiosk", r.kiosk},
                               {"township", r.township},
                               {"issued", r.issued},
                               {"revoked",
                                r.revoked ? nlohmann::json(*r.revoked) : nlohmann::json(nullptr)}});
            }
            std::cout << out.dump() << "\n";
        } else {
            for (const auto& r : records.value()) {
                std::cout << r.kiosk << "\t" << r.township << "\tissued " << r.issued
                          << (r.revoked ? "\trevoked " + *r.revoked : std::string()) << "\n";
            }
        }
        status = 0;
    });
}

}  // namespace jiayi::hub_app
