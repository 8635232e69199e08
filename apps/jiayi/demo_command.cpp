// jiayi demo — a scripted morning at a kiosk without its screen: made-up
// residents (kiosk/demo) sign, decline and sign for a child through the real
// flow on a scratch store. The script (assets/scripts/morning.script, the
// tour's language) says what they do; what the flow decides is printed as
// its views say it, from the string catalogs. No rule or sentence lives here.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "apps/jiayi/view_text.hpp"
#include "kiosk/auth/pin.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/demo/demo.hpp"
#include "kiosk/demo/script_player.hpp"
#include "kiosk/devices/devices.hpp"
#include "kiosk/flow/flow.hpp"
#include "kiosk/flow/script.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::cli {

namespace {

struct DemoOptions {
    std::string dir = "demo-output";
    std::string script;    // empty: the assets' morning
    std::string language;  // empty: the configuration's
};

// The script's text, and its lines as written (for echoing each step).
std::optional<std::string> read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A step as the script wrote it, without its comment.
std::string step_text(const std::vector<std::string>& lines, int line) {
    if (line < 1 || static_cast<std::size_t>(line) > lines.size()) {
        return "";
    }
    std::string text = lines[static_cast<std::size_t>(line - 1)];
    text.resize(std::min(text.find('#'), text.size()));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.pop_back();
    }
    return text;
}

int demo(const Context& context, const DemoOptions& options) {
    auto loaded = load_config_reporting(context.config_file);
    if (!loaded) {
        return 1;
    }
    config::KioskConfig config = std::move(loaded).value();
    if (!options.language.empty()) {
        auto language = text::language_from_code(options.language);
        if (!language) {
            std::cerr << "jiayi: --lang takes zh-CN or en\n";
            return 2;
        }
        config.screen.language = *language;
    }
    // The demo nurse's PIN, as on the kiosk's demo, unless one is configured.
    if (config.staff.members.empty()) {
        config.staff.members.push_back(demo::nurse());
    }

    const std::filesystem::path script_file = options.script.empty()
                                                  ? context.assets / "scripts" / "morning.script"
                                                  : std::filesystem::path(options.script);
    const auto script = read_text(script_file);
    if (!script) {
        std::cerr << "jiayi: cannot read " << script_file.string() << "\n";
        return 2;
    }
    auto steps = flow::parse_script(*script);
    if (!steps) {
        for (const auto& e : steps.error()) {
            std::cerr << script_file.string() << ": " << e << "\n";
        }
        return 2;
    }
    std::vector<std::string> lines;
    std::istringstream split(*script);
    for (std::string l; std::getline(split, l);) {
        lines.push_back(l);
    }
    auto catalog = text::Catalog::load(context.assets / "strings");
    if (!catalog) {
        std::cerr << "jiayi: " << catalog.error() << "\n";
        return 1;
    }

    // A scratch store of the demo's own, kept in --dir for the ledger and db commands.
    const std::filesystem::path dir = options.dir;
    std::filesystem::create_directories(dir);
    config.paths.database = std::filesystem::absolute(dir / "demo.db");
    config.paths.key_file = std::filesystem::absolute(dir / "demo.key");
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(dir / (std::string("demo.db") + suffix));
    }
    if (!std::filesystem::exists(config.paths.key_file)) {
        if (auto made = store::KeyRing::generate(config.paths.key_file); !made) {
            std::cerr << "jiayi: " << made.error().message << "\n";
            return 1;
        }
    }
    const Instant start = now();
    const domain::Date today = domain::local_date(start, config.kiosk.utc_offset_minutes);
    auto opened = store::Store::open(config.paths.database,
                                     store::KeyRing::load(config.paths.key_file).value(), start);
    if (!opened) {
        std::cerr << "jiayi: " << opened.error().message << "\n";
        return 1;
    }
    store::Store& store = *opened.value();
    (void)store.cache_teams(demo::teams(), start);

    flow::Flow flow(config, store);
    demo::ScriptPlayer player(flow, start, config.kiosk.utc_offset_minutes, devices::scanned_code);
    std::cout << "jiayi demo — kiosk " << config.kiosk.id << ", " << domain::to_iso(today)
              << ", made-up residents only; " << script_file.filename().string() << "\n";
    std::vector<std::string> shown = view_text(flow.view(), *catalog);
    for (const auto& l : shown) {
        std::cout << l << "\n";
    }
    // Each step as written; the screen again whenever what it says changes.
    for (const auto& step : *steps) {
        std::cout << "> " << step_text(lines, step.line) << "\n";
        if (auto played = player.play(step); !played) {
            std::cerr << script_file.string() << ": " << played.error() << "\n";
            return 2;
        }
        auto now_shown = view_text(flow.view(), *catalog);
        if (now_shown != shown) {
            shown = std::move(now_shown);
            for (const auto& l : shown) {
                std::cout << l << "\n";
            }
        }
    }

    // What the store kept of the morning.
    auto status = store.status().value();
    auto rows =
        store
            .ledger(domain::start_of(today, config.kiosk.utc_offset_minutes),
                    domain::start_of(domain::add_days(today, 1), config.kiosk.utc_offset_minutes))
            .value();
    std::cout << "\nIn the store: contracts " << status.contracts << ", informed notices "
              << status.opt_outs << "; " << status.outbox_pending
              << " records wait in the outbox for the district's hub.\n"
              << "Today's ledger has " << rows.size() << " rows.\n"
              << "Store: " << config.paths.database.string() << " (personal fields sealed; key "
              << config.paths.key_file.string() << ")\n";
    return 0;
}

}  // namespace

void add_demo_commands(CLI::App& app, Context& context) {
    auto o = std::make_shared<DemoOptions>();
    auto* command = app.add_subcommand(
        "demo", "a scripted morning at the kiosk, through the real flow (made-up residents)");
    command->add_option("--dir", o->dir, "where to write the demo store (default ./demo-output)");
    command->add_option("--script", o->script,
                        "a script in the tour's language (default assets/scripts/morning.script)");
    command->add_option("--lang", o->language, "zh-CN or en (default: the configuration's)");
    command->callback([o, &context] { context.status = demo(context, *o); });
}

}  // namespace jiayi::cli
