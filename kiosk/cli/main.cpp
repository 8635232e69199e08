// jiayi — the command-line tool for staff and IT (DESIGN.md, "Programs").

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "kiosk/cli/clock.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/config/config.hpp"
#include "kiosk/domain/date.hpp"

namespace {

std::string default_config() {
    const char* env = std::getenv("JIAYI_CONFIG");
    return env && *env ? env : "/etc/jiayi/kiosk.toml";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace jiayi;
    CLI::App app{"jiayi: family-doctor signing kiosk — tools for staff and IT"};
    app.require_subcommand(1);
    int status = 0;
    std::string config_file = default_config();
    app.add_option("-c,--config", config_file,
                   "kiosk configuration (default $JIAYI_CONFIG or "
                   "/etc/jiayi/kiosk.toml)");

    auto* id = app.add_subcommand("id", "identity documents")->require_subcommand(1);
    auto* id_check = id->add_subcommand("check", "check ID numbers: kind, validity, birth, age");
    std::vector<std::string> numbers;
    bool json = false;
    std::string today_text;
    id_check->add_option("NUMBER", numbers, "numbers to check")->required();
    id_check->add_flag("--json", json, "print JSON");
    id_check->add_option("--today", today_text, "the day ages are counted on (YYYY-MM-DD)");
    id_check->callback([&] {
        domain::Date today = cli::local_date(cli::now(), cli::kChinaUtcOffsetMinutes);
        if (!today_text.empty()) {
            auto parsed = domain::parse_iso_date(today_text);
            if (!parsed) {
                throw CLI::ValidationError("--today", "not a date: " + today_text);
            }
            today = *parsed;
        }
        status = cli::id_check(numbers, json, today);
    });

    auto* idcard = app.add_subcommand("idcard", "the ID card reader")->require_subcommand(1);
    auto* idcard_decode =
        idcard->add_subcommand("decode", "take a reader's reply frame apart (hex or raw)");
    std::string frame_file;
    bool frame_json = false;
    idcard_decode->add_option("FILE", frame_file, "the frame: hex text or raw bytes")->required();
    idcard_decode->add_flag("--json", frame_json, "print JSON");
    idcard_decode->callback(
        [&] { status = cli::idcard_decode(frame_file, frame_json, domain::MaskRules{}); });

    auto* idcard_read = idcard->add_subcommand("read", "one card from the configured reader");
    std::string read_device;
    int read_baud = -1;
    int read_timeout = 10;
    bool read_json = false;
    idcard_read->add_option(
        "--device", read_device,
        "the reader: a serial device, \"usb\" or \"usb:VVVV:PPPP\" (default: config)");
    idcard_read->add_option("--baud", read_baud, "its speed; 0 probes (default: config)");
    idcard_read->add_option("--timeout", read_timeout, "seconds to wait for a card")
        ->check(CLI::Range(1, 600));
    idcard_read->add_flag("--json", read_json, "print JSON");
    idcard_read->callback([&] {
        std::string device = read_device;
        int baud = read_baud < 0 ? 0 : read_baud;
        std::string pipes = "probe";
        domain::MaskRules mask;
        // The configuration names the reader when --device does not.
        if (device.empty()) {
            auto loaded = config::load_config(config_file);
            if (!loaded) {
                for (const auto& e : loaded.error()) {
                    std::cerr << e.to_string() << "\n";
                }
                status = 1;
                return;
            }
            if (device.empty()) {
                device = loaded->devices.idcard_reader;
            }
            if (read_baud < 0) {
                baud = loaded->devices.idcard_baud;
            }
            pipes = loaded->devices.idcard_usb_pipes;
            mask = loaded->rules.mask;
        }
        if (device.empty()) {
            std::cerr << "jiayi: no reader: give --device or set [devices] idcard_reader\n";
            status = 2;
            return;
        }
        status = cli::idcard_read(device, baud, pipes, read_timeout, read_json, mask);
    });

    auto* qr = app.add_subcommand("qr", "QR codes")->require_subcommand(1);
    auto* qr_decode = qr->add_subcommand("decode", "each image's codes and what each is to us");
    std::vector<std::string> qr_images;
    qr_decode->add_option("IMAGE", qr_images, "image files (PNG, JPEG, …)")->required();
    qr_decode->callback([&] { status = cli::qr_decode(qr_images); });

    auto* printer = app.add_subcommand("printer", "the receipt printer")->require_subcommand(1);
    cli::PrinterTarget printer_target;
    printer_target.profiles = std::filesystem::path(JIAYI_ASSETS_DIR) / "printers.toml";
    bool printer_json = false;
    std::string printer_address;
    std::string printer_profile;
    std::string printer_profiles;
    // --printer / --profile / --profiles, else the configuration's.
    auto target = [&](bool need_address) -> std::optional<cli::PrinterTarget> {
        cli::PrinterTarget t = printer_target;
        auto loaded = config::load_config(config_file);
        if (loaded) {
            t.address = loaded->devices.printer;
            t.profile = loaded->devices.printer_profile;
            if (!loaded->devices.printer_profiles.empty()) {
                t.profiles = loaded->devices.printer_profiles;
            }
        } else if (need_address && printer_address.empty()) {
            for (const auto& e : loaded.error()) {
                std::cerr << e.to_string() << "\n";
            }
            return std::nullopt;
        }
        if (!printer_address.empty()) {
            t.address = printer_address;
        }
        if (!printer_profile.empty()) {
            t.profile = printer_profile;
        }
        if (!printer_profiles.empty()) {
            t.profiles = printer_profiles;
        }
        return t;
    };
    auto add_target = [&](CLI::App* command, bool with_address) {
        if (with_address) {
            command->add_option("--printer", printer_address,
                                "/dev/usb/lpN, tcp:HOST[:PORT], usb[:VVVV:PPPP] or file:PATH "
                                "(default: config)");
        }
        command->add_option("--profile", printer_profile, "the printer's model (default: config)");
        command->add_option("--profiles", printer_profiles, "a printer profiles file");
    };
    auto* printer_render = printer->add_subcommand("render", "ESC/POS bytes to a PNG, as printed");
    std::string render_in;
    std::string render_out;
    printer_render->add_option("BYTES", render_in, "the bytes sent to the printer")->required();
    printer_render->add_option("OUT", render_out, "the PNG to write")->required();
    add_target(printer_render, false);
    printer_render->callback([&] {
        if (auto t = target(false)) {
            status = cli::printer_render(render_in, render_out, *t);
        } else {
            status = 2;
        }
    });
    auto* printer_test = printer->add_subcommand("test", "print a test page");
    add_target(printer_test, true);
    printer_test->add_flag("--json", printer_json, "print JSON");
    printer_test->callback([&] {
        auto t = target(true);
        status = t ? cli::printer_test(*t, printer_json) : 2;
    });
    auto* printer_status = printer->add_subcommand("status", "ask the printer how it is");
    add_target(printer_status, true);
    printer_status->add_flag("--json", printer_json, "print JSON");
    printer_status->callback([&] {
        auto t = target(true);
        status = t ? cli::printer_status(*t, printer_json) : 2;
    });
    auto* printer_simulate = printer->add_subcommand(
        "simulate", "a simulated network printer that saves receipts as PNG");
    int simulate_port = 9100;
    std::string simulate_out = "printed";
    printer_simulate->add_option("--port", simulate_port, "TCP port on 127.0.0.1")
        ->check(CLI::Range(1, 65535));
    printer_simulate->add_option("--out", simulate_out, "where the PNGs go");
    add_target(printer_simulate, false);
    printer_simulate->callback([&] {
        auto t = target(false);
        status = t ? cli::printer_simulate(simulate_port, simulate_out, *t) : 2;
    });

    auto* devices =
        app.add_subcommand("devices", "what is attached, and the configured devices' state");
    bool devices_json = false;
    devices->add_flag("--json", devices_json, "print JSON");
    devices->callback(
        [&] { status = cli::devices(config_file, printer_target.profiles, devices_json); });

    auto* config = app.add_subcommand("config", "configuration")->require_subcommand(1);
    auto* config_check = config->add_subcommand("check", "check a configuration file");
    std::string check_file;
    config_check->add_option("FILE", check_file, "the file")->required();
    config_check->callback([&] { status = cli::config_check(check_file); });

    auto* db = app.add_subcommand("db", "the local store")->require_subcommand(1);
    db->add_subcommand("status", "schema, counts and what waits to sync")->callback([&] {
        status = cli::db_status(config_file);
    });
    db->add_subcommand("migrate", "create the store or bring its schema up to date")->callback([&] {
        status = cli::db_migrate(config_file);
    });

    auto* ledger = app.add_subcommand("ledger", "the daily ledger (台账)")->require_subcommand(1);
    auto* ledger_export = ledger->add_subcommand("export", "a day's records as CSV");
    std::string date_text;
    bool unmasked = false;
    std::string out_file;
    ledger_export->add_option("--date", date_text, "the day (YYYY-MM-DD)")->required();
    ledger_export->add_flag("--unmasked", unmasked,
                            "full names and numbers (asks for the admin PIN; audit-logged)");
    ledger_export->add_option("-o,--out", out_file, "write to FILE instead of standard output");
    ledger_export->callback([&] {
        auto date = domain::parse_iso_date(date_text);
        if (!date) {
            throw CLI::ValidationError("--date", "not a date: " + date_text);
        }
        status = cli::ledger_export(
            config_file, *date, unmasked,
            out_file.empty() ? std::nullopt : std::optional<std::filesystem::path>(out_file));
    });

    auto* ledger_digest = ledger->add_subcommand(
        "digest", "a day's counts and record hash, to reconcile with the center");
    std::string digest_date;
    ledger_digest->add_option("--date", digest_date, "the day (YYYY-MM-DD)")->required();
    ledger_digest->callback([&] {
        auto date = domain::parse_iso_date(digest_date);
        if (!date) {
            throw CLI::ValidationError("--date", "not a date: " + digest_date);
        }
        status = cli::ledger_digest(config_file, *date);
    });

    auto* key =
        app.add_subcommand("key", "the key for personal data at rest")->require_subcommand(1);
    auto* key_generate = key->add_subcommand("generate", "write a new key file (mode 0600)");
    std::string key_file;
    key_generate->add_option("FILE", key_file, "where to write it")->required();
    key_generate->callback([&] { status = cli::key_generate(key_file); });

    auto* pin = app.add_subcommand("pin", "staff PINs")->require_subcommand(1);
    pin->add_subcommand("hash",
                        "read a PIN (6 to 12 digits) on standard input, print its Argon2id hash")
        ->callback([&] { status = cli::pin_hash(); });

    auto* demo = app.add_subcommand("demo", "a scripted morning at the kiosk (made-up residents)");
    std::string demo_dir = "demo-output";
    demo->add_option("--dir", demo_dir, "where to write the demo store (default ./demo-output)");
    demo->callback([&] { status = cli::demo(config_file, demo_dir); });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return status;
}
