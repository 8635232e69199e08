// The administrator's commands: the database's schema and the kiosks' tokens.
// A token is printed once, here, and never again (only its hash is kept).

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/db/database.hpp"
#include "hub/store/schema.hpp"
#include "hub/store/tokens.hpp"

namespace jiayi::hub::cli {

namespace {

struct AdminOptions {
    std::string kiosk;
    std::string township;
    bool json = false;
};

Instant now() {
    return Instant{static_cast<std::int64_t>(std::time(nullptr))};
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

void add_admin_commands(CLI::App& app, Context& context) {
    auto options = std::make_shared<AdminOptions>();
    auto database_option = [&context](CLI::App* command) {
        command->add_option("--database", context.database,
                            "SQLite path, sqlite:PATH or postgresql://… (default: the "
                            "configuration's [database] url)");
    };

    auto* init =
        app.add_subcommand("init", "Create the database, or migrate it to this version's schema");
    database_option(init);
    init->callback([&context] {
        auto database = open_database(context, true);
        if (!database) {
            context.status = 2;
            return;
        }
        std::cout << "schema version " << store::schema_version() << "\n";
        context.status = 0;
    });

    auto* token = app.add_subcommand("token", "Kiosk tokens: issue, revoke, list");
    token->require_subcommand(1);

    auto* issue =
        token->add_subcommand("issue", "Issue (or rotate) a kiosk's token; it is shown once");
    database_option(issue);
    issue->add_option("KIOSK", options->kiosk, "The kiosk's Device id")->required();
    issue->add_option("--township", options->township, "The township it may write for")->required();
    issue->add_flag("--json", options->json, "Print {kiosk, township, token} as JSON");
    issue->callback([options, &context] {
        if (!is_code(options->kiosk) || !is_code(options->township)) {
            std::cerr
                << "jiayi-hub: a kiosk id and a township are letters, digits, '-', '_' or '.'\n";
            context.status = 2;
            return;
        }
        auto database = open_database(context, false);
        if (!database) {
            context.status = 2;
            return;
        }
        auto issued = store::Tokens(*database).issue(options->kiosk, options->township, now());
        if (!issued) {
            std::cerr << "jiayi-hub: " << issued.error().message << "\n";
            context.status = 2;
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
        context.status = 0;
    });

    auto* revoke = token->add_subcommand("revoke", "End a kiosk's token");
    database_option(revoke);
    revoke->add_option("KIOSK", options->kiosk, "The kiosk's Device id")->required();
    revoke->callback([options, &context] {
        auto database = open_database(context, false);
        if (!database) {
            context.status = 2;
            return;
        }
        auto revoked = store::Tokens(*database).revoke(options->kiosk, now());
        if (!revoked) {
            std::cerr << "jiayi-hub: " << revoked.error().message << "\n";
            context.status = 2;
            return;
        }
        if (!revoked.value()) {
            std::cerr << "jiayi-hub: kiosk " << options->kiosk << " has no live token\n";
            context.status = 1;
            return;
        }
        std::cout << "revoked " << options->kiosk << "\n";
        context.status = 0;
    });

    auto* list = token->add_subcommand("list", "The kiosks' tokens (never the tokens themselves)");
    database_option(list);
    list->add_flag("--json", options->json, "Print a JSON array");
    list->callback([options, &context] {
        auto database = open_database(context, false);
        if (!database) {
            context.status = 2;
            return;
        }
        auto records = store::Tokens(*database).list();
        if (!records) {
            std::cerr << "jiayi-hub: " << records.error().message << "\n";
            context.status = 2;
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
        context.status = 0;
    });
}

}  // namespace jiayi::hub::cli
