// `jiayi sync status [--json]` and `jiayi sync now [--json]` (issue 11): the
// outbox and the sync's last word as the store keeps them, and one push pass
// from the command line (the kiosk's own sync thread may run beside it: the
// hub answers a replayed record as the first time, and the store applies
// each answer once).

#include <nlohmann/json.hpp>
#include <random>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/settings.hpp"

namespace jiayi::cli {

namespace {

using nlohmann::json;

std::unique_ptr<store::Store> open_sync_store(const config::KioskConfig& config, bool migrate) {
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

json optional_text(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

json pulled_at(const std::optional<store::PulledList>& list) {
    return list ? json(list->pulled_at) : json(nullptr);
}

// No personal data: counts, times, record ids (kiosk UUIDs) and codes.
int sync_status(const std::string& config_file, bool as_json) {
    auto config = load_config_reporting(config_file);
    if (!config) {
        return 2;
    }
    auto store = open_sync_store(*config, false);
    if (!store) {
        return 1;
    }
    auto status = store->status();
    auto state = store->sync_state();
    auto refused = store->refused_entries();
    auto ledger = store->last_reconciliation();
    auto teams = store->pulled("teams");
    auto flags = store->pulled("flags");
    if (!status || !state || !refused || !ledger || !teams || !flags) {
        std::cerr << "jiayi: the store could not be read\n";
        return 1;
    }
    if (as_json) {
        json list = json::array();
        for (const auto& e : refused.value()) {
            list.push_back({{"record_type", e.record_type},
                            {"record_id", e.record_id},
                            {"created_at", e.created_at},
                            {"code", e.refusal_code}});
        }
        const auto& s = state.value();
        json out = {{"hub", config->hub.url},
                    {"queued", status->outbox_pending},
                    {"oldest_queued", optional_text(status->oldest_pending_at)},
                    {"acknowledged", status->outbox_acknowledged},
                    {"last_attempt", optional_text(s.last_attempt_at)},
                    {"last_success", optional_text(s.last_success_at)},
                    {"last_error", s.last_error_code.empty()
                                       ? json(nullptr)
                                       : json{{"code", s.last_error_code},
                                              {"message", s.last_error},
                                              {"at", optional_text(s.last_error_at)}}},
                    {"failures_in_a_row", s.failures},
                    {"next_attempt", optional_text(s.next_attempt_at)},
                    {"refused", list},
                    {"teams_last_pulled", pulled_at(teams.value())},
                    {"flags_last_pulled", pulled_at(flags.value())},
                    {"ledger", json(nullptr)}};
        if (const auto& r = ledger.value()) {
            json differences = json::array();
            for (const auto& d : r->differences) {
                differences.push_back(
                    {{"record_id", d.record_id}, {"where", store::code(d.where)}});
            }
            out["ledger"] = {{"day", domain::to_iso(r->day)},
                             {"checked_at", r->checked_at},
                             {"agrees", r->agrees},
                             {"differences", differences}};
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    const auto& s = state.value();
    std::cout << "hub           " << config->hub.url << "\n"
              << "queued        " << status->outbox_pending;
    if (status->oldest_pending_at) {
        std::cout << " (oldest " << *status->oldest_pending_at << ")";
    }
    std::cout << "\nacknowledged  " << status->outbox_acknowledged << "\n"
              << "last success  " << s.last_success_at.value_or("never") << "\n";
    if (!s.last_error_code.empty()) {
        std::cout << "last error    " << s.last_error << "\n"
                  << "              (" << s.last_error_code << " at "
                  << s.last_error_at.value_or("?") << ", " << s.failures
                  << " failed in a row; next attempt " << s.next_attempt_at.value_or("?") << ")\n";
    }
    std::cout << "teams pulled  "
              << (teams.value() ? teams.value()->pulled_at
                                : std::string("never: residents are sent to the desk to sign"))
              << "\n"
              << "flags pulled  "
              << (flags.value() ? flags.value()->pulled_at : std::string("never")) << "\n";
    std::cout << "refused       " << refused->size() << "\n";
    for (const auto& e : refused.value()) {
        std::cout << "  " << e.record_type << " " << e.record_id << "  " << e.refusal_code
                  << "  (recorded " << e.created_at << ")\n";
    }
    if (const auto& r = ledger.value()) {
        std::cout << "ledger        " << domain::to_iso(r->day)
                  << (r->agrees ? " agrees with the hub"
                                : " differs from the hub: " +
                                      std::to_string(r->differences.size()) + " records")
                  << " (checked " << r->checked_at << ")\n";
        for (const auto& d : r->differences) {
            std::cout << "  " << d.record_id << "  " << store::code(d.where) << "\n";
        }
    } else {
        std::cout << "ledger        not compared with the hub yet\n";
    }
    return 0;
}

int sync_now(const std::string& config_file, bool as_json) {
    auto config = load_config_reporting(config_file);
    if (!config) {
        return 2;
    }
    auto store = open_sync_store(*config, true);
    if (!store) {
        return 1;
    }
    const sync::WorkerSettings settings = sync::settings_from(*config);
    sync::HubClient client(settings.endpoint);
    std::mt19937_64 generator{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const sync::PassReport pass = sync::run_pass(
        *store, client, settings.push, settings.pull, settings.backoff, [] { return now(); },
        [&] { return unit(generator); });
    const sync::PushReport& p = pass.push;
    const sync::PullReport& pulled = pass.pull;
    if (as_json) {
        json refusals = json::array();
        for (const auto& r : p.refusals) {
            refusals.push_back(
                {{"record_type", r.record_type}, {"record_id", r.record_id}, {"code", r.code}});
        }
        json out = {
            {"acknowledged", p.acknowledged},
            {"bundles", p.bundles},
            {"refused", refusals},
            {"left_unsent", p.left_unsent},
            {"purged_residents", pass.purged},
            {"error", p.failure ? json{{"code", p.failure->code}, {"message", p.failure->message}}
                                : json(nullptr)},
            {"pull",
             {{"teams", sync::code(pulled.teams)},
              {"team_count", pulled.team_count},
              {"flags", sync::code(pulled.flags)},
              {"flagged_residents", pulled.flagged_residents},
              {"error", pulled.failure ? json{{"code", pulled.failure->code},
                                              {"message", pulled.failure->message}}
                                       : json(nullptr)}}},
            {"next_attempt",
             pass.next_attempt ? json(to_iso8601(*pass.next_attempt)) : json(nullptr)}};
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << "acknowledged " << p.acknowledged << " outbox entries in " << p.bundles
                  << " Bundles\n";
        for (const auto& r : p.refusals) {
            std::cout << "refused by the center: " << r.record_type << " " << r.record_id << " ("
                      << r.code << ")\n";
        }
        if (p.left_unsent > 0) {
            std::cout << p.left_unsent << " entries could not be read from the store; kept\n";
        }
        std::cout << "teams: " << sync::code(pulled.teams);
        if (pulled.teams == sync::Pulled::Changed) {
            std::cout << " (" << pulled.team_count << ")";
        }
        std::cout << "; key-population flags: " << sync::code(pulled.flags) << "\n";
        if (pass.reconcile.days_checked > 0) {
            std::cout << "ledger compared with the hub for " << pass.reconcile.days_checked
                      << " days, " << pass.reconcile.days_differing << " differing\n";
        }
        if (pass.reconcile.failure) {
            std::cout << "ledger not compared: " << *pass.reconcile.failure << "\n";
        }
        if (pass.purged > 0) {
            std::cout << "personal data purged for " << pass.purged
                      << " residents the center has held for " << settings.push.purge_after_days
                      << " days\n";
        }
        if (const sync::SyncFailure* failed = pass.failure()) {
            std::cout << "stopped: " << failed->message << "\n";
            if (pass.next_attempt) {
                std::cout << "the sync tries again from " << to_iso8601(*pass.next_attempt) << "\n";
            }
        }
    }
    return pass.failure() != nullptr ? 1 : 0;
}

}  // namespace

void add_sync_commands(CLI::App& app, Context& context) {
    auto* sync = app.add_subcommand("sync", "the outbox and the hub")->require_subcommand(1);
    auto as_json = std::make_shared<bool>(false);
    auto* status =
        sync->add_subcommand("status", "queued, last success, last error, refused, last pulls");
    status->add_flag("--json", *as_json, "as JSON");
    status->callback(
        [as_json, &context] { context.status = sync_status(context.config_file, *as_json); });
    auto* now_command = sync->add_subcommand(
        "now", "one pass: push to the hub, then pull teams and flags (exit 1 when it failed)");
    now_command->add_flag("--json", *as_json, "as JSON");
    now_command->callback(
        [as_json, &context] { context.status = sync_now(context.config_file, *as_json); });
}

}  // namespace jiayi::cli
