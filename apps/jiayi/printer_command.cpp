// jiayi printer render | test | status | simulate: the receipt printer from
// the command line, through the same drivers the kiosk uses.

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "apps/jiayi/clock.hpp"
#include "apps/jiayi/commands.hpp"
#include "drivers/printer/link.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/render.hpp"
#include "drivers/printer/simulator.hpp"
#include "drivers/printer/test_page.hpp"
#include "kiosk/config/config.hpp"

namespace jiayi::cli {

namespace printer = drivers::printer;
using nlohmann::json;

namespace {

// Which printer, and which model it is.
struct PrinterTarget {
    std::string address;  // as [devices] printer
    std::string profile = "gprinter-80";
    std::filesystem::path profiles;  // the profiles file
};

Result<printer::Profile, std::string> profile_named(const PrinterTarget& target) {
    auto profiles = printer::load_profiles(target.profiles);
    if (!profiles) {
        return fail(profiles.error());
    }
    if (const printer::Profile* p = printer::find_profile(*profiles, target.profile)) {
        return *p;
    }
    std::string known;
    for (const auto& p : *profiles) {
        known += (known.empty() ? "" : ", ") + p.id;
    }
    return fail("no printer profile \"" + target.profile + "\" (have: " + known + ")");
}

Result<std::unique_ptr<printer::Printer>, std::string> connect(const PrinterTarget& target,
                                                               const printer::Profile& profile) {
    if (target.address.empty()) {
        return fail(std::string("no printer: give --printer or set [devices] printer"));
    }
    auto device = printer::open_printer(target.address, profile);
    if (!device) {
        return fail(device.error().message);
    }
    return std::move(device).value();
}

// What every printer command needs: the profile and the typeface; the exit
// status (said on stderr) when one cannot be had.
struct Tools {
    printer::Profile profile;
    std::shared_ptr<const image::Typeface> face;
};

Result<Tools, int> tools_for(const PrinterTarget& target) {
    auto profile = profile_named(target);
    if (!profile) {
        std::cerr << "jiayi: " << profile.error() << "\n";
        return fail(2);
    }
    auto face = image::Typeface::open();
    if (!face) {
        std::cerr << "jiayi: " << face.error() << "\n";
        return fail(1);
    }
    return Tools{std::move(profile).value(), std::move(face).value()};
}

json status_json(const printer::Status& s) {
    const char* paper = s.paper == printer::Paper::Ok        ? "ok"
                        : s.paper == printer::Paper::NearEnd ? "near-end"
                        : s.paper == printer::Paper::Out     ? "out"
                                                             : "unknown";
    return {{"known", s.known},
            {"ready", s.ready()},
            {"paper", paper},
            {"cover_open", s.cover_open},
            {"offline", s.offline},
            {"error", s.error},
            {"says", printer::describe_status(s)}};
}

volatile std::sig_atomic_t g_stop = 0;

int printer_render(const std::string& bytes_file, const std::string& out_png,
                   const PrinterTarget& target) {
    auto tools = tools_for(target);
    if (!tools) {
        return tools.error();
    }
    const printer::Profile* profile = &tools->profile;
    const auto* face = &tools->face;
    std::ifstream in(bytes_file, std::ios::binary);
    if (!in) {
        std::cerr << "jiayi: cannot read " << bytes_file << "\n";
        return 2;
    }
    const printer::Bytes bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    printer::Renderer renderer(profile->dots, profile->font, *face);
    renderer.feed(bytes);
    const auto sheets = renderer.finish();
    const auto png = image::encode_png(printer::stack(sheets));
    std::ofstream out(out_png, std::ios::binary);
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    if (!out) {
        std::cerr << "jiayi: cannot write " << out_png << "\n";
        return 1;
    }
    std::cout << out_png << ": " << sheets.size() << " sheet(s) on " << profile->id << " ("
              << profile->dots << " dots), " << renderer.text_characters() << " characters, "
              << renderer.raster_images() << " raster image(s)\n";
    for (const auto& code : renderer.qr_codes()) {
        std::cout << "QR " << code << "\n";
    }
    for (const auto& problem : renderer.problems()) {
        std::cout << "problem: " << problem << "\n";
    }
    return renderer.problems().empty() ? 0 : 1;
}

int printer_status(const PrinterTarget& target, bool as_json) {
    auto tools = tools_for(target);
    if (!tools) {
        return tools.error();
    }
    const printer::Profile* profile = &tools->profile;
    auto device = connect(target, *profile);
    if (!device) {
        std::cerr << "jiayi: " << device.error() << "\n";
        return 1;
    }
    auto status = (*device)->status();
    if (!status) {
        std::cerr << "jiayi: " << status.error().message << "\n";
        return 1;
    }
    if (as_json) {
        json out = status_json(*status);
        out["printer"] = (*device)->describe();
        out["profile"] = profile->id;
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << (*device)->describe() << " (" << profile->id
                  << "): " << printer::describe_status(*status) << "\n";
    }
    return status->ready() ? 0 : 1;
}

int printer_test(const PrinterTarget& target, bool as_json) {
    auto tools = tools_for(target);
    if (!tools) {
        return tools.error();
    }
    const printer::Profile* profile = &tools->profile;
    const auto* face = &tools->face;
    auto device = connect(target, *profile);
    if (!device) {
        std::cerr << "jiayi: " << device.error() << "\n";
        return 1;
    }
    const Instant t = now();
    const std::int64_t minute_of_day =
        ((t.unix_seconds / 60 + kChinaUtcOffsetMinutes) % 1440 + 1440) % 1440;
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(minute_of_day / 60),
                  static_cast<int>(minute_of_day % 60));
    const std::string when =
        domain::to_iso(domain::local_date(t, kChinaUtcOffsetMinutes)) + " " + clock + " (UTC+8)";
    const printer::JobResult r = (*device)->print(printer::test_page(*profile, **face, when));
    if (as_json) {
        std::cout << json{{"printer", (*device)->describe()},    {"profile", profile->id},
                          {"outcome", printer::code(r.outcome)}, {"before", status_json(r.before)},
                          {"after", status_json(r.after)},       {"detail", r.detail}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << (*device)->describe() << ": test page " << printer::code(r.outcome) << " ("
                  << r.detail << ")\n";
    }
    return r.outcome == printer::Outcome::Printed || r.outcome == printer::Outcome::Unconfirmed ? 0
                                                                                                : 1;
}

int printer_simulate(int port, const std::filesystem::path& out_dir, const PrinterTarget& target) {
    auto tools = tools_for(target);
    if (!tools) {
        return tools.error();
    }
    const printer::Profile* profile = &tools->profile;
    const auto* face = &tools->face;
    std::error_code ignored;
    std::filesystem::create_directories(out_dir, ignored);
    auto sim = printer::PrinterSimulator::create(printer::PrinterSimulator::Port::Tcp,
                                                 profile->dots, profile->font, *face, port);
    if (!sim) {
        std::cerr << "jiayi: " << sim.error() << "\n";
        return 1;
    }
    (*sim)->save_to(out_dir);
    std::cout << "a simulated " << profile->id << " listens on " << (*sim)->address()
              << "; each receipt goes to " << std::filesystem::absolute(out_dir).string()
              << " (Ctrl-C stops)\n"
              << std::flush;
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::size_t seen = 0;
    while (g_stop == 0) {
        (*sim)->wait_for_jobs(seen + 1, std::chrono::milliseconds(200));
        const auto jobs = (*sim)->jobs();
        for (; seen < jobs.size(); ++seen) {
            std::cout << "job-" << seen + 1 << ".png";
            for (const auto& code : jobs[seen].qr_codes) {
                std::cout << "  QR " << code;
            }
            for (const auto& problem : jobs[seen].problems) {
                std::cout << "  problem: " << problem;
            }
            std::cout << "\n" << std::flush;
        }
    }
    return 0;
}

}  // namespace

void add_printer_commands(CLI::App& app, Context& context) {
    struct Options {
        std::string address;
        std::string profile;
        std::string profiles;
        bool as_json = false;
        std::string render_in;
        std::string render_out;
        int port = 9100;
        std::string out = "printed";
    };
    auto o = std::make_shared<Options>();
    // --printer / --profile / --profiles, else the configuration's.
    auto target = [o, &context](bool need_address) -> std::optional<PrinterTarget> {
        PrinterTarget t;
        t.profiles = context.assets / "printers.toml";
        auto loaded = config::load_config(context.config_file);
        if (loaded) {
            t.address = loaded->devices.printer;
            t.profile = loaded->devices.printer_profile;
            if (!loaded->devices.printer_profiles.empty()) {
                t.profiles = loaded->devices.printer_profiles;
            }
        } else if (need_address && o->address.empty()) {
            for (const auto& e : loaded.error()) {
                std::cerr << e.to_string() << "\n";
            }
            return std::nullopt;
        }
        if (!o->address.empty()) {
            t.address = o->address;
        }
        if (!o->profile.empty()) {
            t.profile = o->profile;
        }
        if (!o->profiles.empty()) {
            t.profiles = o->profiles;
        }
        return t;
    };
    auto add_target = [o](CLI::App* command, bool with_address) {
        if (with_address) {
            command->add_option("--printer", o->address,
                                "/dev/usb/lpN, tcp:HOST[:PORT], usb[:VVVV:PPPP] or file:PATH "
                                "(default: config)");
        }
        command->add_option("--profile", o->profile, "the printer's model (default: config)");
        command->add_option("--profiles", o->profiles, "a printer profiles file");
    };
    auto* printer_command =
        app.add_subcommand("printer", "the receipt printer")->require_subcommand(1);

    auto* render = printer_command->add_subcommand("render", "ESC/POS bytes to a PNG, as printed");
    render->add_option("BYTES", o->render_in, "the bytes sent to the printer")->required();
    render->add_option("OUT", o->render_out, "the PNG to write")->required();
    add_target(render, false);
    render->callback([o, target, &context] {
        auto t = target(false);
        context.status = t ? printer_render(o->render_in, o->render_out, *t) : 2;
    });

    auto* test = printer_command->add_subcommand("test", "print a test page");
    add_target(test, true);
    test->add_flag("--json", o->as_json, "print JSON");
    test->callback([o, target, &context] {
        auto t = target(true);
        context.status = t ? printer_test(*t, o->as_json) : 2;
    });

    auto* status = printer_command->add_subcommand("status", "ask the printer how it is");
    add_target(status, true);
    status->add_flag("--json", o->as_json, "print JSON");
    status->callback([o, target, &context] {
        auto t = target(true);
        context.status = t ? printer_status(*t, o->as_json) : 2;
    });

    auto* simulate = printer_command->add_subcommand(
        "simulate", "a simulated network printer that saves receipts as PNG");
    simulate->add_option("--port", o->port, "TCP port on 127.0.0.1")->check(CLI::Range(1, 65535));
    simulate->add_option("--out", o->out, "where the PNGs go");
    add_target(simulate, false);
    simulate->callback([o, target, &context] {
        auto t = target(false);
        context.status = t ? printer_simulate(o->port, o->out, *t) : 2;
    });
}

}  // namespace jiayi::cli
