// What every command of jiayi-hub shares: the configuration and the
// database it names, checked against this binary's schema.

#include <filesystem>
#include <iostream>

#include "apps/jiayi-hub/commands.hpp"
#include "hub/store/schema.hpp"

namespace jiayi::hub::cli {

std::optional<config::HubConfig> load_config(const Context& context) {
    auto loaded = config::load_hub_config(context.config_file);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            std::cerr << e.to_string() << "\n";
        }
        return std::nullopt;
    }
    return std::move(loaded).value();
}

std::optional<config::HubConfig> config_or_defaults(const Context& context) {
    // Only a file that is surely not there: one that cannot be looked at
    // (a folder this user may not read) is read, and its error said.
    std::error_code error;
    const bool exists = std::filesystem::exists(context.config_file, error);
    if (!context.database.empty() && !error && !exists) {
        std::cerr << "jiayi-hub: no configuration at " << context.config_file
                  << ": the default [rules] apply (give --config to use a district's)\n";
        return config::HubConfig{};
    }
    return load_config(context);
}

std::optional<std::string> schema_problem(db::Database& database) {
    auto version = store::stored_version(database);
    if (!version) {
        return "cannot read the database's schema version: " + version.error().message;
    }
    const int expected = store::schema_version();
    if (version.value() == 0) {
        return std::string(
            "the database is not initialised: run `jiayi-hub init` (with the same --config "
            "or --database) first");
    }
    if (version.value() < expected) {
        return "the database is at schema version " + std::to_string(version.value()) +
               ", this jiayi-hub needs " + std::to_string(expected) +
               ": run `jiayi-hub init` to migrate it";
    }
    if (version.value() > expected) {
        return "the database is at schema version " + std::to_string(version.value()) +
               ", newer than this jiayi-hub knows (" + std::to_string(expected) +
               "): run the jiayi-hub that migrated it";
    }
    return std::nullopt;
}

std::unique_ptr<db::Database> open_database(const Context& context, bool migrate) {
    std::string url = context.database;
    db::OpenOptions options;
    if (url.empty()) {
        auto config = load_config(context);
        if (!config) {
            std::cerr
                << "jiayi-hub: no database: give a readable --config FILE or --database URL\n";
            return nullptr;
        }
        url = config->database.url;
        options.connections = config->database.connections;
    }
    auto opened = db::open(url, options);
    if (!opened) {
        std::cerr << "jiayi-hub: cannot open the database: " << opened.error().message << "\n";
        return nullptr;
    }
    if (migrate) {
        auto migrated = store::migrate(*opened.value());
        if (!migrated) {
            std::cerr << "jiayi-hub: cannot migrate the database: " << migrated.error().message
                      << "\n";
            return nullptr;
        }
    } else if (auto problem = schema_problem(*opened.value())) {
        std::cerr << "jiayi-hub: " << *problem << "\n";
        return nullptr;
    }
    return std::move(opened).value();
}

}  // namespace jiayi::hub::cli
